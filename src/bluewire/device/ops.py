"""Operations on one NAPALM `NetworkDriver`, under one retry and timeout policy.

A read-only operation run through `read_only` (today: the device diff) retries a transient
failure (a slow SCP ack, a busy control plane) once; an authentication failure never, since each retry counts towards the device's login
block. Operations that change a device (commit with a revert timer, confirm, rollback, discard,
lock: added by apply, next to these) are never retried blindly: a commit that timed out may still
have happened.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from bluewire.device.errors import is_transient

T = TypeVar("T")
Sleep = Callable[[float], None]


@dataclass(frozen=True)
class Policy:
    timeout_s: int = 30  # NAPALM's `timeout` for every session bluewire opens
    read_attempts: int = 2  # a read-only operation: the first try and one retry
    retry_delay_s: float = 2.0


POLICY = Policy()


def read_only(operation: Callable[[], T], sleep: Sleep = time.sleep, policy: Policy = POLICY) -> T:
    """Run a read-only `operation`, retrying transient failures as the policy allows."""
    for _ in range(policy.read_attempts - 1):
        try:
            return operation()
        except Exception as exc:
            if not is_transient(exc):
                raise
        sleep(policy.retry_delay_s)
    return operation()


def get_running(device: Any) -> str:
    """The running config as the driver returns it (unsanitized: sanitize before storing)."""
    return str(device.get_config(retrieve="running")["running"])


def get_os_version(device: Any) -> str:
    """The OS version string NAPALM's `get_facts` reports (drivers differ in how much they say)."""
    return str(device.get_facts().get("os_version") or "")


def compare(device: Any, candidate: str, replace: bool, sleep: Sleep = time.sleep) -> str:
    """The device's own diff for `candidate`, the device left untouched (load, compare, discard)."""
    return read_only(lambda: _compare_once(device, candidate, replace), sleep)


def _compare_once(device: Any, candidate: str, replace: bool) -> str:
    try:
        if replace:
            device.load_replace_candidate(config=candidate)
        else:
            device.load_merge_candidate(config=candidate)
        return str(device.compare_config())
    finally:
        device.discard_config()
