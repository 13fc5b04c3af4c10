"""Nornir task: plan one host (fetch running, ask the device for its diff, build the HostPlan)."""

from __future__ import annotations

from nornir.core.task import Result, Task

from bluewire import diff, sanitize
from bluewire.plan.build import build_host_plan, redact
from bluewire.plan.risk import RiskRules
from bluewire.secrets import SecretStore
from bluewire.tasks.fetch import device_diff, fetch_running


def plan_host(task: Task, intended: dict[str, str], store: SecretStore, rules: RiskRules) -> Result:
    """Read-only: the device is left as it was (the candidate is discarded).

    The result is (HostPlan, sanitized running config); the running text feeds compliance deltas.
    """
    platform = task.host.platform or ""
    golden = intended[task.host.name]
    mode = str(task.host.data.get("push_mode") or "replace")
    running = task.run(task=fetch_running).result
    if mode == "merge":
        commands = diff.remediation(sanitize.sanitize(running, platform), golden, platform)
        candidate = "\n".join(commands) + "\n" if commands else ""
    else:
        candidate = golden
    native = ""
    if candidate:
        replace = mode == "replace"
        native = task.run(
            task=device_diff, candidate=store.substitute(candidate), replace=replace
        ).result
    secrets = store.known_values()
    plan = build_host_plan(
        platform, golden, running, native, mode=mode, rules=rules, secret_values=secrets
    )
    return Result(host=task.host, result=(plan, redact(running, platform, secrets)))
