"""Nornir tasks that read from devices: the running config, and the device's own diff.

Thin wrappers over `bluewire.device.ops`, shaped like nornir_napalm's tasks (`diff=`, `changed=`).
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from nornir.core.task import Result, Task

from bluewire.device import ops


def fetch_running(task: Task, connection: str = "napalm") -> Result:
    """The device's running config as NAPALM returns it (unsanitized: sanitize before storing).

    `connection`: apply's post-checks read through a second session (device.connect.FRESH).
    """
    device = task.host.get_connection(connection, task.nornir.config)
    return Result(host=task.host, result=ops.get_running(device))


def device_diff(
    task: Task, candidate: str, replace: bool = True, cancel: threading.Event | None = None
) -> Result:
    """What the device itself says would change, leaving it untouched (load, compare, discard).

    As nornir_napalm's `napalm_configure(dry_run=True)`: `changed` when the device reports a diff.
    The candidate is discarded and its file removed on every path, on a new session if needed.
    """
    device = task.host.get_connection("napalm", task.nornir.config)
    cancelled = cancel.is_set if cancel is not None else (lambda: False)
    native = ops.compare(
        device, candidate, replace, cancelled=cancelled, reopen=lambda: _reopen(task)
    )
    return Result(host=task.host, result=native, diff=native, changed=bool(native.strip()))


def _reopen(task: Task) -> Any:
    """A new NAPALM session to the host (the old one died with a candidate loaded)."""
    with contextlib.suppress(Exception):
        task.host.close_connection("napalm")
    return task.host.get_connection("napalm", task.nornir.config)
