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

from bluewire.config import tree
from bluewire.lab.clock import Clock
from bluewire.lab.facts import Link, Session
from bluewire.lab.faults import KINDS, Faults, parse_fault


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

    def port_up(self, name: str, port: str) -> bool:
        """Whether device `name`'s enabled `port` is up (its far end is up too)."""

    def bgp_session(self, name: str, address: str) -> Session:
        """Device `name`'s BGP session to `address`."""

    def lldp(self, name: str) -> list[Link]:
        """The LLDP neighbours device `name` sees."""

    def changed(self) -> None:
        """A device's running config changed: the wiring is recomputed on its next read."""


@dataclass(frozen=True)
class Change:
    """What one commit changed, as config paths: undone once running no longer shows it."""

    added: frozenset[tuple[str, ...]]
    removed: frozenset[tuple[str, ...]]

    @staticmethod
    def between(old: str, new: str, platform: str) -> Change:
        before, after = (
            set(tree.parse(old, platform).paths()),
            set(tree.parse(new, platform).paths()),
        )
        return Change(frozenset(after - before), frozenset(before - after))

    def present_in(self, running: str, platform: str) -> bool:
        paths = set(tree.parse(running, platform).paths())
        return self.added <= paths and self.removed.isdisjoint(paths)


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
    down_until: float = 0.0  # a reboot in progress: unreachable until then (epoch seconds)
    tripped: Change | None = None  # the change a commit made under `failing-check`
    round_trips: int = 0  # exchanges answered (what `latency` charges; bench/drift.py counts them)

    def __setattr__(self, name: str, value: object) -> None:
        """Tell the lab's wiring when running changes, however it is set (tests assign it), so
        reading the wiring costs one device, not the whole fleet."""
        object.__setattr__(self, name, value)
        if name == "running" and getattr(self, "topology", None) is not None:
            self.topology.changed()  # type: ignore[union-attr]

    def __post_init__(self) -> None:
        self.mutex = threading.RLock()
        self.sessions: dict[str, Callable[[], None]] = {}  # open sessions: how to cut each
        if not self.startup:
            self.startup = self.running

    # ---------------------------------------------------------------- wire log and faults
    def log(self, session: str, kind: str, text: str, *, round_trip: bool = True) -> None:
        """Record what a client sent; a device that is down answers nothing (the session is cut).

        `round_trip`: the client waits for this entry's answer (an SSH CLI line, a NETCONF RPC),
        so it costs one `latency`; a command inside an eAPI request does not (its front charges
        the request once, see `round_trip`)."""
        if kind != "login" and self.is_down():
            raise SessionDropped("device unreachable")
        with self.mutex:
            self.wire.append(WireEntry(time.time(), session, kind, text))
        if round_trip:
            self.round_trip()

    def round_trip(self) -> None:
        """One exchange the client waits for: the `latency` fault answers it that much later, as a
        network round trip would (once per exchange, whatever it carries)."""
        with self.mutex:
            self.round_trips += 1
        if self.faults.latency_s:
            self.clock.sleep(self.faults.latency_s)

    def step(self, name: str) -> None:
        """A named protocol step; raises SessionDropped when a fault drops the session there."""
        if self.faults.drop_at == name:
            raise SessionDropped(f"session dropped at {name}")

    def check_login(self, username: str, password: str) -> bool:
        if self.faults.refuse_login or self.is_down():
            return False
        return username == self.username and password == self.password

    def is_down(self) -> bool:
        """Unreachable: the `unreachable` fault, or a reboot still in progress."""
        return self.faults.unreachable or time.time() < self.down_until

    def set_fault(self, kind: str, value: str | None) -> None:
        """Inject fault `kind` (see faults.KINDS; `clear` removes them all); FaultError if bad."""
        if kind == "clear":
            self.faults, self.tripped = Faults(), None
            return
        setattr(self.faults, KINDS[kind].attr, parse_fault(kind, value))
        if kind == "unreachable":
            self.drop_sessions()
        elif kind == "failing-check":
            self.tripped = None  # it takes effect at the next commit

    def check_fails(self, name: str) -> bool:
        """Whether a post-check on `name` (a port or a BGP peer address) must see it down."""
        target = self.faults.failing_check
        if target is None or self.tripped is None:
            return False
        if target not in ("", "*") and target.lower() != name.lower():
            return False
        return self.tripped.present_in(self.running, self.platform)

    # ---------------------------------------------------------------- sessions
    def open_session(self, name: str, cut: Callable[[], None]) -> None:
        """A front's session is open; `cut` closes its connection (a reboot, a dead box)."""
        with self.mutex:
            self.sessions[name] = cut

    def close_session(self, name: str) -> None:
        with self.mutex:
            self.sessions.pop(name, None)

    def drop_sessions(self) -> None:
        """Cut every open session now, without a reply."""
        with self.mutex:
            cuts = list(self.sessions.values())
            self.sessions.clear()
        for cut in cuts:
            cut()

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
        """Make `new_running` the running config; with `confirm_s`, revert unless confirmed in time.

        A slow commit waits without the device mutex, so other sessions keep being answered.
        """
        with self.mutex:
            self.check_unlocked(session)
            if self.faults.reject_commit:
                raise LabError(self.faults.reject_commit)
            self.step("commit")
        if self.faults.slow_commit_s:
            self.clock.sleep(self.faults.slow_commit_s)
        with self.mutex:
            self.check_unlocked(session)
            previous = self.running
            self.set_running(new_running)
            if confirm_s is not None:
                self.arm_revert(confirm_s, session, previous)
            if self.faults.failing_check is not None and self.tripped is None:
                # the change that breaks the check; undoing it heals
                self.tripped = Change.between(previous, self.running, self.platform)

    def set_running(self, text: str) -> None:
        """Replace running now, keeping history (commits, reverts, and CLI config mode, which
        applies each line at once on IOS and OS10)."""
        if text != self.running:
            self.history.insert(0, self.running)
            del self.history[self.max_history :]
        self.running = text
        for hook in self.on_change:
            hook(self)

    def arm_revert(
        self,
        seconds: float,
        session: str,
        previous: str | None = None,
        expire: Callable[[PendingCommit], None] | None = None,
    ) -> PendingCommit:
        """Revert to `previous` (default: running now) unless confirmed within `seconds`.

        `expire` replaces the revert when the timer fires (OS10: a reboot).
        """
        with self.mutex:
            self.cancel_pending()
            box: list[PendingCommit] = []
            timer = self.clock.timer(seconds, lambda: (expire or self._expire)(box[0]))
            deadline = time.time() + self.clock.real(seconds)
            pending = PendingCommit(
                self.running if previous is None else previous, deadline, timer, session
            )
            box.append(pending)
            self.pending = pending
            timer.start()
            return pending

    def _expire(self, pending: PendingCommit) -> None:
        with self.mutex:
            if self.pending is pending:
                self.revert_pending()

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

    def reboot(self, downtime_s: float = 0.0) -> None:
        """Reboot: every session is cut, the box is unreachable for `downtime_s` lab seconds and
        comes back on the startup config, with no pending commit and no lock."""
        self.drop_sessions()
        with self.mutex:
            self.cancel_pending()
            self.set_running(self.startup)
            self.lock_owner = None
            self.boot_time = self.down_until = time.time() + self.clock.real(downtime_s)

    def save(self) -> None:
        with self.mutex:
            self.startup = self.running

    def uptime_s(self) -> float:
        return max(0.0, time.time() - self.boot_time)
