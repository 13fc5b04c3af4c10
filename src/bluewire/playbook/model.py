"""What a playbook run did to each host, folded from ansible-runner's event stream.

Pure: events in, `PlaybookReport` out, so the rules (which status wins, which message is shown)
are tested without Ansible. `runs/playbook.py` feeds it the events of a real run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bluewire.exitcodes import ExitCode

FORMAT_VERSION = 1
Event = Mapping[str, Any]


class Status(StrEnum):
    """A host's outcome, worst first: the first that applies wins."""

    UNREACHABLE = "unreachable"
    FAILED = "failed"
    CHANGED = "changed"
    OK = "ok"
    SKIPPED = "skipped"  # not run: no play matched it, or its collection is not installed

    @property
    def is_error(self) -> bool:
        return self in (Status.UNREACHABLE, Status.FAILED)


# Persistent network connections (network_cli, httpapi, netconf) report a device that cannot be
# reached as a *failed* task, not as unreachable (ansible.netcommon connection plugins); these
# are their messages for "no session could be opened".
_NO_SESSION = re.compile(
    r"ssh connection failed|could not connect to|connection refused|no route to host|"
    r"socket error|unable to (open shell|connect)|connection reset by peer|"
    r"name or service not known|connection (closed|lost)|error reading ssh protocol banner",
    re.IGNORECASE,
)

# ansible's stats keys -> our counter names
_STATS = {"ok": "ok", "changed": "changed", "failures": "failed", "dark": "unreachable"}
_STATS_EXTRA = {"skipped": "skipped", "rescued": "rescued", "ignored": "ignored"}


@dataclass
class HostOutcome:
    status: Status = Status.SKIPPED
    counts: dict[str, int] = field(default_factory=dict)  # ok/changed/failed/unreachable/...
    message: str = ""  # the first failure (task: message), or why the host was skipped
    data: dict[str, Any] = field(default_factory=dict)  # set_stats data {bluewire: {host: ...}}
    no_session: bool = False  # its first failure was the connection itself


@dataclass
class PlaybookReport:
    playbook: str
    check: bool
    hosts: dict[str, HostOutcome]
    output_dir: str = ""

    @property
    def exit_code(self) -> ExitCode:
        """1 when a host failed or was unreachable; in --check mode 2 when one would change."""
        if any(h.status.is_error for h in self.hosts.values()):
            return ExitCode.ERROR
        if self.check and any(h.status is Status.CHANGED for h in self.hosts.values()):
            return ExitCode.CHANGES
        return ExitCode.OK

    def count(self, status: Status) -> int:
        return sum(h.status is status for h in self.hosts.values())

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s.value}" for s in Status if self.count(s)]
        mode = " (check mode)" if self.check else ""
        return f"{self.playbook}{mode}: {len(self.hosts)} host(s): {', '.join(parts) or 'none'}"


def _message(data: Mapping[str, Any]) -> str:
    res = data.get("res") or {}
    text = res.get("msg") or res.get("stderr") or res.get("reason") or "failed"
    return f"{data.get('task', '')}: {text}".strip(": ")


def fold(
    playbook: str,
    hosts: Iterable[str],
    events: Iterable[Event],
    *,
    check: bool = False,
    mask: Callable[[str], str] = str,
) -> PlaybookReport:
    """The report of a run over `hosts` from its events; `mask` cleans every message shown."""
    report = PlaybookReport(playbook, check, {h: HostOutcome() for h in hosts})
    for event in events:
        data = event.get("event_data") or {}
        kind = event.get("event")
        host = report.hosts.get(str(data.get("host", "")))
        if kind in ("runner_on_failed", "runner_on_unreachable") and host is not None:
            if not data.get("ignore_errors") and not host.message:
                host.message = mask(_message(data))
                host.no_session = bool(_NO_SESSION.search(host.message))
        elif kind == "playbook_on_stats":
            _apply_stats(report, data)
    return report


def _apply_stats(report: PlaybookReport, stats: Mapping[str, Any]) -> None:
    # Playbooks publish per-host data as set_stats {bluewire: {HOST: {...}}}: ansible-runner's
    # recap carries only the run-wide set_stats data, and aggregation merges the hosts' dicts.
    per_host_data = (stats.get("artifact_data") or {}).get("bluewire") or {}
    for name, host in report.hosts.items():
        counts = {ours: int((stats.get(key) or {}).get(name, 0)) for key, ours in _STATS.items()}
        extra = {o: int((stats.get(k) or {}).get(name, 0)) for k, o in _STATS_EXTRA.items()}
        if host.no_session and counts["failed"]:
            counts = {**counts, "failed": counts["failed"] - 1, "unreachable": 1}
        host.counts = {**counts, **{k: v for k, v in extra.items() if v}}
        host.status = _status(counts, seen=name in (stats.get("processed") or {}))
        if isinstance(per_host_data.get(name), dict):
            host.data = dict(per_host_data[name])
        if host.status in (Status.OK, Status.CHANGED):
            host.message = ""


def _status(counts: Mapping[str, int], seen: bool) -> Status:
    if counts["unreachable"]:
        return Status.UNREACHABLE
    if counts["failed"]:
        return Status.FAILED
    if counts["changed"]:
        return Status.CHANGED
    return Status.OK if seen else Status.SKIPPED
