"""Progress on stderr for long runs, shaped for where it is read.

On a terminal (and not in CI): a rich bar. In CI (the `CI` variable is set, as GitLab and
every other CI system do) or when stderr is not a terminal: no bar, and for device runs one
plain line per host, so a job log says which device did what. Runs report through here, never
through the CLI: `track` wraps a local loop (rendering), `NornirProgress` is a Nornir
Processor that reports each finished host.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

from nornir.core.inventory import Host
from nornir.core.task import AggregatedResult, MultiResult, Task
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from bluewire.device.errors import innermost, summary

T = TypeVar("T")
MIN_ITEMS = 50  # below this a bar flickers more than it helps
_console = Console(stderr=True)


def _bar() -> Progress:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    return Progress(*columns, TimeElapsedColumn(), console=_console, transient=True)


def interactive() -> bool:
    """A person watches stderr: a terminal, and not a CI job (which may fake one)."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def _shown(total: int) -> bool:
    return interactive() and total >= MIN_ITEMS


def track(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    if not _shown(total):
        yield from items
        return
    with _bar() as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)


def status(message: str) -> None:
    """A one-line status message on stderr."""
    print(message, file=sys.stderr)


def host_status(result: MultiResult) -> str:
    """A few words for a finished host: `failed: <what happened>`, changes or no change.

    Only device.errors' summary of a failure (`timed out logging in`, `authentication failed`),
    never the device's own text: that is in the report and the run's log, secrets masked.
    """
    if result.failed:
        exc = next((r.exception for r in result if r.exception is not None), None)
        what = summary(innermost(exc)) if exc is not None else None
        return f"failed: {what}" if what else "failed"
    return "changes" if any(r.changed for r in result) else "no change"


class NornirProgress:
    """A Nornir Processor (nornir.core.processor.Processor): each host's status as it finishes.

    A bar with the last host on a terminal; one `label host: status (seconds)` line per host in
    CI. Error details stay out of the log: they are in the report, secrets masked.
    """

    def __init__(
        self,
        label: str,
        live: bool | None = None,
        done: str | None = None,
        only: set[str] | None = None,
    ) -> None:
        self.label = label
        self.done = done  # a read-only run's word for a host that worked ("read"), not "no change"
        self.only = only  # the hosts shown (others in the run are prepared beside them)
        self.live = interactive() if live is None else live
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._started: dict[str, float] = {}

    def task_started(self, task: Task) -> None:
        total = len(task.nornir.inventory.hosts) if self.only is None else len(self.only)
        if self.live:
            self._progress = _bar()
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=total)

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def task_instance_started(self, task: Task, host: Host) -> None:
        self._started[host.name] = time.monotonic()

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        if self.only is not None and host.name not in self.only:
            return
        took = time.monotonic() - self._started.get(host.name, time.monotonic())
        word = self.done if self.done and not result.failed else host_status(result)
        line = f"{self.label} {host.name}: {word} ({took:.1f} s)"
        if self._progress is not None and self._task is not None:
            self._progress.console.print(line, highlight=False, markup=False)
            self._progress.update(self._task, description=f"{self.label} {host.name}")
            self._progress.advance(self._task)
        else:
            print(line, file=sys.stderr, flush=True)

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        return None

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        return None
