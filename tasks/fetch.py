"""Nornir tasks that read from devices: the running config, and the device's own diff.

Thin wrappers over `bluewire.device.ops`, shaped like nornir_napalm's tasks (`diff=`, `changed=`).
"""

from __future__ import annotations

from nornir.core.task import Result, Task

from bluewire.device import ops


def fetch_running(task: Task) -> Result:
    """The device's running config as NAPALM returns it (unsanitized: sanitize before storing)."""
    device = task.host.get_connection("napalm", task.nornir.config)
    return Result(host=task.host, result=ops.get_running(device))


def device_diff(task: Task, candidate: str, replace: bool = True) -> Result:
    """What the device itself says would change, leaving it untouched (load, compare, discard).

    As nornir_napalm's `napalm_configure(dry_run=True)`: `changed` when the device reports a diff.
    """
    device = task.host.get_connection("napalm", task.nornir.config)
    native = ops.compare(device, candidate, replace)
    return Result(host=task.host, result=native, diff=native, changed=bool(native.strip()))
