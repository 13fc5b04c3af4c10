"""Ctrl-C (or SIGTERM from a cancelled CI job) during apply, and what is left when it is repeated.

The first interrupt stops at the next safe point: no new stage starts and the hosts in flight
roll back instead of confirming (the run still waits for them and for their revert timers). The
second stops waiting: the runner closes the sessions in flight within seconds and the run
accounts for every host from where each one got to (`Progress`): committed and not confirmed is
left to its device's revert timer, a confirm in flight is unknown; the report and the audit
record are still written. A third exits at once, without them.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from bluewire.apply.result import HostResult, Outcome
from bluewire.apply.rollout import Stage
from bluewire.progress import status

LEFT_TO_TIMER = "left to the device's revert timer"
# Where a host in flight was when the run was abandoned -> what can be said about it.
_IN_FLIGHT: dict[str, tuple[Outcome, str]] = {
    "started": (Outcome.NOT_ATTEMPTED, "interrupted twice before its commit: nothing committed"),
    "commit": (Outcome.REVERTING, f"interrupted twice during its commit; {LEFT_TO_TIMER}"),
    "committed": (Outcome.REVERTING, f"interrupted twice before its confirm; {LEFT_TO_TIMER}"),
    "confirm": (
        Outcome.UNKNOWN,
        "interrupted twice while confirming: the change stays if the confirm took, else the "
        "device's revert timer undoes it; check this device",
    ),
}


class Abandoned(KeyboardInterrupt):
    """Raised in the main thread by the second interrupt: stop waiting for the hosts in flight
    (a KeyboardInterrupt, so the runner winds its sessions down on the way out)."""


@dataclass
class Progress:
    """Where each host got to, told by the worker threads as they go; read once the run is
    abandoned, when their results will never come back through Nornir."""

    phases: dict[str, str] = field(default_factory=dict)
    results: dict[str, HostResult] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def mark(self, host: str, phase: str) -> None:
        with self._lock:
            self.phases[host] = phase

    def finish(self, host: str, result: HostResult) -> None:
        with self._lock:
            self.results[host] = result

    def snapshot(self) -> tuple[dict[str, str], dict[str, HostResult]]:
        with self._lock:
            return dict(self.phases), dict(self.results)


def abandoned(
    stages: Sequence[Stage],
    known: Mapping[str, HostResult],
    progress: Progress,
    platforms: Mapping[str, str],
) -> dict[str, HostResult]:
    """Every host's result after a second interrupt: the finished ones as they are, the ones in
    flight from their last phase, the others not attempted."""
    phases, finished = progress.snapshot()
    out = dict(known)
    for stage in stages:
        for host in stage.hosts:
            if host in out:
                continue
            result = finished.get(host)
            if result is None:
                outcome, why = _IN_FLIGHT.get(
                    phases.get(host, ""), (Outcome.NOT_ATTEMPTED, "rollout stopped: interrupted")
                )
                result = HostResult(platform=platforms[host], outcome=outcome, message=why)
            out[host] = result.model_copy(update={"stage": stage.name, "canary": stage.canary})
    return out


@dataclass
class Interrupts:
    """The run's signal handling; `abandonable()` marks where a second interrupt may abandon."""

    stop: threading.Event = field(default_factory=threading.Event)
    count: int = 0
    rolling_out: bool = False

    def handle(self, signum: int, frame: object) -> None:
        self.count += 1
        if self.count == 1:
            self.stop.set()
            status(
                "interrupted: hosts in flight roll back instead of confirming; no new stage "
                "starts (interrupt again to stop waiting for them)"
            )
        elif self.count == 2 and self.rolling_out:
            status(
                "interrupted again: no more waiting; committed hosts are left to their device "
                "revert timers; writing the report and the audit record (once more: exit now)"
            )
            raise Abandoned
        elif self.count == 2:
            status(
                "interrupted again: writing the report and the audit record (once more: exit now)"
            )
        else:
            status("interrupted a third time: exiting without the report and the audit record")
            os._exit(130)

    @contextmanager
    def abandonable(self) -> Iterator[None]:
        self.rolling_out = True
        try:
            yield
        finally:
            self.rolling_out = False


@contextmanager
def interrupts() -> Iterator[Interrupts]:
    """SIGINT and SIGTERM handled by an Interrupts while in here (main thread only: elsewhere
    the caller's own handling stays)."""
    handling = Interrupts()
    if threading.current_thread() is not threading.main_thread():
        yield handling
        return
    previous = {s: signal.signal(s, handling.handle) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield handling
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
