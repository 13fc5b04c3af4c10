"""One result model for `check` and `render --check`; every output format is a view of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bluewire.exitcodes import ExitCode

FORMAT_VERSION = 1


class Kind(StrEnum):
    """What a finding is; errors make the run exit 1, changes exit 2."""

    SCHEMA = "schema"
    TEMPLATE = "template"
    MISSING = "missing"
    STALE = "stale"
    ORPHANED = "orphaned"
    COMPLIANCE = "compliance"
    NOT_RENDERED = "not-rendered"  # a host without a role: loads for Nornir, no bluewire command
    LINK = "link"  # an interface description naming a far end that does not name it back

    @property
    def is_error(self) -> bool:
        return self in (Kind.SCHEMA, Kind.TEMPLATE, Kind.NOT_RENDERED)


@dataclass(frozen=True)
class Finding:
    host: str  # "" for inventory-wide findings
    kind: Kind
    message: str
    diff: str = ""
    blocking: bool = True  # False: listed for the reader (low-severity compliance, waivers), exit 0


@dataclass
class Report:
    command: str
    hosts: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def exit_code(self) -> ExitCode:
        codes = [
            ExitCode.ERROR if f.kind.is_error else ExitCode.CHANGES
            for f in self.findings
            if f.blocking
        ]
        return ExitCode.worst(*codes)

    def for_host(self, host: str) -> list[Finding]:
        return [f for f in self.findings if f.host == host]

    def summary(self) -> str:
        errors = sum(f.kind.is_error for f in self.findings)
        notes = sum(not f.blocking for f in self.findings)
        changes = len(self.findings) - errors - notes
        text = f"{len(self.hosts)} host(s) checked, {errors} error(s), {changes} change(s)"
        return text + (f", {notes} note(s)" if notes else "")
