"""Nornir task: plan one host (fetch running, ask the device for its diff, build the HostPlan)."""

from __future__ import annotations

import threading

from nornir.core.task import Result, Task

from bluewire.device.ops import Interrupted
from bluewire.plan.build import candidate_for, plan_configs
from bluewire.plan.risk import RiskRules
from bluewire.secrets import RenderedConfig, SecretStore
from bluewire.tasks.fetch import device_diff, fetch_running


def plan_host(
    task: Task,
    intended: dict[str, RenderedConfig],
    rules: RiskRules,
    store: SecretStore | None = None,
    cancel: threading.Event | None = None,
) -> Result:
    """Read-only: the device is left as it was.

    Without a `store` (the default, and every merge-request pipeline) the device is only read
    (`get_config`): no candidate, no push secret. With one (`plan --device-diff`) the candidate,
    secrets filled in, is loaded to get the device's own diff and discarded on every path.

    `result` is a PlannedHost (the HostPlan and the parsed configs, which compliance deltas
    reuse); `diff` and `changed` are the plan's, as nornir_napalm's tasks report them.
    """
    if cancel is not None and cancel.is_set():
        raise Interrupted("interrupted before this host was planned")
    platform = task.host.platform or ""
    golden = intended[task.host.name]
    mode = str(task.host.data.get("push_mode") or "replace")
    running = task.run(task=fetch_running).result
    candidate = candidate_for(mode, golden, running, platform) if store is not None else ""
    native = ""
    if candidate and store is not None:
        derived = None if candidate is golden else candidate
        native = task.run(
            task=device_diff,
            candidate=store.substitute(golden, derived),
            replace=mode == "replace",
            cancel=cancel,
        ).result
    planned = plan_configs(
        platform,
        golden,
        running,
        native,
        mode=mode,
        rules=rules.for_host(task.host.name),
    )
    plan = planned.plan
    return Result(host=task.host, result=planned, diff=plan.diff, changed=plan.changed)
