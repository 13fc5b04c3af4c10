"""Views of a ComplianceReport: human, json, junit, markdown, html. Each is a pure function to text.

Every view lists the waivers (auditors ask for them), expired ones flagged, and the scores per
rule, per device and per site.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

from bluewire.compliance.html import to_html
from bluewire.compliance.model import Waiver
from bluewire.compliance.results import FORMAT_VERSION, ComplianceReport, RuleResult, Score, Status
from bluewire.report.junit import junit_document
from bluewire.report.markdown import cell

SHOWN = (Status.FAIL, Status.WAIVED, Status.MANUAL)


def _waiver_dict(w: Waiver, report: ComplianceReport) -> dict[str, Any]:
    return {
        "rule": w.rule,
        "hosts": list(w.hosts),
        "justification": w.justification,
        "approver": w.approver,
        "ticket": w.ticket,
        "expires": w.expires.isoformat(),
        "expired": w in report.expired_waivers,
    }


def _score_dict(s: Score) -> dict[str, Any]:
    return {"passed": s.passed, "failed": s.failed, "waived": s.waived, "percent": s.percent}


def _result_dict(r: RuleResult) -> dict[str, Any]:
    return {
        "rule": r.rule,
        "severity": r.severity,
        "status": r.status.value,
        "message": r.message,
        "evidence": [{"line": e.line, "text": e.text, "note": e.note} for e in r.evidence],
        "waiver": r.waiver.rule if r.waiver else None,
    }


def to_json(report: ComplianceReport) -> str:
    payload = {
        "format_version": FORMAT_VERSION,
        "command": "compliance",
        "profile": report.profile,
        "target": report.target,
        "parameters": report.parameters,
        "exit_code": int(report.exit_code),
        "summary": report.summary(),
        "score": _score_dict(report.overall()),
        "scores": {
            k: {n: _score_dict(s) for n, s in report.scores(k).items()}
            for k in ("rule", "host", "site")
        },
        "hosts": {
            h: {
                "site": report.hosts[h],
                "results": [_result_dict(r) for r in report.results if r.host == h],
            }
            for h in sorted(report.hosts)
        },
        "errors": report.errors,
        "rules": {
            r.id: {
                "title": r.title,
                "severity": r.severity,
                "manual": r.manual,
                "references": r.references.model_dump(mode="json"),
            }
            for r in report.rules.values()
        },
        "waivers": [_waiver_dict(w, report) for w in report.waivers],
    }
    return json.dumps(payload, indent=2, sort_keys=True) + "\n"


def _lines(r: RuleResult) -> str:
    return "\n".join(f"    {e}" for e in r.evidence)


def to_human(report: ComplianceReport) -> str:
    out: list[str] = []
    for r in sorted(report.results, key=lambda r: (r.host, r.rule)):
        if r.status in SHOWN:
            extra = f" [{r.message}]" if r.waiver or r.status is Status.MANUAL else ""
            if r.status is Status.MANUAL:
                continue  # listed once below, not per host
            out.append(f"{r.status.value.upper():7} {r.host}: {r.rule} ({r.severity}){extra}")
            out.append(_lines(r))
    manual = sorted({r.rule for r in report.results if r.status is Status.MANUAL})
    if manual:
        out.append(f"MANUAL  every host: {', '.join(manual)} (not checkable from config text)")
    for host, why in sorted(report.errors.items()):
        out.append(f"ERROR   {host}: {why}")
    for w in report.waivers:
        state = "EXPIRED" if w in report.expired_waivers else "active"
        out.append(
            f"WAIVER  {w.rule} on {', '.join(w.hosts)} until {w.expires} ({state}, {w.approver})"
        )
    for key in ("site", "host"):
        scores = ", ".join(f"{k or '-'} {s.shown}" for k, s in report.scores(key).items())
        out.append(f"score per {key}: {scores}")
    out.append(report.summary())
    return "\n".join(line for line in out if line) + "\n"


def to_junit(report: ComplianceReport) -> str:
    """One testsuite per host, one testcase per rule: fail is <failure>, manual/n/a <skipped>."""
    suites = ET.Element("testsuites", name=f"bluewire compliance {report.profile}")
    for host in sorted(report.hosts):
        suite = ET.SubElement(suites, "testsuite", name=host)
        results = [r for r in report.results if r.host == host]
        counts = {"failures": 0, "skipped": 0}
        for r in results:
            case = ET.SubElement(suite, "testcase", classname=f"compliance.{host}", name=r.rule)
            if r.status is Status.FAIL:
                counts["failures"] += 1
                el = ET.SubElement(case, "failure", type=r.severity, message=r.message)
                el.text = _lines(r)
            elif r.status in (Status.MANUAL, Status.NOT_APPLICABLE, Status.WAIVED):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=f"{r.status.value}: {r.message}")
        suite.set("tests", str(len(results)))
        suite.set("failures", str(counts["failures"]))
        suite.set("skipped", str(counts["skipped"]))
    for host, why in sorted(report.errors.items()):
        suite = ET.SubElement(suites, "testsuite", name=host, tests="1", errors="1")
        case = ET.SubElement(suite, "testcase", classname=f"compliance.{host}", name="config")
        ET.SubElement(case, "error", message=why)
    return junit_document(suites)


def to_markdown(report: ComplianceReport) -> str:
    out = [f"### bluewire compliance: {report.profile}", "", report.summary(), ""]
    bad = [r for r in report.results if r.status in (Status.FAIL, Status.WAIVED)]
    if bad:
        out += ["| host | rule | severity | status | evidence |", "|---|---|---|---|---|"]
        for r in sorted(bad, key=lambda r: (r.status.value, r.host, r.rule)):
            ev = "<br>".join(cell(str(e)) for e in r.evidence[:5])
            out.append(f"| {r.host} | {r.rule} | {r.severity} | {r.status.value} | {ev} |")
        out.append("")
    out += ["| site | score | pass | fail | waived |", "|---|---|---|---|---|"]
    for site, s in report.scores("site").items():
        out.append(f"| {site or '-'} | {s.shown} | {s.passed} | {s.failed} | {s.waived} |")
    out += ["", "**Waivers**", ""]
    if not report.waivers:
        out.append("_none_")
    for w in report.waivers:
        state = "**EXPIRED**" if w in report.expired_waivers else "active"
        out.append(
            f"- {w.rule} on {', '.join(w.hosts)}: until {w.expires} ({state}), approved by "
            f"{cell(w.approver)}{' ' + w.ticket if w.ticket else ''}: {cell(w.justification)}"
        )
    return "\n".join(out) + "\n"


VIEWS: dict[str, Callable[[ComplianceReport], str]] = {
    "human": to_human,
    "json": to_json,
    "junit": to_junit,
    "markdown": to_markdown,
    "html": to_html,
}
