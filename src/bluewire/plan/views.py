"""Views of a Plan: human, JSON, JUnit, HTML (the MR comment is plan/markdown.py).

Every view orders hosts riskiest first (plan/summary.py) so they agree on what to read first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from bluewire.plan.markdown import NOTE_MARKER, summary, to_markdown
from bluewire.plan.model import HostPlan, Plan, Risk
from bluewire.plan.summary import (
    DIRTY,
    SERIOUS,
    compliance_words,
    exit_code,
    line_counts,
    riskiest_first,
    shared_changes,
    status,
)
from bluewire.report.html import Card, Filters, Notice, render_page
from bluewire.report.junit import junit_document

__all__ = ["NOTE_MARKER", "VIEWS", "to_html", "to_human", "to_json", "to_junit", "to_markdown"]


def to_json(plan: Plan) -> str:
    """The plan file's content plus what every JSON output carries (command, exit code)."""
    payload = plan.model_dump(mode="json")
    payload.update(command="plan", exit_code=int(exit_code(plan)), summary=summary(plan))
    return json.dumps(payload, indent=2, sort_keys=True) + "\n"


def to_junit(plan: Plan) -> str:
    """A planned change is a passed test with its diff in system-out: changing is the point.

    A host that could not be planned is an <error>; a change that breaks a compliance rule is a
    <failure>. So GitLab's test widget shows "24 passed" on a normal change MR.
    """
    suite = ET.Element("testsuite", name="bluewire plan")
    properties = ET.SubElement(suite, "properties")
    for key, value in (("commit", plan.commit), ("dirty", str(plan.dirty).lower())):
        ET.SubElement(properties, "property", name=key, value=value)
    if plan.dirty:
        ET.SubElement(suite, "system-err").text = f"WARNING: {DIRTY}"
    failures = 0
    for name, p in riskiest_first(plan):
        case = ET.SubElement(suite, "testcase", classname=f"bluewire.plan.{p.platform}", name=name)
        if p.error is not None:
            ET.SubElement(case, "error", type="device", message=p.error).text = p.error
            continue
        _, breaks = compliance_words(p)
        if breaks:
            failures += 1
            message = f"the change breaks compliance rule(s) {', '.join(breaks)}"
            ET.SubElement(case, "failure", type="compliance", message=message).text = p.diff
        if p.changed:
            ET.SubElement(case, "system-out").text = _junit_text(p)
    suite.set("tests", str(len(plan.hosts)))
    suite.set("failures", str(failures))
    suite.set("errors", str(len(plan.failed_hosts)))
    suite.set("skipped", "0")
    return junit_document(suite)


def _junit_text(p: HostPlan) -> str:
    risks = f"risks: {', '.join(p.risks)}\n" if p.risks else ""
    return f"{len(p.remediation)} command(s) to apply\n{risks}\n{p.diff or p.device_diff}"


def to_human(plan: Plan) -> str:
    """Summary first, then each changed or failed host riskiest first, the summary again last."""
    out = [f"WARNING: {DIRTY}"] if plan.dirty else []
    out.append(summary(plan))
    for name, p in riskiest_first(plan):
        if p.error is not None:
            out.append(f"ERROR   {name}: {p.error}")
        elif p.changed:
            risks = f"  [{', '.join(p.risks)}]" if p.risks else ""
            added, removed = line_counts(p)
            out.append(
                f"CHANGE  {name} ({p.platform}, {len(p.remediation)} commands, "
                f"+{added} -{removed}){risks}"
            )
            out.append((p.diff or p.device_diff).rstrip())
    if len(out) > 1 + plan.dirty:
        out.append(summary(plan))
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class _HostRow:
    name: str
    plan: HostPlan
    status: str
    tone: str
    added: int
    removed: int
    fixes: list[str]
    breaks: list[str]
    tags: str


def _row(name: str, p: HostPlan) -> _HostRow:
    added, removed = line_counts(p)
    fixes, breaks = compliance_words(p)
    serious = any(r in SERIOUS for r in p.risks)
    tone = "bad" if p.error or serious else "warn" if p.risks or breaks else ""
    tags = [status(p).replace(" ", "-"), *(str(r) for r in p.risks)]
    return _HostRow(name, p, status(p), tone, added, removed, fixes, breaks, " ".join(tags))


def _cards(plan: Plan) -> list[Card]:
    risky = [p for p in plan.hosts.values() if any(r in SERIOUS for r in p.risks)]
    return [
        Card("to change", len(plan.changed_hosts), "warn" if plan.changed_hosts else "good"),
        Card("failed", len(plan.failed_hosts), "bad" if plan.failed_hosts else "good"),
        Card("risky", len(risky), "bad" if risky else "good"),
        Card("hosts planned", len(plan.hosts), "info"),
    ]


def to_html(plan: Plan) -> str:
    rows = [_row(n, p) for n, p in riskiest_first(plan)]
    return render_page(
        "plan.html.j2",
        title="bluewire plan",
        summary=summary(plan),
        meta=[
            f"commit {plan.commit[:12]}{' (dirty)' if plan.dirty else ''} · target {plan.target}"
        ],
        cards=_cards(plan),
        notices=_notices(plan),
        filters=Filters(tags=[("error", "errors"), ("changes", "changes"), *_risk_tags()]),
        rows=[r for r in rows if r.status != "no change"],
        unchanged=[r.name for r in rows if r.status == "no change"],
        shared=shared_changes(plan),
        serious=[str(r) for r in SERIOUS],
    )


def _notices(plan: Plan) -> list[Notice]:
    out = []
    if plan.failed_hosts:
        names = ", ".join(plan.failed_hosts)
        out.append(Notice(f"{len(plan.failed_hosts)} host(s) could not be planned: {names}", "bad"))
    if plan.dirty:
        out.append(Notice(DIRTY))
    return out


def _risk_tags() -> list[tuple[str, str]]:
    return [(str(r), str(r)) for r in Risk]


VIEWS: dict[str, Callable[[Plan], str]] = {
    "human": to_human,
    "json": to_json,
    "junit": to_junit,
    "markdown": to_markdown,
    "html": to_html,
}
