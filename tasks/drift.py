"""Nornir tasks: read what a drift run needs from one device (running config, OS version).

Read-only. The running config comes through the same `fetch_running` task plan uses, as the
driver gives it: the run sanitizes it once, then hashes, diffs and backs up that text. A
transient failure (a session that times out, a busy control plane) is retried once, connection
included, under the device policy (device.ops.read_only); a refused login never is.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from nornir.core.task import Result, Task

from bluewire.device import ops
from bluewire.tasks.fetch import fetch_running


@dataclass(frozen=True)
class DeviceReading:
    running: str  # unsanitized: redact before storing or showing
    os_version: str


def fetch_os_version(task: Task, running: str = "") -> Result:
    """The OS version get_facts would report, read with one command where the platform allows
    (or from `running`, the config just read, where it says: OS10)."""
    device = task.host.get_connection("napalm", task.nornir.config)
    version = ops.get_os_version(device, task.host.platform or "", running)
    return Result(host=task.host, result=version)


def read_device(task: Task) -> Result:
    # the tasks are called as functions, not task.run: a retried failure must not stay on record
    def read() -> DeviceReading:
        try:
            running = fetch_running(task).result
            return DeviceReading(running, fetch_os_version(task, running).result)
        except Exception:
            with contextlib.suppress(Exception):  # a retry starts from a fresh session
                task.host.close_connection("napalm")
            raise

    return Result(host=task.host, result=ops.read_only(read))
