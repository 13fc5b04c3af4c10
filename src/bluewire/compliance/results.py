"""The compliance result model: one RuleResult per (host, rule); every report format is a view of it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from bluewire.compliance.model import SEVERITY_RANK, Rule, Waiver
from bluewire.exitcodes import ExitCode

FORMAT_VERSION = 1


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WAIVED = "waived"
    MANUAL = "manual"
    NOT_APPLICABLE = "n/a"


@dataclass(frozen=True)
class Evidence:
    line: int  # 0: the line is missing from the config
    text: str
    note: str = ""
    kind: str = ""  # missing | extra | incomplete | "" (found / a value): for reader views
    want: str = ""  # the pattern a missing or incomplete line must match
    scope: str = ""  # the block a missing or extra line belongs under

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "missing"
        return f"{where}: {self.text}" + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class RuleResult:
    host: str
    rule: str
    severity: str
    status: Status
    evidence: tuple[Evidence, ...] = ()
    waiver: Waiver | None = None
    message: str = ""

    @property
    def counted_failed(self) -> bool:
        return self.status is Status.FAIL


@dataclass(frozen=True)
class Score:
    passed: int = 0
    failed: int = 0
    waived: int = 0

    @property
    def percent(self) -> float | None:
        """Waived results count as compliant (an accepted risk); manual and n/a are not scored.
        None when nothing was scored: no evaluated config is not a compliant one."""
        total = self.passed + self.failed + self.waived
        return None if total == 0 else round(100.0 * (self.passed + self.waived) / total, 1)

    @property
    def shown(self) -> str:
        """The score as people read it: `97.5%`, or `n/a` when nothing was scored."""
        return "n/a" if self.percent is None else f"{self.percent}%"

    def add(self, status: Status) -> Score:
        return Score(
            self.passed + (status is Status.PASS),
            self.failed + (status is Status.FAIL),
            self.waived + (status is Status.WAIVED),
        )


@dataclass
class ComplianceReport:
    profile: str
    target: str
    parameters: dict[str, float | dict[str, float]]
    rules: dict[str, Rule]
    hosts: dict[str, str]  # host -> site
    results: list[RuleResult] = field(default_factory=list)
    waivers: tuple[Waiver, ...] = ()
    expired_waivers: tuple[Waiver, ...] = ()
    fail_on: str = "low"
    errors: dict[str, str] = field(default_factory=dict)  # host -> why it was not evaluated
    platforms: dict[str, str] = field(default_factory=dict)  # host -> platform (for the fixes)

    @property
    def violations(self) -> list[RuleResult]:
        return [r for r in self.results if r.status is Status.FAIL]

    @property
    def exit_code(self) -> ExitCode:
        floor = SEVERITY_RANK[self.fail_on]
        failing = any(SEVERITY_RANK[r.severity] >= floor for r in self.violations)
        return ExitCode.worst(
            ExitCode.ERROR if self.errors else ExitCode.OK,
            ExitCode.CHANGES if failing else ExitCode.OK,
        )

    def scores(self, key: str) -> dict[str, Score]:
        """Scores per 'rule', 'host' or 'site'."""
        out: dict[str, Score] = defaultdict(Score)
        for r in self.results:
            k = {"rule": r.rule, "host": r.host, "site": self.hosts.get(r.host, "")}[key]
            out[k] = out[k].add(r.status)
        return dict(sorted(out.items()))

    def overall(self) -> Score:
        total = Score()
        for r in self.results:
            total = total.add(r.status)
        return total

    def summary(self) -> str:
        s = self.overall()
        counts: dict[Status, int] = defaultdict(int)
        for r in self.results:
            counts[r.status] += 1
        return (
            f"profile {self.profile} on {self.target} configs: {len(self.hosts)} host(s), "
            f"{len(self.rules)} rule(s), score {s.shown}: {s.passed} pass, {s.failed} fail, "
            f"{s.waived} waived, {counts[Status.MANUAL]} manual, "
            f"{len(self.expired_waivers)} expired waiver(s)"
        )
