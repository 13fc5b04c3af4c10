"""bluewire's OS10 driver: commit with a revert timer, confirm and rollback, through the real
driver over SSH against the lab switch (the NAPALM semantics apply relies on)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from napalm.base.exceptions import CommitConfirmException, CommitError, ConnectionException

from bluewire.lab.device import Device
from tests.lab.conformance import wait_for
from tests.lab.test_dellos10 import BASE, open_driver


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
def test_a_commit_that_changes_nothing_arms_no_reload(
    os10_switch: tuple[Device, int], load: Any
) -> None:
    """Issue 17: a no-op commit with revert_in scheduled `reload in N` that nothing could confirm,
    and the switch rebooted. Now nothing is armed, nothing is pending, confirm has nothing to do."""
    device, port = os10_switch
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
def test_a_commit_that_changes_something_still_arms_the_reload(
    os10_switch: tuple[Device, int],
) -> None:
    device, port = os10_switch
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


# ---------------------------------------------------------------- a revert seen by any instance
LONG = 3600  # lab seconds: the reload stays due for the whole test (a minute of real time)


def markers(device: Device) -> list[str]:
    return sorted(k for k in device.files if k.startswith("home://bluewire-revert-"))


def commit_and_die(device: Device, port: int, change: str = "ntp server 10.9.9.9\n") -> None:
    """A CI job commits with a revert timer, then dies: its TCP connection just goes away."""
    job = open_driver(device, port)
    job.load_merge_candidate(config=change)
    job.commit_config(revert_in=LONG)
    job.device.remote_conn.get_transport().sock.close()


@pytest.mark.lab
def test_a_fresh_driver_sees_and_confirms_a_revert_another_armed(
    os10_switch: tuple[Device, int],
) -> None:
    device, port = os10_switch
    commit_and_die(device, port)
    assert device.pending is not None and len(markers(device)) == 1
    fresh = open_driver(device, port)
    try:
        assert fresh.has_pending_commit()
        with pytest.raises(CommitError, match="waiting"):  # no second commit on top
            fresh.load_merge_candidate(config="ntp server 10.9.9.8\n")
            fresh.commit_config()
        fresh.discard_config()
        fresh.confirm_commit()
        assert not fresh.has_pending_commit()
    finally:
        fresh.close()
    assert device.pending is None and markers(device) == []
    assert "ntp server 10.9.9.9" in device.startup  # confirmed means saved
    assert "10.9.9.8" not in device.running


@pytest.mark.lab
def test_a_fresh_driver_rolls_back_a_revert_another_armed(os10_switch: tuple[Device, int]) -> None:
    device, port = os10_switch
    before = device.running
    commit_and_die(device, port)
    fresh = open_driver(device, port)
    try:
        fresh.rollback()
        assert not fresh.has_pending_commit()
    finally:
        fresh.close()
    assert device.pending is None and markers(device) == []
    assert device.running == before and device.startup == before
    with pytest.raises(CommitConfirmException):  # nothing left to confirm, from anyone
        other = open_driver(device, port)
        try:
            other.confirm_commit()
        finally:
            other.close()


@pytest.mark.lab
def test_the_driver_that_armed_a_revert_sees_it_over_after_the_reload(
    os10_switch: tuple[Device, int],
) -> None:
    """The reload cuts the driver's session; it opens a new one and clears its marker."""
    device, port = os10_switch
    before = device.running
    driver = open_driver(device, port)
    try:
        driver.load_merge_candidate(config="ntp server 10.9.9.9\n")
        driver.commit_config(revert_in=60)
        assert driver.has_pending_commit()
        assert wait_for(lambda: device.is_down())
        assert wait_for(lambda: not device.is_down())
        assert not driver.has_pending_commit()
        assert device.running == before and markers(device) == []
        assert sent(device).count("reload in 1") == 1
    finally:
        driver.close()


@pytest.mark.lab
def test_a_commit_cut_before_it_happened_leaves_no_reboot_behind(
    os10_switch: tuple[Device, int],
) -> None:
    """The session drops at `commit`: the reload was armed but nothing changed. A fresh driver
    finds running equal to startup, so the reload could only reboot the switch: it cancels it."""
    device, port = os10_switch
    before = device.running
    device.set_fault("drop-at", "commit")
    job = open_driver(device, port, timeout=2)
    job.load_merge_candidate(config="ntp server 10.9.9.9\n")
    with pytest.raises(ConnectionException):
        job.commit_config(revert_in=LONG)
    device.set_fault("clear", None)
    assert device.pending is not None  # the reload is due, for nothing
    fresh = open_driver(device, port)
    try:
        assert not fresh.has_pending_commit()
    finally:
        fresh.close()
    assert device.pending is None and markers(device) == []
    assert device.running == before


@pytest.mark.lab
def test_a_marker_long_past_its_deadline_is_retired(os10_switch: tuple[Device, int]) -> None:
    """Someone cancelled the reload by hand and changed running without saving; an hour after
    the marker's deadline nothing is pending any more."""
    device, port = os10_switch
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).strftime("%Y%m%dT%H%M%SZ")
    device.files[f"home://bluewire-revert-{old}.cfg"] = device.running.encode()
    device.set_running(device.running + "ntp server 10.9.9.7\n")  # unsaved: differs from startup
    driver = open_driver(device, port)
    try:
        assert not driver.has_pending_commit()
    finally:
        driver.close()
    assert markers(device) == [] and device.pending is None
