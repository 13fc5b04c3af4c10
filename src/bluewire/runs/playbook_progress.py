"""Progress of a playbook run from ansible-runner's events, on stderr.

On a terminal: one rich bar per task, advancing as each host reports. In CI (stderr not a
terminal): one plain line per host and task, so a job log reads like Ansible's own recap.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

_RESULTS = {
    "runner_on_ok": "ok",
    "runner_on_failed": "failed",
    "runner_on_unreachable": "unreachable",
    "runner_on_skipped": "skipped",
}


class PlaybookProgress:
    def __init__(self, hosts: int, tty: bool | None = None) -> None:
        self.hosts = hosts
        self.tty = sys.stderr.isatty() if tty is None else tty
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._name = ""

    def __enter__(self) -> PlaybookProgress:
        if self.tty:
            console = Console(stderr=True)
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
            self._bar = Progress(*columns, console=console, transient=True)
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def event(self, event: Mapping[str, Any]) -> None:
        """One runner event: a task starting, or one host's result for it."""
        data = event.get("event_data") or {}
        kind = event.get("event", "")
        if kind == "playbook_on_task_start":
            self._name = str(data.get("task", ""))
            if self._bar is not None:
                if self._task is not None:
                    self._bar.remove_task(self._task)
                self._task = self._bar.add_task(self._name, total=self.hosts)
            return
        result = _RESULTS.get(kind)
        if result is None:
            return
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task)
        elif self._bar is None:
            line = f"{result:11} {data.get('host', '')}  {self._name}"
            print(line + (" (ignored)" if data.get("ignore_errors") else ""), file=sys.stderr)
