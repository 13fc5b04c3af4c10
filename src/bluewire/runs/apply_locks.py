"""The device locks of one apply run: taken before the rollout, kept alive through it, released.

A lock lasts one stage's worst case with room to spare (`--confirm-timeout` + 40 min: the hosts,
their revert timers, the wait for them to settle). Before every stage after the first the run
makes sure it still holds every lock: a cheap read of the lock refs, and an atomic renewal
(gitlock.renew) once less than a stage's worst case is left. Someone who broke or took a lock
meanwhile stops the rollout before the next stage, with their name in the reason.
"""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from bluewire.apply.audit import Identity
from bluewire.apply.gitlock import GitLock, Held
from bluewire.apply.lock import new_lock
from bluewire.apply.rollout import Stage
from bluewire.errors import BluewireError
from bluewire.progress import status

MARGIN = dt.timedelta(minutes=40)  # beyond the revert timer: checks, the settle grace, a slow box
RENEW_BEFORE = dt.timedelta(minutes=20)  # beyond the timer: renew when less than this is left


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class RunLocks:
    lock: GitLock
    held: Held
    timer: dt.timedelta  # the revert timer (--confirm-timeout)
    clock: Callable[[], dt.datetime] = _utcnow
    first: bool = field(default=True, init=False)

    @classmethod
    def take(
        cls,
        lock: GitLock,
        hosts: list[str],
        who: Identity,
        change_id: str,
        timer: dt.timedelta,
        *,
        now: dt.datetime,
        break_lock: bool = False,
    ) -> RunLocks:
        holder = f"{who.user}@{socket.gethostname()}" + (f" ({who.job})" if who.job else "")
        run_id = uuid.uuid4().hex
        ttl = timer + MARGIN
        records = [new_lock(h, holder, change_id, run_id, now, ttl) for h in sorted(hosts)]
        held = lock.acquire(records, now, break_lock=break_lock)
        for text in held.broken:
            status(f"took over a lock: {text}")
        status(f"locked {len(records)} host(s) on {lock.where}")
        return cls(lock, held, timer)

    def before_stage(self, stage: Stage) -> str | None:
        """Before every stage but the first: still ours (renewed if due), or why the rollout
        stops."""
        if self.first:
            self.first = False
            return None
        now = self.clock()
        try:
            if self.due(now):
                self.held = self.lock.renew(self.held, now, self.timer + MARGIN)
            else:
                self.lock.check(self.held)
        except BluewireError as exc:
            status(f"the device locks are lost: {exc}")
            return f"the device locks could not be renewed before {stage.name}: {exc}"
        return None

    def due(self, now: dt.datetime) -> bool:
        """Less than a stage's worst case (the timer and RENEW_BEFORE) left on some lock."""
        soonest = min((r.expires for r in self.held.records.values()), default=now)
        return soonest - now < self.timer + RENEW_BEFORE

    def release(self, keep: set[str]) -> None:
        """Release every lock but those of `keep` (hosts left to their revert timers)."""
        mine = {h: sha for h, sha in self.held.shas.items() if h not in keep}
        lost = self.lock.release(Held(mine))
        if keep:
            held = ", ".join(sorted(keep))
            status(f"kept the locks of {held}: left to their revert timers (the locks expire)")
        if lost:
            status(f"warning: locks of {', '.join(lost)} were broken by someone else meanwhile")
