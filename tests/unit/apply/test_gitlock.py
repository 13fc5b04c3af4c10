"""Device locks as git refs: local and remote, expiry, --break-lock, release, and a real race."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bluewire.apply.gitlock import GitLock
from bluewire.apply.lock import LockRecord, new_lock
from bluewire.errors import LockHeldError, LockLostError
from tests.conftest import commit_all, git

T0 = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def rec(host: str, run: str, holder: str = "alice", ttl: dt.timedelta = HOUR) -> LockRecord:
    return new_lock(host, holder, "CHG0001234", run, T0, ttl)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A working clone whose `origin` is a bare repository (the shared remote)."""
    work = tmp_path / "seed"
    work.mkdir()
    (work / "README").write_text("x\n")
    commit_all(work)
    subprocess.run(
        ["git", "clone", "-q", "--bare", str(work), str(tmp_path / "remote.git")], check=True
    )
    subprocess.run(
        ["git", "clone", "-q", str(tmp_path / "remote.git"), str(tmp_path / "a")], check=True
    )
    return tmp_path / "a"


def second_clone(clone: Path) -> Path:
    other = clone.parent / "b"
    subprocess.run(["git", "clone", "-q", str(clone.parent / "remote.git"), str(other)], check=True)
    return other


def remote_refs(clone: Path) -> dict[str, str]:
    out = subprocess.run(
        ["git", "ls-remote", "origin", "refs/bluewire/locks/*"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line.split("\t")[1]: line.split("\t")[0] for line in out.splitlines()}


def test_locks_are_refs_on_the_remote_and_visible_from_another_clone(clone: Path) -> None:
    lock = GitLock(clone)
    assert lock.where == "remote 'origin'"
    held = lock.acquire([rec("sw1", "run-a"), rec("sw2", "run-a")], T0)
    assert set(remote_refs(clone)) == {"refs/bluewire/locks/sw1", "refs/bluewire/locks/sw2"}
    assert held.broken == ()
    other = GitLock(second_clone(clone))
    seen = other.holders(["sw1", "sw2", "sw3"])
    assert set(seen) == {"sw1", "sw2"} and seen["sw1"] == rec("sw1", "run-a")
    with pytest.raises(LockHeldError, match=r"sw2 is locked by alice for change CHG0001234"):
        other.acquire(
            [rec("sw2", "run-b", "bob"), rec("sw9", "run-b", "bob")], T0 + dt.timedelta(minutes=5)
        )
    assert "refs/bluewire/locks/sw9" not in remote_refs(clone)  # all or nothing
    assert lock.release(held) == []
    assert remote_refs(clone) == {}
    other.acquire([rec("sw2", "run-b", "bob")], T0)  # free again


def test_an_expired_lock_is_taken_over_and_reported(clone: Path) -> None:
    GitLock(clone).acquire([rec("sw1", "dead-run", ttl=dt.timedelta(minutes=10))], T0)
    other = GitLock(second_clone(clone))
    held = other.acquire([rec("sw1", "run-b", "bob")], T0 + dt.timedelta(minutes=11))
    assert len(held.broken) == 1 and "locked by alice" in held.broken[0]
    assert other.holders(["sw1"])["sw1"].holder == "bob"  # type: ignore[union-attr]


def test_a_live_lock_is_only_broken_on_request(clone: Path) -> None:
    first = GitLock(clone)
    first_held = first.acquire([rec("sw1", "run-a")], T0)
    other = GitLock(second_clone(clone))
    with pytest.raises(LockHeldError, match="--break-lock"):
        other.acquire([rec("sw1", "run-b", "bob")], T0)
    held = other.acquire([rec("sw1", "run-b", "bob")], T0, break_lock=True)
    assert held.broken and "alice" in held.broken[0]
    assert first.release(first_held) == ["sw1"]  # not ours any more: left alone
    assert other.holders(["sw1"])["sw1"].holder == "bob"  # type: ignore[union-attr]


def test_an_unreadable_lock_blocks_until_broken(clone: Path) -> None:
    git(clone, "commit", "--allow-empty", "-qm", "not a lock")
    git(clone, "push", "-q", "origin", "HEAD:refs/bluewire/locks/sw1")
    lock = GitLock(clone)
    with pytest.raises(LockHeldError, match="unreadable lock"):
        lock.acquire([rec("sw1", "run-a")], T0)
    assert lock.holders(["sw1"]) == {"sw1": None}
    lock.acquire([rec("sw1", "run-a")], T0, break_lock=True)


def test_without_a_remote_the_local_repository_holds_the_locks(tmp_path: Path) -> None:
    (tmp_path / "README").write_text("x\n")
    commit_all(tmp_path)
    lock = GitLock(tmp_path)
    assert lock.where == "the local repository"
    held = lock.acquire([rec("sw1", "run-a")], T0)
    with pytest.raises(LockHeldError, match="sw1 is locked by alice"):
        GitLock(tmp_path).acquire([rec("sw1", "run-b", "bob"), rec("sw2", "run-b")], T0)
    refs = subprocess.run(
        ["git", "for-each-ref", "refs/bluewire/locks"], cwd=tmp_path, capture_output=True, text=True
    ).stdout
    assert "locks/sw1" in refs and "locks/sw2" not in refs
    assert lock.release(held) == []
    assert (
        "locks/sw1"
        not in subprocess.run(
            ["git", "for-each-ref"], cwd=tmp_path, capture_output=True, text=True
        ).stdout
    )


def test_not_a_repository_is_an_input_error(tmp_path: Path) -> None:
    from bluewire.errors import BluewireError

    with pytest.raises(BluewireError, match="need a git repository"):
        GitLock(tmp_path)


def test_renewal_moves_every_lock_to_a_later_expiry_and_release_still_works(
    clone: Path,
) -> None:
    lock = GitLock(clone)
    short = dt.timedelta(minutes=10)
    held = lock.acquire([rec("sw1", "run-a", ttl=short), rec("sw2", "run-a", ttl=short)], T0)
    later = T0 + dt.timedelta(minutes=8)
    renewed = lock.renew(held, later, short)
    assert set(renewed.shas) == {"sw1", "sw2"} and renewed.shas != held.shas
    other = GitLock(second_clone(clone))
    for host, record in other.holders(["sw1", "sw2"]).items():
        assert record is not None and record.expires == later + short, host
        assert record.acquired == T0 and record.run_id == "run-a"
    # without the renewal both would have expired at T0 + 10 min and been taken over
    with pytest.raises(LockHeldError, match="sw1 is locked by alice"):
        other.acquire([rec("sw1", "run-b", "bob")], T0 + dt.timedelta(minutes=15))
    assert lock.release(renewed) == []
    assert remote_refs(clone) == {}


BREAKER = textwrap.dedent(
    """
    import datetime as dt, sys
    from pathlib import Path
    from bluewire.apply.gitlock import GitLock
    from bluewire.apply.lock import new_lock
    clone, host, at = Path(sys.argv[1]), sys.argv[2], dt.datetime.fromisoformat(sys.argv[3])
    held = GitLock(clone).acquire(
        [new_lock(host, "bob", "CHG0009999", "run-b", at, dt.timedelta(hours=1))], at,
        break_lock=True,
    )
    print(len(held.broken))
    """
)


def test_renewal_fails_as_a_whole_when_another_process_broke_one_lock(clone: Path) -> None:
    lock = GitLock(clone)
    held = lock.acquire([rec("sw1", "run-a"), rec("sw2", "run-a")], T0)
    before = remote_refs(clone)
    other = second_clone(clone)
    at = (T0 + dt.timedelta(minutes=5)).isoformat()
    done = subprocess.run(
        [sys.executable, "-c", BREAKER, str(other), "sw2", at], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.strip() == "1", done.stderr
    with pytest.raises(LockLostError, match=r"lock of sw2 was taken over: sw2 is locked by bob"):
        lock.renew(held, T0 + dt.timedelta(minutes=10), HOUR)
    after = remote_refs(clone)
    assert after["refs/bluewire/locks/sw1"] == before["refs/bluewire/locks/sw1"]  # all or none
    assert after["refs/bluewire/locks/sw2"] != before["refs/bluewire/locks/sw2"]
    assert lock.release(held) == ["sw2"]  # bob's lock is left alone, ours goes
    assert set(remote_refs(clone)) == {"refs/bluewire/locks/sw2"}


def test_renewal_of_a_removed_lock_fails_without_a_remote(tmp_path: Path) -> None:
    (tmp_path / "README").write_text("x\n")
    commit_all(tmp_path)
    lock = GitLock(tmp_path)
    held = lock.acquire([rec("sw1", "run-a"), rec("sw2", "run-a")], T0)
    git(tmp_path, "update-ref", "-d", "refs/bluewire/locks/sw1")
    with pytest.raises(LockLostError, match="the lock of sw1 was removed by someone else"):
        lock.renew(held, T0 + dt.timedelta(minutes=1), HOUR)
    assert GitLock(tmp_path).holders(["sw1", "sw2"]) == {"sw2": rec("sw2", "run-a")}


RACER = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from pathlib import Path
    from bluewire.apply.gitlock import GitLock
    from bluewire.apply.lock import new_lock
    from bluewire.errors import LockHeldError, LockLostError
    clone, name, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    lock = GitLock(clone)
    now = dt.datetime.now(dt.UTC)
    records = [new_lock(h, name, "CHG0001234", name, now, dt.timedelta(hours=1)) for h in ("sw1", "sw2")]
    while not go.exists():
        time.sleep(0.001)
    try:
        lock.acquire(records, now)
    except LockHeldError as exc:
        print("HELD", str(exc).splitlines()[0])
    else:
        print("WON")
    """
)


@pytest.mark.parametrize("round_", range(3))
def test_two_processes_race_for_the_same_hosts_and_exactly_one_wins(
    clone: Path, round_: int
) -> None:
    other = second_clone(clone)
    go = clone.parent / f"go-{round_}"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(c), name, str(go)], stdout=subprocess.PIPE, text=True
        )
        for c, name in ((clone, "racer-a"), (other, "racer-b"))
    ]
    time.sleep(0.5)  # both are up and waiting
    go.touch()
    outputs = sorted(p.communicate(timeout=60)[0].strip() for p in procs)
    assert [o.split()[0] for o in outputs] == ["HELD", "WON"], outputs
    assert "is locked by racer-" in outputs[0]
    owners = {GitLock(clone).holders([h])[h].holder for h in ("sw1", "sw2")}  # type: ignore[union-attr]
    assert len(owners) == 1  # both hosts belong to the same winner: never half-locked
