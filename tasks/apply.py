"""Nornir tasks that change a device: thin wrappers over `bluewire.device.change`.

Shaped like nornir_napalm's `napalm_configure`, `napalm_confirm_commit` and `napalm_rollback`
(`Result(changed=..., diff=...)`), so a user's own Nornir script can reuse them; apply's run
sequences them per host (`bluewire.runs.apply_host`).
"""

from __future__ import annotations

from typing import Any

from nornir.core.task import Result, Task

from bluewire.device import change
from bluewire.device.connect import FRESH


def _device(task: Task, connection: str = "napalm") -> Any:
    return task.host.get_connection(connection, task.nornir.config)


def stage_candidate(task: Task, candidate: str, replace: bool, label: str) -> Result:
    """Load the candidate and return the device's own diff; the candidate stays loaded."""
    native = change.stage(_device(task), task.host.platform or "", candidate, replace, label)
    return Result(host=task.host, result=native, diff=native, changed=False)


def commit_with_revert(task: Task, revert_in_s: int, label: str) -> Result:
    """Commit the loaded candidate; the device reverts it unless confirmed in `revert_in_s`."""
    change.commit(_device(task), task.host.platform or "", revert_in_s, label)
    return Result(host=task.host, changed=True)


def confirm(task: Task) -> Result:
    change.confirm(_device(task))
    return Result(host=task.host, changed=True)


def rollback(task: Task) -> Result:
    change.rollback(_device(task))
    return Result(host=task.host, changed=True)


def discard(task: Task) -> Result:
    change.discard(_device(task))
    return Result(host=task.host)


def health(task: Task, fresh: bool = False, bgp: bool = True) -> Result:
    """(get_interfaces, get_bgp_neighbors), on a fresh session when `fresh`; BGP neighbours
    only when `bgp` (else none)."""
    device = _device(task, FRESH if fresh else "napalm")
    return Result(host=task.host, result=change.health(device, bgp))


def pending_commit(task: Task, fresh: bool = True) -> Result:
    """Whether the device has a commit waiting for confirmation (on a fresh session by default:
    the one that committed may be gone)."""
    return Result(
        host=task.host, result=change.pending(_device(task, FRESH if fresh else "napalm"))
    )


def remove_candidate(task: Task, fresh: bool = False) -> Result:
    """Delete the uploaded candidate files (IOS flash:), which hold the secrets' values."""
    change.remove_candidate(_device(task, FRESH if fresh else "napalm"))
    return Result(host=task.host)
