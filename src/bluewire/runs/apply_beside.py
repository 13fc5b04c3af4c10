"""Run one device step on a second session while the host's task goes on with the first.

Apply's per-host path waits on the device for most of its time (each SSH CLI line is a round trip).
Where two steps are independent and use different sessions (the fresh post-check login and the
reads on the session that committed), running them side by side shortens the host's wall time
without dropping either. The thread is a daemon: an abandoned run (second Ctrl-C) does not wait
for a login in flight; its session is closed with the host's others.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Beside(Generic[T]):
    """`work` started now on its own thread; `result()` waits for it and returns its value or
    raises its exception, as if it had been called there."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as exc:  # handed to the caller of result()
            self._error = exc

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # set when no error
