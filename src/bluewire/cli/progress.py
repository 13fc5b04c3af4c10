"""Progress on stderr for long runs; silent when stderr is not a terminal (CI logs stay clean)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")
_console = Console(stderr=True)


def track(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    if not sys.stderr.isatty() or total < 50:
        yield from items
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=_console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)


def status(message: str) -> None:
    """A one-line status message on stderr."""
    print(message, file=sys.stderr)
