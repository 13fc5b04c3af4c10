"""Nornir tasks that read from devices: the running config, and the device's own diff."""

from __future__ import annotations

from nornir.core.task import Result, Task


def fetch_running(task: Task) -> Result:
    """The device's running config as NAPALM returns it (unsanitized: sanitize before storing)."""
    device = task.host.get_connection("napalm", task.nornir.config)
    config = device.get_config(retrieve="running")["running"]
    return Result(host=task.host, result=config)


def device_diff(task: Task, candidate: str, replace: bool = True) -> Result:
    """What the device itself says would change, leaving it untouched (load, compare, discard)."""
    device = task.host.get_connection("napalm", task.nornir.config)
    try:
        if replace:
            device.load_replace_candidate(config=candidate)
        else:
            device.load_merge_candidate(config=candidate)
        diff = device.compare_config()
    finally:
        device.discard_config()
    return Result(host=task.host, result=diff)
