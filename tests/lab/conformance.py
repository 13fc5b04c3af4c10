"""The NAPALM conformance suite every lab platform passes, as napalm's shared getter tests do.

A platform test module subclasses `NapalmConformance` and provides three fixtures:
- `device`: a FRESH lab `Device` per test (its own front, nothing left over from other tests);
- `driver`: the real NAPALM driver, opened against that device (closed by the fixture);
- `candidates`: a `Candidates` with the platform's merge, replace and invalid config texts.
Class attributes tune what differs per platform (lock exception types, lines a driver adds itself).
Tests assert state (device.running, device.pending, the wire log), never timings.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from napalm.base.exceptions import (
    LockError,
    MergeConfigException,
    ReplaceConfigException,
    SessionLockedException,
)

from bluewire.config import tree
from bluewire.lab.device import Device

OTHER_CLIENT = "other-client"


@dataclass(frozen=True)
class Candidates:
    """Config texts one platform's conformance run uses."""

    merge: str  # a small change, accepted as a merge
    merge_marker: str  # text that compare_config shows for that merge
    replace: str  # a full config, accepted as a replacement (differs from the initial running)
    invalid: str  # a line the platform rejects


def config_paths(text: str, platform: str, ignore: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """A config as its tree paths (comments, blank lines and indentation width do not count)."""
    paths = tree.parse(text, platform).paths()
    return [p for p in paths if not any(part.strip() in ignore for part in p)]


def wait_for(predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
    """Poll until `predicate` holds (for timers the lab's Clock runs); False after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.mark.lab
class NapalmConformance:
    """Shared NAPALM behaviour: a platform module subclasses this and provides the fixtures."""

    platform: ClassVar[str] = ""
    revert_in: ClassVar[int] = 60  # lab seconds; Clock(scale=60) makes it about one real second
    lock_errors: ClassVar[tuple[type[BaseException], ...]] = (LockError, SessionLockedException)
    ignore_lines: ClassVar[tuple[str, ...]] = ()  # lines the driver adds on its own

    # ------------------------------------------------------------ fixtures the subclass provides
    @pytest.fixture
    def device(self) -> Device:
        raise NotImplementedError("the platform test module provides a fresh `device`")

    @pytest.fixture
    def driver(self, device: Device) -> Any:
        raise NotImplementedError("the platform test module provides an opened `driver`")

    @pytest.fixture
    def candidates(self) -> Candidates:
        raise NotImplementedError("the platform test module provides `candidates`")

    # ------------------------------------------------------------ helpers
    def same(self, a: str, b: str) -> bool:
        return config_paths(a, self.platform, self.ignore_lines) == config_paths(
            b, self.platform, self.ignore_lines
        )

    # ------------------------------------------------------------ the suite
    def test_open_get_facts_get_config(self, driver: Any, device: Device) -> None:
        facts = driver.get_facts()
        assert facts["hostname"]
        assert facts["vendor"]
        assert isinstance(facts["interface_list"], list)
        assert facts["uptime"] >= 0
        config = driver.get_config()
        assert self.same(config["running"], device.running)
        assert config["startup"] in ("", None) or self.same(config["startup"], device.startup)

    def test_merge_compare_discard_leaves_running(
        self, driver: Any, device: Device, candidates: Candidates
    ) -> None:
        before, seen = device.running, len(device.wire)
        driver.load_merge_candidate(config=candidates.merge)
        assert candidates.merge_marker in driver.compare_config()
        driver.discard_config()
        assert device.running == before
        assert len(device.wire) > seen, "the driver never reached the device"
        assert driver.compare_config() == ""

    def test_replace_compare_commit(
        self, driver: Any, device: Device, candidates: Candidates
    ) -> None:
        driver.load_replace_candidate(config=candidates.replace)
        assert driver.compare_config()
        driver.commit_config()
        assert self.same(device.running, candidates.replace)
        assert not driver.has_pending_commit()

    def test_merge_commit_applies(
        self, driver: Any, device: Device, candidates: Candidates
    ) -> None:
        driver.load_merge_candidate(config=candidates.merge)
        driver.commit_config()
        assert candidates.merge_marker in device.running

    def test_commit_confirm_persists(
        self, driver: Any, device: Device, candidates: Candidates
    ) -> None:
        driver.load_replace_candidate(config=candidates.replace)
        driver.commit_config(revert_in=self.revert_in)
        assert self.same(device.running, candidates.replace)
        assert driver.has_pending_commit()
        driver.confirm_commit()
        assert not driver.has_pending_commit()
        assert device.pending is None
        assert self.same(device.running, candidates.replace)

    def test_commit_without_confirm_reverts(
        self, driver: Any, device: Device, candidates: Candidates
    ) -> None:
        before = device.running
        driver.load_replace_candidate(config=candidates.replace)
        driver.commit_config(revert_in=self.revert_in)
        assert self.same(device.running, candidates.replace)
        assert wait_for(lambda: device.pending is None and self.same(device.running, before))
        assert not driver.has_pending_commit()

    def test_rollback_restores_previous(
        self, driver: Any, device: Device, candidates: Candidates
    ) -> None:
        before = device.running
        driver.load_replace_candidate(config=candidates.replace)
        driver.commit_config()
        assert self.same(device.running, candidates.replace)
        driver.rollback()
        assert self.same(device.running, before)

    def test_invalid_merge_is_rejected(
        self, driver: Any, device: Device, candidates: Candidates
    ) -> None:
        before = device.running
        with pytest.raises(MergeConfigException):
            driver.load_merge_candidate(config=candidates.invalid)
            driver.commit_config()  # a platform that only checks at commit fails here
        assert device.running == before

    def test_invalid_replace_is_rejected(
        self, driver: Any, device: Device, candidates: Candidates
    ) -> None:
        before = device.running
        with pytest.raises(ReplaceConfigException):
            driver.load_replace_candidate(config=candidates.replace + "\n" + candidates.invalid)
            driver.commit_config()
        assert device.running == before

    def test_held_lock_is_refused(
        self, driver: Any, device: Device, candidates: Candidates
    ) -> None:
        before = device.running
        device.lock(OTHER_CLIENT)
        try:
            with pytest.raises(self.lock_errors):
                driver.load_merge_candidate(config=candidates.merge)
                driver.commit_config()
        finally:
            device.unlock(OTHER_CLIENT)
        assert device.running == before
