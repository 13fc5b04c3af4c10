"""A Nornir runner that an interrupt stops in seconds, not after every device has answered.

Nornir's ThreadedRunner waits for every queued host when its thread pool closes: one Ctrl-C
during a plan with slow devices took 107 s, and a second left a threading traceback. Here an
interrupt (the `cancel` event a signal handler sets, see `device.ops.finish_before_interrupt`,
or a KeyboardInterrupt) stops handing out hosts at once, gives the hosts in flight `grace_s` to
finish (their `finally` blocks discard a loaded candidate), closes every session still open
(waiting at most `close_s`), and raises KeyboardInterrupt: the command exits 130. Workers are
daemon threads, so a device that never answers cannot keep the process alive after that.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task

GRACE_S = 2.0  # read-only work in flight may finish within this; then its session is closed
CANDIDATE_GRACE_S = 90.0  # a loaded candidate is waited for until discarded (3 NAPALM timeouts)
CLOSE_S = 2.0  # closing the sessions left open may take this long (the exit closes the rest)
TICK_S = 0.1


class InterruptibleRunner:
    """Nornir's RunnerPlugin (`run(task, hosts) -> AggregatedResult`), bounded on interrupt."""

    def __init__(
        self,
        num_workers: int = 20,
        cancel: threading.Event | None = None,
        grace_s: float = GRACE_S,
        close_s: float = CLOSE_S,
    ) -> None:
        self.num_workers = num_workers
        self.cancel = cancel or threading.Event()
        self.grace_s = grace_s
        self.close_s = close_s

    def run(self, task: Task, hosts: list[Host]) -> AggregatedResult:
        pending: queue.SimpleQueue[Host] = queue.SimpleQueue()
        for host in hosts:
            pending.put(host)
        results: dict[str, MultiResult] = {}

        def work() -> None:
            while not self.cancel.is_set():
                try:
                    host = pending.get_nowait()
                except queue.Empty:
                    return
                results[host.name] = task.copy().start(host)

        count = max(1, min(self.num_workers, len(hosts)))
        workers = [threading.Thread(target=work, daemon=True) for _ in range(count)]
        for worker in workers:
            worker.start()
        try:
            _wait(workers, until=self.cancel.is_set)
            if self.cancel.is_set():
                raise KeyboardInterrupt
        except KeyboardInterrupt:
            self.cancel.set()
            self._wind_down(workers, hosts)
            raise
        aggregated = AggregatedResult(task.name)
        for host in hosts:
            aggregated[host.name] = results[host.name]
        return aggregated

    def _wind_down(self, workers: list[threading.Thread], hosts: list[Host]) -> None:
        """Let the hosts in flight finish for a moment, then close every session (bounded).

        A second interrupt here ends the wait for the hosts in flight (a signal handler that
        raises), never the closing of the sessions.
        """
        try:
            _wait(workers, deadline=time.monotonic() + self.grace_s)
        finally:
            closers = [
                threading.Thread(target=_close, args=(host,), daemon=True)
                for host in hosts
                if host.connections
            ]
            for closer in closers:
                closer.start()
            _wait(closers, deadline=time.monotonic() + self.close_s, swallow=True)


def _wait(
    threads: list[threading.Thread],
    deadline: float | None = None,
    until: Callable[[], bool] = lambda: False,
    swallow: bool = False,
) -> None:
    """Wait for `threads` (until `deadline`, or `until()` is true) in short steps, so a signal
    is handled at once; with `swallow`, a further KeyboardInterrupt does not end the wait."""
    while any(t.is_alive() for t in threads) and not until():
        if deadline is not None and time.monotonic() >= deadline:
            return
        try:
            next(t for t in threads if t.is_alive()).join(TICK_S)
        except KeyboardInterrupt:
            if not swallow:
                raise


def _close(host: Host) -> None:
    try:
        host.close_connections()
    except Exception:
        return
