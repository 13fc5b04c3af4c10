"""The drift report: a `Plan` whose target is "what runs", so every plan view applies to it.

Each host is a `HostPlan` (diff and remediation from the running config to the golden one) plus
what only drift knows: its status, the OS version it runs, software and running-compliance
findings. The JSON holds nothing a run could make differently from a merge of shards (no time,
no backup commit), which is what lets `report merge` reproduce a single run byte for byte.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bluewire.errors import BluewireError
from bluewire.exitcodes import ExitCode
from bluewire.plan.model import FORMAT_VERSION, HostPlan, Plan
from bluewire.project import read_regular

TARGET = "drift"


class Status(StrEnum):
    """A host's config state; the first two are what `--detailed-exitcode` calls changes."""

    DRIFTED = "drifted"  # changed on the device since the pipeline last put a config there
    PENDING = "pending"  # the golden config changed and was not applied yet
    IN_SYNC = "in-sync"
    UNREACHABLE = "unreachable"
    AUTH_FAILED = "auth-failed"
    FAILED = "failed"  # reached, but reading it failed

    @property
    def is_error(self) -> bool:
        return self in (Status.UNREACHABLE, Status.AUTH_FAILED, Status.FAILED)

    @property
    def is_change(self) -> bool:
        return self in (Status.DRIFTED, Status.PENDING)


# the per-status counts, then hosts with unapproved software and with violations (may overlap)
COLUMNS = [
    "drifted",
    "pending",
    "in-sync",
    "unreachable",
    "auth-failed",
    "failed",
    "unapproved-software",
    "non-compliant",
]


class SoftwareFinding(BaseModel):
    """The OS a device runs against the software policy."""

    model_config = ConfigDict(frozen=True)

    kind: str  # unapproved | expired | expiring
    message: str
    days_left: int | None = None

    @property
    def blocking(self) -> bool:
        return self.kind != "expiring"


class Violation(BaseModel):
    """A compliance rule the running config fails (after waivers)."""

    model_config = ConfigDict(frozen=True)

    rule: str
    severity: str
    title: str
    evidence: list[str] = []
    running_only: bool = False  # the golden config passes it: introduced on the device


class DriftHost(HostPlan):
    model_config = ConfigDict(frozen=True)

    status: Status
    reason: str = ""  # why this status, in a sentence (which apply, what failed)
    site: str = ""
    os_version: str = ""
    software: list[SoftwareFinding] = Field(default_factory=list)
    violations: list[Violation] = Field(default_factory=list)
    backup: str = ""  # the host's file on the backups branch

    @property
    def unapproved(self) -> bool:
        return any(f.blocking for f in self.software)

    @property
    def attention(self) -> bool:
        """Something for the morning: drift, a pending change, unapproved OS or a violation."""
        return self.status.is_change or self.unapproved or bool(self.violations)

    def finding_lines(self) -> list[str]:
        """One line per software finding and violation (plus its evidence), as views word them."""
        lines = [f"software: {f.message}" for f in self.software]
        for v in self.violations:
            new = " (new on the device: golden passes)" if v.running_only else ""
            lines.append(f"compliance: {v.rule} ({v.severity}) {v.title}{new}")
            lines += [f"  {e}" for e in v.evidence]
        return lines


class DriftReport(Plan):
    """One run's (or one shard's) hosts; `shard` is "" for a whole run and for a merge.

    `hosts` narrows the plan's HostPlan to DriftHost (hence the ignore: dict is invariant).
    """

    target: str = TARGET
    hosts: dict[str, DriftHost] = Field(default_factory=dict)  # type: ignore[assignment]
    shard: str = ""
    profile: str = ""  # the compliance profile run on the running configs ("" if not opted in)

    def sealed(self, key: bytes | None = None) -> DriftReport:
        """Hosts sorted and the digest filled in (the plan's own sealing, typed for drift)."""
        report = super().sealed(key)
        assert isinstance(report, DriftReport)
        return report

    @property
    def exit_code(self) -> ExitCode:
        """1 if any host failed, else 2 if any needs attention, else 0 (error beats drift)."""
        return ExitCode.worst(
            *(ExitCode.ERROR for h in self.hosts.values() if h.status.is_error),
            *(ExitCode.CHANGES for h in self.hosts.values() if h.attention),
        )

    def counts(self) -> dict[str, int]:
        """Hosts per status, plus unapproved-software and non-compliant hosts (may overlap)."""
        counts = Counter(str(h.status) for h in self.hosts.values())
        counts["unapproved-software"] = sum(h.unapproved for h in self.hosts.values())
        counts["non-compliant"] = sum(bool(h.violations) for h in self.hosts.values())
        return {k: counts[k] for k in COLUMNS}

    def noteworthy(self) -> list[tuple[str, DriftHost]]:
        """Hosts worth a section in a view: all but the in-sync ones without any finding."""
        return [
            (name, h)
            for name, h in self.hosts.items()
            if h.status is not Status.IN_SYNC or h.software or h.violations
        ]

    def by_site(self) -> dict[str, dict[str, int]]:
        """site ("-" for none) -> hosts, then hosts per column of `counts()`; sites sorted."""
        table: dict[str, dict[str, int]] = {}
        for host in self.hosts.values():
            row = table.setdefault(host.site or "-", dict.fromkeys(["hosts", *COLUMNS], 0))
            row["hosts"] += 1
            row[str(host.status)] += 1
            row["unapproved-software"] += host.unapproved
            row["non-compliant"] += bool(host.violations)
        return dict(sorted(table.items()))

    def summary(self) -> str:
        parts = [f"{n} {k}" for k, n in self.counts().items() if n]
        scope = f" (shard {self.shard})" if self.shard else ""
        return f"drift{scope}: {len(self.hosts)} host(s): {', '.join(parts) or 'nothing found'}"


def read_report(path: Path) -> DriftReport:
    """A drift report written by `bluewire drift --format json`; a damaged one is refused."""
    try:
        raw = read_regular(path)
    except OSError as exc:
        raise BluewireError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        report = DriftReport.model_validate_json(raw.decode("utf-8"))
    except ValueError as exc:
        raise BluewireError(f"{path}: not a bluewire drift report ({_first_line(exc)})") from None
    if report.target != TARGET or report.format_version != FORMAT_VERSION:
        raise BluewireError(
            f"{path}: not a drift report of format {FORMAT_VERSION} "
            f"(target {report.target!r}, format {report.format_version})"
        )
    if report.digest != report.compute_digest():
        raise BluewireError(f"{path}: digest mismatch: the report was modified after it was made")
    return report


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
