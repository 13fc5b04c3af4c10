"""Nornir tasks that read from devices: the running config, and the device's own diff."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from nornir.core.task import Result, Task

from bluewire.device_errors import is_transient

RETRY_DELAY_S = 2.0


def fetch_running(task: Task) -> Result:
    """The device's running config as NAPALM returns it (unsanitized: sanitize before storing)."""
    device = task.host.get_connection("napalm", task.nornir.config)
    config = device.get_config(retrieve="running")["running"]
    return Result(host=task.host, result=config)


def device_diff(task: Task, candidate: str, replace: bool = True) -> Result:
    """What the device itself says would change, leaving it untouched (load, compare, discard)."""
    device = task.host.get_connection("napalm", task.nornir.config)
    return Result(host=task.host, result=compare_with_retry(device, candidate, replace))


def compare_with_retry(
    device: Any, candidate: str, replace: bool, sleep: Callable[[float], None] = time.sleep
) -> str:
    """Load, compare, discard on a napalm NetworkDriver.

    Read-only, so a timeout (a slow SCP ack, a busy control plane) is retried once; an
    authentication failure is not, since retries count towards the device's login block.
    """
    try:
        return _compare(device, candidate, replace)
    except Exception as exc:
        if not is_transient(exc):
            raise
    sleep(RETRY_DELAY_S)
    return _compare(device, candidate, replace)


def _compare(device: Any, candidate: str, replace: bool) -> str:
    try:
        if replace:
            device.load_replace_candidate(config=candidate)
        else:
            device.load_merge_candidate(config=candidate)
        return str(device.compare_config())
    finally:
        device.discard_config()
