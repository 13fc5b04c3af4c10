"""The device lock model: who holds a host, for which change, until when.

Two applies must never touch the same device, from any CI runner or laptop. The lock for a host is
a git ref (`refs/bluewire/locks/<host>`) created atomically on the shared remote; the commit it
points to carries this record as its message. A lock past its expiry is stale (its holder died)
and may be taken over; a live one is only removed by its holder or by an explicit --break-lock.
This module is the pure part (record, expiry, messages); gitlock.py moves the refs.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from pydantic import BaseModel, ConfigDict, ValidationError

from bluewire.errors import BluewireError

REF_PREFIX = "refs/bluewire/locks/"
DEFAULT_TTL = dt.timedelta(hours=2)
_HOST_IN_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class LockRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    host: str
    holder: str  # who: user and machine or CI job
    change_id: str
    run_id: str  # unique per run: tells our own lock from someone else's
    acquired: dt.datetime
    expires: dt.datetime

    def expired(self, now: dt.datetime) -> bool:
        return now >= self.expires

    def renewed(self, now: dt.datetime, ttl: dt.timedelta = DEFAULT_TTL) -> LockRecord:
        return self.model_copy(update={"expires": now + ttl})

    def encode(self) -> str:
        """The commit message of the lock commit: a title line, then the record as JSON."""
        body = self.model_dump_json(indent=1)
        return f"bluewire lock {self.host} for {self.change_id} by {self.holder}\n\n{body}\n"

    def describe(self) -> str:
        return (
            f"{self.host} is locked by {self.holder} for change {self.change_id} since "
            f"{_clock(self.acquired)} (expires {_clock(self.expires)})"
        )


def new_lock(
    host: str, holder: str, change_id: str, run_id: str, now: dt.datetime, ttl: dt.timedelta
) -> LockRecord:
    return LockRecord(
        host=host,
        holder=holder,
        change_id=change_id,
        run_id=run_id,
        acquired=now,
        expires=now + ttl,
    )


def decode(message: str) -> LockRecord | None:
    """The record in a lock commit's message; None when it is unreadable (treat as held)."""
    _, _, body = message.partition("\n\n")
    try:
        return LockRecord.model_validate(json.loads(body))
    except (ValueError, ValidationError):
        return None


def lock_ref(host: str) -> str:
    if not _HOST_IN_REF.fullmatch(host) or ".." in host or host.endswith(".lock"):
        raise BluewireError(f"{host}: cannot be used in a lock ref name")
    return REF_PREFIX + host


def blocking(records: dict[str, LockRecord | None], now: dt.datetime, run_id: str) -> list[str]:
    """Messages for the locks that stop this run: live, unreadable, and not our own."""
    out = []
    for host, record in sorted(records.items()):
        if record is None:
            out.append(f"{host}: unreadable lock {REF_PREFIX}{host}; --break-lock to remove it")
        elif record.run_id != run_id and not record.expired(now):
            out.append(record.describe())
    return out


def _clock(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
