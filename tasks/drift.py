"""Nornir tasks: read what a drift run needs from one device (running config, OS version).

Read-only. The running config comes through the same `fetch_running` task plan uses, as the
driver gives it: the run sanitizes it once, then hashes, diffs and backs up that text.
"""

from __future__ import annotations

from dataclasses import dataclass

from nornir.core.task import Result, Task

from bluewire.device import ops
from bluewire.tasks.fetch import fetch_running


@dataclass(frozen=True)
class DeviceReading:
    running: str  # unsanitized: redact before storing or showing
    os_version: str


def fetch_os_version(task: Task) -> Result:
    """The OS version from NAPALM's get_facts (a read; retried once if it times out)."""
    device = task.host.get_connection("napalm", task.nornir.config)
    return Result(host=task.host, result=ops.read_only(lambda: ops.get_os_version(device)))


def read_device(task: Task) -> Result:
    running = task.run(task=fetch_running).result
    version = task.run(task=fetch_os_version).result
    return Result(host=task.host, result=DeviceReading(running, version))
