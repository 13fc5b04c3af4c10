"""The compliance report as an HTML page, in the shape of Nautobot Golden Config's views.

An overview (score, counts), a device × rule matrix (rules by severity, then id), then one
block per failing rule with its title, severity, references and, per device, the evidence as
missing / extra config lines with the fix; waivers and scores per site and device last.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bluewire.compliance.evidence import Finding, read
from bluewire.compliance.model import SEVERITY_RANK, Rule
from bluewire.compliance.results import ComplianceReport, RuleResult, Status
from bluewire.report.html import Card, Filters, Notice, render_page

SYMBOL = {
    Status.PASS: ("✓", "pass"),
    Status.FAIL: ("✗", "fail"),
    Status.WAIVED: ("W", "waived"),
    Status.MANUAL: ("?", "manual"),
    Status.NOT_APPLICABLE: ("·", "na"),
}
SEVERITY_TONE = {"high": "bad", "medium": "warn", "low": "info"}


@dataclass(frozen=True)
class HostEvidence:
    host: str
    status: str
    findings: list[Finding]
    fix: list[str]
    note: str


@dataclass(frozen=True)
class RuleBlock:
    rule: Rule
    tone: str
    hosts: list[HostEvidence]
    references: str


def rule_order(rules: Iterable[Rule]) -> list[Rule]:
    """Most severe first, then by id: the order a reviewer works through them."""
    return sorted(rules, key=lambda r: (-SEVERITY_RANK[r.severity], r.id))


def _cell(result: RuleResult | None, rule: Rule) -> tuple[str, str, str]:
    if result is None:
        return "", "na", f"{rule.id}: not evaluated"
    symbol, css = SYMBOL[result.status]
    return symbol, css, f"{result.host} · {rule.id} ({rule.severity}) {rule.title}: {css}"


def _matrix(report: ComplianceReport, rules: list[Rule]) -> list[tuple[str, list[Any]]]:
    """One row per device, the devices with most failures first."""
    by_key = {(r.host, r.rule): r for r in report.results}
    failed = report.scores("host")
    hosts = sorted(report.hosts, key=lambda h: (-failed[h].failed if h in failed else 0, h))
    return [
        (host, [(*_cell(by_key.get((host, rule.id)), rule), rule.id) for rule in rules])
        for host in hosts
    ]


def _host_evidence(report: ComplianceReport, r: RuleResult) -> HostEvidence:
    platform = report.platforms.get(r.host, "ios")
    findings = [read(e, platform) for e in r.evidence]
    fix = [line for f in findings for line in f.fix]
    note = r.message if r.waiver is not None else ""
    return HostEvidence(r.host, r.status.value, findings, list(dict.fromkeys(fix)), note)


def _references(rule: Rule) -> str:
    refs = [f"CJIS {', '.join(rule.references.cjis)}"] if rule.references.cjis else []
    refs += [f"NIST {', '.join(rule.references.nist)}"] if rule.references.nist else []
    stig = sorted({s.vuln for refs_ in rule.references.stig.values() for s in refs_})
    refs += [f"STIG {', '.join(stig)}"] if stig else []
    return " · ".join(refs)


def _blocks(report: ComplianceReport, rules: list[Rule]) -> list[RuleBlock]:
    out = []
    for rule in rules:
        bad = [
            _host_evidence(report, r)
            for r in report.results
            if r.rule == rule.id and r.status in (Status.FAIL, Status.WAIVED)
        ]
        if bad:
            failing = any(h.status == "fail" for h in bad)
            tone = SEVERITY_TONE[rule.severity] if failing else ""
            out.append(RuleBlock(rule, tone, bad, _references(rule)))
    return out


def _cards(report: ComplianceReport) -> list[Card]:
    s = report.overall()
    return [
        Card("score", s.shown, "good" if not s.failed else "warn"),
        Card("failed checks", s.failed, "bad" if s.failed else "good"),
        Card("waived", s.waived, "warn" if s.waived else ""),
        Card("devices", len(report.hosts), "info"),
        Card("rules", len(report.rules), "info"),
    ]


def _notices(report: ComplianceReport) -> list[Notice]:
    out = [Notice(f"{host}: {why}", "bad") for host, why in sorted(report.errors.items())]
    out += [
        Notice(f"waiver for {w.rule} on {', '.join(w.hosts)} expired on {w.expires}", "bad")
        for w in report.expired_waivers
    ]
    if not report.results and not report.errors:
        out.append(Notice("no configuration was evaluated: the score means nothing"))
    return out


def _score_rows(report: ComplianceReport, key: str) -> list[list[str]]:
    return [
        [k or "-", s.shown, str(s.passed), str(s.failed), str(s.waived)]
        for k, s in report.scores(key).items()
    ]


def to_html(report: ComplianceReport) -> str:
    rules = rule_order(report.rules.values())
    return render_page(
        "compliance.html.j2",
        title=f"bluewire compliance: {report.profile}",
        summary=report.summary(),
        meta=[f"{report.target} configs · fail on {report.fail_on} severity and above"],
        cards=_cards(report),
        notices=_notices(report),
        filters=Filters(tags=[("fail", "failing"), ("waived", "waived")]),
        rules=rules,
        matrix=_matrix(report, rules),
        blocks=_blocks(report, rules),
        waivers=report.waivers,
        expired=report.expired_waivers,
        scores={k: _score_rows(report, k) for k in ("site", "host")},
        tone=SEVERITY_TONE,
    )
