"""The device diff (device.ops.compare) retries one timeout (read-only), never a login failure, and always discards."""

from __future__ import annotations

import pytest
from netmiko import NetmikoAuthenticationException
from scp import SCPException

from bluewire.device.ops import compare


class Device:
    """Records what the diff does; fails its first loads with the given exceptions."""

    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.calls: list[str] = []

    def load_replace_candidate(self, config: str) -> None:
        self.calls.append("load")
        if self.failures:
            raise self.failures.pop(0)

    def compare_config(self) -> str:
        self.calls.append("compare")
        return "+hostname new"

    def discard_config(self) -> None:
        self.calls.append("discard")


def test_a_timeout_is_retried_once_after_discarding() -> None:
    device, waits = Device(SCPException("Timeout waiting for scp response")), []
    assert compare(device, "cfg", True, sleep=waits.append) == "+hostname new"
    assert device.calls == ["load", "discard", "load", "compare", "discard"]
    assert len(waits) == 1


def test_a_second_timeout_is_the_hosts_error() -> None:
    device = Device(SCPException("Timeout"), SCPException("Timeout"))
    with pytest.raises(SCPException):
        compare(device, "cfg", True, sleep=lambda _: None)
    assert device.calls.count("discard") == 2


def test_an_authentication_failure_is_not_retried() -> None:
    device = Device(NetmikoAuthenticationException("Authentication failed."))
    with pytest.raises(NetmikoAuthenticationException):
        compare(device, "cfg", True, sleep=lambda _: pytest.fail("retried"))
    assert device.calls == ["load", "discard"]
