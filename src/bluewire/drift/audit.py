"""The last successful apply per host, read from apply's audit records (the `audit` branch).

A record is apply's `AuditRecord` (bluewire.apply.audit); drift needs three things from each
host in it: that it ended well (applied, or already as intended), the sanitized running
config's hash after the run, and the golden config's hash if the record carries one. Records
are taken newest first, so reading stops as soon as every host asked for has its baseline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bluewire.apply.audit import AuditRecord, read_record
from bluewire.apply.result import HostResult, Outcome
from bluewire.drift.classify import Applied
from bluewire.errors import BluewireError

_GOOD = (Outcome.APPLIED, Outcome.NO_CHANGE)


def last_applied(
    paths: Iterable[str], read: Callable[[str], str | None], hosts: Iterable[str]
) -> dict[str, Applied]:
    """host -> its last successful apply, for the `hosts` that have one.

    `paths` are the record files on the audit branch; their names start with the run's UTC time,
    so reverse name order is newest first. `read(path)` returns a record's text.
    """
    wanted = set(hosts)
    found: dict[str, Applied] = {}
    for path in sorted(paths, reverse=True):
        if not wanted - found.keys():
            break
        if not path.endswith(".json"):
            continue
        record = _record(path, read(path) or "")
        for host, result in record.report.hosts.items():
            if host in wanted and host not in found:
                applied = _applied(record, result)
                if applied is not None:
                    found[host] = applied
    return found


def _record(path: str, text: str) -> AuditRecord:
    try:
        return read_record(text)
    except ValueError as exc:
        first = str(exc).strip().splitlines()[0]
        raise BluewireError(f"audit branch {path}: not an audit record ({first})") from None


def _applied(record: AuditRecord, result: HostResult) -> Applied | None:
    """The baseline this result leaves, None if it left none (failed, dry run, not verified)."""
    report = record.report
    if result.outcome not in _GOOD or report.dry_run:
        return None
    after = result.running_after or result.running_before
    if not after:
        return None
    finished = report.finished or report.started
    return Applied(
        running_sha256=after,
        intended_sha256=result.intended_sha256,
        change_id=report.change_id,
        when=finished.isoformat() if finished else "",
        command=report.command,
    )
