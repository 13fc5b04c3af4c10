"""The lock record: encoding in a commit message, expiry, and which locks stop a run."""

from __future__ import annotations

import datetime as dt

import pytest

from bluewire.apply.lock import DEFAULT_TTL, LockRecord, blocking, decode, lock_ref, new_lock
from bluewire.errors import BluewireError

T0 = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)


def record(run_id: str = "run-1", ttl: dt.timedelta = DEFAULT_TTL) -> LockRecord:
    return new_lock("hq-core-1", "alice@laptop", "CHG0001234", run_id, T0, ttl)


def test_record_round_trips_through_the_commit_message() -> None:
    rec = record()
    message = rec.encode()
    assert message.startswith("bluewire lock hq-core-1 for CHG0001234 by alice@laptop\n\n")
    assert decode(message) == rec


@pytest.mark.parametrize(
    "message", ["", "title only", "title\n\nnot json", 'title\n\n{"host": "x"}']
)
def test_unreadable_messages_decode_to_none(message: str) -> None:
    assert decode(message) is None


def test_expiry_is_inclusive_of_the_deadline() -> None:
    rec = record(ttl=dt.timedelta(minutes=10))
    assert rec.expires == T0 + dt.timedelta(minutes=10)
    assert not rec.expired(T0 + dt.timedelta(minutes=9, seconds=59))
    assert rec.expired(T0 + dt.timedelta(minutes=10))


def test_renewal_moves_only_the_expiry() -> None:
    later = T0 + dt.timedelta(hours=1)
    renewed = record().renewed(later, dt.timedelta(minutes=5))
    assert renewed.expires == later + dt.timedelta(minutes=5)
    assert renewed.acquired == T0 and renewed.run_id == "run-1"


def test_describe_names_holder_change_and_times() -> None:
    assert record().describe() == (
        "hq-core-1 is locked by alice@laptop for change CHG0001234 since "
        "2026-11-29 08:00:00Z (expires 2026-11-29 10:00:00Z)"
    )


def test_only_live_foreign_or_unreadable_locks_block() -> None:
    now = T0 + dt.timedelta(minutes=1)
    live = record("someone-else")
    stale = record("someone-else", ttl=dt.timedelta(seconds=30))
    mine = record("me")
    found = blocking({"b": live, "a": None, "c": stale, "d": mine}, now, "me")
    assert found == [
        "a: unreadable lock refs/bluewire/locks/a; --break-lock to remove it",
        live.describe(),
    ]


@pytest.mark.parametrize("host", ["hq-core-1", "a", "sw_1.lab"])
def test_lock_ref_names(host: str) -> None:
    assert lock_ref(host) == f"refs/bluewire/locks/{host}"


@pytest.mark.parametrize("host", ["", "../x", "a..b", "-x", "a/b", "x.lock", "a b", "a~1"])
def test_hosts_that_cannot_be_ref_names_are_refused(host: str) -> None:
    with pytest.raises(BluewireError, match="lock ref"):
        lock_ref(host)
