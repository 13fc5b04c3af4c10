"""Nornir task: plan one host (fetch running, ask the device for its diff, build the HostPlan)."""

from __future__ import annotations

from nornir.core.task import Result, Task

from bluewire.plan.build import candidate_for, plan_configs
from bluewire.plan.risk import RiskRules
from bluewire.secrets import RenderedConfig, SecretStore
from bluewire.tasks.fetch import device_diff, fetch_running


def plan_host(
    task: Task, intended: dict[str, RenderedConfig], store: SecretStore, rules: RiskRules
) -> Result:
    """Read-only: the device is left as it was (the candidate is discarded).

    `result` is a PlannedHost (the HostPlan and the parsed configs, which compliance deltas
    reuse); `diff` and `changed` are the plan's, as nornir_napalm's tasks report them.
    """
    platform = task.host.platform or ""
    golden = intended[task.host.name]
    mode = str(task.host.data.get("push_mode") or "replace")
    running = task.run(task=fetch_running).result
    candidate = candidate_for(mode, golden, running, platform)
    native = ""
    if candidate:
        derived = None if candidate is golden else candidate
        native = task.run(
            task=device_diff,
            candidate=store.substitute(golden, derived),
            replace=mode == "replace",
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
