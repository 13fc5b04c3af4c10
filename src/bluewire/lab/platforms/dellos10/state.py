"""What an OS10 switch shares between its CLI sessions: the candidate configuration.

OS10 has one candidate per switch (every session in transaction mode edits it) and no commit
timer of its own: `reload in N` is the only device-side timer, and a reboot loads the startup
configuration (see session.py for the whole model).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from bluewire.lab.device import Device, PendingCommit
from bluewire.lab.grammar import CliGrammar


@dataclass
class Os10State:
    """The shared candidate of one switch (None: no uncommitted changes)."""

    device: Device
    grammar: CliGrammar
    candidate: str | None = None
    mutex: threading.RLock = field(default_factory=threading.RLock)

    def base(self) -> str:
        return self.candidate if self.candidate is not None else self.device.running

    def dirty(self) -> bool:
        return self.candidate is not None and self.candidate != self.device.running

    def commit(self, session: str, confirm_s: float | None = None) -> None:
        with self.mutex:
            if self.candidate is not None:
                self.device.commit(self.candidate, session, confirm_s)
            self.candidate = None

    def schedule_reload(self, seconds: float, session: str) -> None:
        """`reload in`: a device-side timer that reboots into the startup configuration."""
        device = self.device
        with device.mutex:
            device.cancel_pending()
            timer = device.clock.timer(seconds, lambda: self._reboot(timer))
            deadline = time.time() + device.clock.real(seconds)
            device.pending = PendingCommit(device.startup, deadline, timer, session)
            timer.start()

    def _reboot(self, timer: threading.Timer) -> None:
        device = self.device
        with device.mutex:
            if device.pending is None or device.pending.timer is not timer:
                return
            device.reboot()
        with self.mutex:
            self.candidate = None
