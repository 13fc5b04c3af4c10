"""Settle the hosts left to their device's revert timer: wait, then verify the old config is back.

A host whose commit or confirm outcome is uncertain (the session died, the rollback failed) is
not touched again: its device reverts by itself when the timer runs out (an OS10 switch by
reloading, so it is unreachable for a while). This task polls on fresh sessions until the running
config is the one from before the change and no commit is pending, or gives up after the timer
plus a grace period and reports the host UNKNOWN, to be looked at now.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from nornir.core.task import Result, Task

from bluewire import diff
from bluewire.apply.result import HostResult, Outcome
from bluewire.device.connect import FRESH, close_quietly
from bluewire.plan.build import redact
from bluewire.plan.model import sha256
from bluewire.tasks import apply as steps
from bluewire.tasks.fetch import fetch_running

Clock = Callable[[], float]


def settle_host(
    task: Task,
    previous: Mapping[str, HostResult],
    before: Mapping[str, str],
    wait_s: float,
    poll_s: float = 2.0,
    clock: Clock = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Result:
    """`result`: the host's HostResult, ROLLED_BACK once verified, else UNKNOWN."""
    name = task.host.name
    old = previous[name]
    deadline = clock() + wait_s
    while True:
        back = _back_on(task, before[name])
        if back is not None:
            text = f"{old.message}; the device's revert timer restored its old config (verified)"
            update = {"outcome": Outcome.ROLLED_BACK, "message": text, "running_after": back}
            return Result(host=task.host, result=old.model_copy(update=update))
        if clock() >= deadline:
            break
        sleep(poll_s)
    text = f"{old.message}; NOT verified back on its old config {wait_s:.0f} s later: check it now"
    return Result(
        host=task.host, result=old.model_copy(update={"outcome": Outcome.UNKNOWN, "message": text})
    )


def _back_on(task: Task, before: str) -> str | None:
    """The running config's hash when it is the old one and nothing is pending; else None."""
    platform = task.host.platform or ""
    try:
        raw = task.run(task=fetch_running, connection=FRESH).result
        waiting = task.run(task=steps.pending_commit).result
    except Exception:
        return None  # not reachable yet (an OS10 switch reloading), or the session failed
    finally:
        close_quietly(task.host, FRESH)
    now = redact(raw, platform)
    if waiting or (now != before and diff.remediation(now, before, platform)):
        return None
    return sha256(now)
