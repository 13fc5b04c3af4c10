"""The details of hosts a run could not handle: one line each on stderr, the rest in a log.

The per-host progress line says what happened in a few words (`failed: timed out logging in`);
the exception chain and traceback of every failed host go to `.bluewire/logs/<command>-*.log`
(scrubbed, mode 600), so a failing fleet never floods a CI log with driver tracebacks.
"""

from __future__ import annotations

import traceback

from nornir.core.task import AggregatedResult

from bluewire.crashlog import save_log
from bluewire.progress import status
from bluewire.project import Project


def log_failures(project: Project, command: str, results: AggregatedResult) -> None:
    """Write the failed hosts' tracebacks to the run's log and say where it is."""
    blocks = []
    for host, multi in sorted(results.items()):
        errors = [r.exception for r in multi if r.exception is not None]
        if multi.failed and errors:
            trace = "".join(traceback.format_exception(errors[-1]))
            blocks.append(f"=== {host}\n{trace}")
    if blocks:
        path = save_log(command, "\n".join(blocks), project)
        status(f"{len(blocks)} host(s) failed; details in {project.relative(path)}")
