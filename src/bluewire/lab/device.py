"""One simulated device, shared by every protocol front: config stores, commits, locks, faults.

The fronts (eAPI, IOS SSH, NETCONF, OS10 SSH) translate their protocol into calls on this model; the
model applies config through the platform's grammar so a bad push fails here as on the real box.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from bluewire.lab.clock import Clock
from bluewire.lab.facts import Link


class LabError(Exception):
    """A device-side refusal, carrying the message the real platform prints."""


class ConfigRejected(LabError):
    """A config line the platform's grammar does not accept."""

    def __init__(self, message: str, line: str, lineno: int = 0) -> None:
        super().__init__(message)
        self.line = line
        self.lineno = lineno


class LockHeld(LabError):
    """The configuration database is locked by another session."""


class Grammar(Protocol):
    """A platform's config language: what is valid, how text applies to a config."""

    def replace(self, current: str, new_text: str) -> str:
        """The config after loading `new_text` as a full replacement (validates every line)."""

    def merge(self, current: str, commands: list[str]) -> str:
        """The config after entering `commands` in config mode (mode-aware, `no` removes)."""


class Wiring(Protocol):
    """What the lab's wiring tells one device about its neighbours (topology.Topology)."""

    def bgp_up(self, name: str, address: str) -> bool:
        """Whether device `name`'s BGP session to `address` is Established."""

    def lldp(self, name: str) -> list[Link]:
        """The LLDP neighbours device `name` sees."""


@dataclass
class Faults:
    """Injected misbehaviour; fronts consult it at their named steps."""

    latency_s: float = 0.0
    refuse_login: bool = False
    unreachable: bool = False
    drop_at: str | None = None  # step name, e.g. "commit"
    reject_commit: str | None = None  # message the commit fails with
    slow_commit_s: float = 0.0
    forget_confirm: bool = False  # confirm_commit is silently ignored: the revert timer fires
    failing_check: str | None = None  # getter name that reports a failed post-check


@dataclass
class WireEntry:
    at: float
    session: str
    kind: str  # "cmd", "rpc", "http", "scp", "login"
    text: str


@dataclass
class PendingCommit:
    previous: str
    deadline: float
    timer: threading.Timer
    session: str = ""


class SessionDropped(LabError):
    """A fault: the front must close the connection now, without a reply."""


@dataclass
class Device:
    name: str
    platform: str
    grammar: Grammar
    running: str
    clock: Clock
    username: str = "admin"
    password: str = "admin"
    enable_secret: str = "admin"
    model: str = "lab"
    os_version: str = "lab"
    serial: str = "LAB0000"
    startup: str = ""
    history: list[str] = field(default_factory=list)  # previous running configs, newest first
    files: dict[str, bytes] = field(default_factory=dict)
    faults: Faults = field(default_factory=Faults)
    wire: list[WireEntry] = field(default_factory=list)
    lock_owner: str | None = None
    pending: PendingCommit | None = None
    boot_time: float = field(default_factory=time.time)
    on_change: list[Callable[[Device], None]] = field(default_factory=list)
    topology: Wiring | None = None  # set by fleet.start_lab; None for a device started alone
    max_history: int = 49

    def __post_init__(self) -> None:
        self.mutex = threading.RLock()
        if not self.startup:
            self.startup = self.running

    # ---------------------------------------------------------------- wire log and faults
    def log(self, session: str, kind: str, text: str) -> None:
        with self.mutex:
            self.wire.append(WireEntry(time.time(), session, kind, text))
        if self.faults.latency_s:
            self.clock.sleep(self.faults.latency_s)

    def step(self, name: str) -> None:
        """A named protocol step; raises SessionDropped when a fault drops the session there."""
        if self.faults.drop_at == name:
            raise SessionDropped(f"session dropped at {name}")

    def check_login(self, username: str, password: str) -> bool:
        if self.faults.refuse_login or self.faults.unreachable:
            return False
        return username == self.username and password == self.password

    # ---------------------------------------------------------------- locks
    def lock(self, session: str) -> None:
        with self.mutex:
            if self.lock_owner not in (None, session):
                raise LockHeld(f"configuration database locked by {self.lock_owner}")
            self.lock_owner = session

    def unlock(self, session: str) -> None:
        with self.mutex:
            if self.lock_owner == session:
                self.lock_owner = None

    def check_unlocked(self, session: str) -> None:
        if self.lock_owner not in (None, session):
            raise LockHeld(f"configuration database locked by {self.lock_owner}")

    # ---------------------------------------------------------------- commits
    def commit(self, new_running: str, session: str, confirm_s: float | None = None) -> None:
        """Make `new_running` the running config; with `confirm_s`, revert unless confirmed in time."""
        with self.mutex:
            self.check_unlocked(session)
            if self.faults.reject_commit:
                raise LabError(self.faults.reject_commit)
            self.step("commit")
            if self.faults.slow_commit_s:
                self.clock.sleep(self.faults.slow_commit_s)
            previous = self.running
            self.set_running(new_running)
            if confirm_s is not None:
                self._arm_revert(previous, confirm_s, session)

    def set_running(self, text: str) -> None:
        """Replace running now, keeping history (commits, reverts, and CLI config mode, which
        applies each line at once on IOS and OS10)."""
        if text != self.running:
            self.history.insert(0, self.running)
            del self.history[self.max_history :]
        self.running = text
        for hook in self.on_change:
            hook(self)

    def _arm_revert(self, previous: str, seconds: float, session: str) -> None:
        self.cancel_pending()
        timer = self.clock.timer(seconds, self.revert_pending)
        self.pending = PendingCommit(
            previous, time.time() + self.clock.real(seconds), timer, session
        )
        timer.start()

    def confirm(self) -> bool:
        """Accept the pending commit; False when there is none (or the confirm is 'forgotten')."""
        with self.mutex:
            if self.pending is None or self.faults.forget_confirm:
                return False
            self.cancel_pending()
            return True

    def revert_pending(self) -> None:
        """The revert timer fired (or `configure revert now`): back to the pre-commit config."""
        with self.mutex:
            if self.pending is None:
                return
            previous = self.pending.previous
            self.pending = None
            self.set_running(previous)

    def cancel_pending(self) -> None:
        with self.mutex:
            if self.pending is not None:
                self.pending.timer.cancel()
                self.pending = None

    def rollback(self, n: int) -> str:
        """The config `n` commits ago (Junos `rollback n`: 0 is the current running)."""
        with self.mutex:
            if n == 0:
                return self.running
            if n > len(self.history):
                raise LabError(f"rollback {n} does not exist")
            return self.history[n - 1]

    def reboot(self) -> None:
        """Come back up on the startup config: no pending commit, no lock, uptime from now."""
        with self.mutex:
            self.cancel_pending()
            self.set_running(self.startup)
            self.lock_owner = None
            self.boot_time = time.time()

    def save(self) -> None:
        with self.mutex:
            self.startup = self.running

    def uptime_s(self) -> float:
        return time.time() - self.boot_time
