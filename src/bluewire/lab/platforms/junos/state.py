"""What a Junos box keeps beyond the Device model: the shared candidate and the commit log.

`Ctx` is one NETCONF session's view of it (the RPC handlers in session.py and show.py take one).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from bluewire.lab.device import Device, LabError


class RpcFailure(LabError):
    """An rpc-error reply: `tag` is the NETCONF error-tag, `bad` the offending element."""

    def __init__(self, message: str, tag: str = "operation-failed", bad: str = "") -> None:
        super().__init__(message)
        self.tag = tag
        self.bad = bad


@dataclass
class CommitEntry:
    at: float
    user: str
    client: str
    comment: str


@dataclass
class JunosState:
    """Per-device Junos state the generic Device does not model."""

    candidate: str | None = None  # None: same as the committed config
    dirty_by: str | None = None
    commits: list[CommitEntry] = field(default_factory=list)  # newest first
    mutex: threading.RLock = field(default_factory=threading.RLock)


@dataclass
class Ctx:
    device: Device
    state: JunosState
    session: str
    user: str

    @property
    def candidate(self) -> str:
        return self.state.candidate if self.state.candidate is not None else self.device.running

    def set_candidate(self, text: str) -> None:
        self.state.candidate = text
        self.state.dirty_by = self.session

    def discard(self) -> None:
        self.state.candidate = None
        self.state.dirty_by = None
