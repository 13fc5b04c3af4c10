"""Progress on stderr for long runs; silent when stderr is not a terminal (CI logs stay clean).

Runs report through here, never through the CLI: `track` wraps a local loop (rendering),
`NornirProgress` is a Nornir Processor that advances one bar per finished host.
"""

from __future__ import annotations

import sys
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

T = TypeVar("T")
MIN_ITEMS = 50  # below this a bar flickers more than it helps
_console = Console(stderr=True)


def _bar() -> Progress:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    return Progress(*columns, TimeElapsedColumn(), console=_console, transient=True)


def _shown(total: int) -> bool:
    return sys.stderr.isatty() and total >= MIN_ITEMS


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


class NornirProgress:
    """A Nornir Processor: one bar over the hosts of a run (nornir.core.processor.Processor)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def task_started(self, task: Task) -> None:
        total = len(task.nornir.inventory.hosts)
        if _shown(total):
            self._progress = _bar()
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=total)

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def task_instance_started(self, task: Task, host: Host) -> None:
        return None

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task)

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        return None

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        return None
