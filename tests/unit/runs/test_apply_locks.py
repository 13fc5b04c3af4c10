"""A run's device locks over a long rollout: checked before every stage, renewed when due, and
the rollout stopped before the next stage once someone broke one (real git refs)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from bluewire.apply.audit import Identity
from bluewire.apply.gitlock import GitLock
from bluewire.apply.lock import REF_PREFIX, new_lock
from bluewire.apply.rollout import Stage
from bluewire.runs.apply_locks import RunLocks
from tests.conftest import commit_all

T0 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
TIMER = dt.timedelta(minutes=10)
STAGES = [Stage("canary", ("sw1",), canary=True), Stage("batch 1", ("sw2",)), Stage("batch 2", ())]


def refs(root: Path) -> dict[str, str]:
    out = subprocess.run(
        ["git", "for-each-ref", "--format=%(refname) %(objectname)", REF_PREFIX],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return dict(line.split(" ") for line in out.splitlines())


@pytest.fixture
def taken(tmp_path: Path) -> tuple[RunLocks, list[dt.datetime]]:
    (tmp_path / "README").write_text("x\n")
    commit_all(tmp_path)
    who = Identity(user="alice")
    locks = RunLocks.take(GitLock(tmp_path), ["sw1", "sw2"], who, "CHG0001234", TIMER, now=T0)
    now = [T0]
    locks.clock = lambda: now[0]
    return locks, now


def test_locks_last_a_stage_and_are_renewed_only_when_that_is_left(
    taken: tuple[RunLocks, list[dt.datetime]],
) -> None:
    locks, now = taken
    root = locks.lock.root
    first = refs(root)
    assert {r.expires for r in locks.held.records.values()} == {
        T0 + TIMER + dt.timedelta(minutes=40)
    }
    assert locks.before_stage(STAGES[0]) is None and refs(root) == first  # just taken
    now[0] = T0 + dt.timedelta(minutes=15)
    assert locks.before_stage(STAGES[1]) is None and refs(root) == first  # checked, 35 min left
    now[0] = T0 + dt.timedelta(minutes=31)  # 19 min left: less than the timer + 20 min
    assert locks.before_stage(STAGES[2]) is None
    renewed = refs(root)
    assert set(renewed) == set(first) and not set(renewed.values()) & set(first.values())
    held = GitLock(root).holders(["sw1", "sw2"])
    assert {r.expires for r in held.values() if r} == {now[0] + TIMER + dt.timedelta(minutes=40)}
    locks.release(set())
    assert refs(root) == {}


def test_a_lock_taken_over_stops_the_rollout_before_the_next_stage(
    taken: tuple[RunLocks, list[dt.datetime]],
) -> None:
    locks, now = taken
    root = locks.lock.root
    assert locks.before_stage(STAGES[0]) is None
    bob = new_lock("sw2", "bob@laptop", "CHG0009999", "run-b", T0, dt.timedelta(hours=1))
    GitLock(root).acquire([bob], T0, break_lock=True)
    for minutes in (5, 45):  # found by the cheap check, and by a renewal alike
        now[0] = T0 + dt.timedelta(minutes=minutes)
        why = locks.before_stage(STAGES[1])
        assert why is not None and why.startswith("the device locks could not be renewed before")
        assert "the lock of sw2 was taken over: sw2 is locked by bob@laptop" in why
        assert "sw1" not in why
    locks.release(set())  # ours goes, bob's stays
    assert list(GitLock(root).holders(["sw1", "sw2"])) == ["sw2"]


def test_a_host_left_to_its_revert_timer_keeps_its_lock(
    taken: tuple[RunLocks, list[dt.datetime]],
) -> None:
    locks, _ = taken
    locks.release({"sw1"})
    assert set(refs(locks.lock.root)) == {REF_PREFIX + "sw1"}
