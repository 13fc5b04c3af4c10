"""What an OS10 switch shares between its CLI sessions: the candidate configuration.

OS10 has one candidate per switch (every session in transaction mode edits it) and no commit
timer of its own: `reload in N` is the only device-side timer, and a reboot loads the startup
configuration (see session.py for the whole model).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from bluewire.lab.device import Device, PendingCommit
from bluewire.lab.grammar import CliGrammar

RELOAD_S = 120.0  # lab seconds a reload keeps the switch unreachable (a real one takes minutes)


@dataclass
class Os10State:
    """The shared candidate of one switch (None: no uncommitted changes)."""

    device: Device
    grammar: CliGrammar
    candidate: str | None = None
    dirty_by: str | None = None  # the session whose transaction changed the candidate
    mutex: threading.RLock = field(default_factory=threading.RLock)

    def base(self) -> str:
        return self.candidate if self.candidate is not None else self.device.running

    def dirty(self) -> bool:
        return self.candidate is not None and self.candidate != self.device.running

    def change(self, session: str, text: str) -> None:
        with self.mutex:
            self.candidate, self.dirty_by = text, session

    def discard(self) -> None:
        with self.mutex:
            self.candidate = self.dirty_by = None

    def commit(self, session: str, confirm_s: float | None = None) -> None:
        with self.mutex:
            if self.candidate is not None:
                self.device.commit(self.candidate, session, confirm_s)
            self.discard()

    def release(self, session: str) -> None:
        """A session ended: its lock goes, and so do the candidate changes it left behind."""
        with self.mutex:
            if self.dirty_by == session:
                self.discard()
            self.device.unlock(session)

    def schedule_reload(self, seconds: float, session: str) -> None:
        """`reload in`: a device-side timer that reboots into the startup configuration."""
        self.device.arm_revert(seconds, session, self.device.startup, self._reboot)

    def _reboot(self, pending: PendingCommit) -> None:
        """The reload: sessions are cut and the switch is down for RELOAD_S lab seconds."""
        with self.device.mutex:
            if self.device.pending is not pending:
                return
        self.device.reboot(RELOAD_S)
        self.discard()
