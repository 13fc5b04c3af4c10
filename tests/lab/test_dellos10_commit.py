"""bluewire's OS10 driver: commit with a revert timer, confirm and rollback, through the real
driver over SSH against the lab switch (the NAPALM semantics apply relies on)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from napalm.base.exceptions import CommitConfirmException

from bluewire.lab.device import Device
from bluewire.lab.platforms.dellos10 import front as os10
from tests.lab.test_dellos10 import BASE, make_device, open_driver


@pytest.fixture
def lab() -> Iterator[tuple[Device, int]]:
    dev = make_device()
    front = os10.serve(dev)
    yield dev, front.port
    dev.cancel_pending()
    front.stop()


def sent(device: Device) -> list[str]:
    """The CLI commands the switch received, in order."""
    return [entry.text for entry in device.wire if entry.kind == "cmd"]


def _load_nothing(driver: Any) -> None:
    """commit_config without any load."""


def _merge_present_line(driver: Any) -> None:
    driver.load_merge_candidate(config="ntp server 10.250.0.11\n")


def _replace_with_running(driver: Any) -> None:
    driver.load_replace_candidate(config=BASE)


@pytest.mark.lab
@pytest.mark.parametrize("load", [_load_nothing, _merge_present_line, _replace_with_running])
def test_a_commit_that_changes_nothing_arms_no_reload(lab: tuple[Device, int], load: Any) -> None:
    """Issue 17: a no-op commit with revert_in scheduled `reload in N` that nothing could confirm,
    and the switch rebooted. Now nothing is armed, nothing is pending, confirm has nothing to do."""
    device, port = lab
    before, startup = device.running, device.startup
    driver = open_driver(device, port)
    try:
        load(driver)
        driver.commit_config(revert_in=60)
        assert device.pending is None
        assert not any(cmd.startswith("reload") for cmd in sent(device))
        assert not driver.has_pending_commit()
        with pytest.raises(CommitConfirmException):
            driver.confirm_commit()
        assert device.lock_owner is None  # the candidate was let go
        driver.load_merge_candidate(config="ntp server 10.9.9.9\n")  # and the next load works
        driver.commit_config()
    finally:
        driver.close()
    assert "ntp server 10.9.9.9" in device.running
    assert device.running.replace("ntp server 10.9.9.9\n", "") == before
    assert startup != device.startup  # the real commit saved, the no-op did not need to


@pytest.mark.lab
def test_a_commit_that_changes_something_still_arms_the_reload(lab: tuple[Device, int]) -> None:
    device, port = lab
    driver = open_driver(device, port)
    try:
        driver.load_merge_candidate(config="ntp server 10.9.9.9\n")
        driver.commit_config(revert_in=60)
        assert device.pending is not None
        assert "reload in 1" in sent(device)
        assert driver.has_pending_commit()
        driver.confirm_commit()
        assert device.pending is None and not driver.has_pending_commit()
    finally:
        driver.close()
