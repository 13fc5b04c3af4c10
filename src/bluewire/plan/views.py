"""Views of a Plan: Markdown MR comment, JUnit, JSON and a coloured human diff."""

from __future__ import annotations

import html
from collections.abc import Callable
from xml.etree import ElementTree as ET

from bluewire.plan.model import HostPlan, Plan
from bluewire.report.html import html_page
from bluewire.report.junit import junit_document
from bluewire.report.markdown import NOTE_LIMIT, add_within_budget, cell

NOTE_MARKER = "<!-- bluewire-plan -->"


def _status(p: HostPlan) -> str:
    if p.error is not None:
        return "error"
    return "changes" if p.changed else "no change"


def summary(plan: Plan) -> str:
    changed, failed = len(plan.changed_hosts), len(plan.failed_hosts)
    clean = len(plan.hosts) - changed - failed
    return f"{len(plan.hosts)} host(s) planned: {changed} to change, {clean} unchanged, {failed} failed"


def to_markdown(plan: Plan) -> str:
    head = [
        NOTE_MARKER,
        "### bluewire plan",
        "",
        f"{summary(plan)} — commit `{plan.commit[:12]}`{' (dirty)' if plan.dirty else ''}",
        "",
    ]
    rows = ["| host | platform | status | lines | risks |", "|---|---|---|---:|---|"]
    for name, p in plan.hosts.items():
        risks = ", ".join(f"**{r}**" for r in p.risks) or ""
        status = f"error: {cell(p.error)}" if p.error else _status(p)
        rows.append(f"| {name} | {p.platform} | {status} | {len(p.remediation)} | {risks} |")
    body = [*head, *rows, ""]
    details = (_details(name, p) for name, p in plan.hosts.items() if p.changed)
    omitted = add_within_budget(body, details, NOTE_LIMIT)
    if omitted:
        body.append(
            f"_{omitted} host diff(s) omitted to stay under GitLab's note size limit; "
            "the full plan is in the `plan.json` artifact._"
        )
    return "\n".join(body) + "\n"


def _details(name: str, p: HostPlan) -> str:
    parts = [
        f"<details><summary><b>{html.escape(name)}</b>: {len(p.remediation)} command(s)"
        f"{' — ' + ', '.join(p.risks) if p.risks else ''}</summary>",
        "",
    ]
    for risk, evidence in p.risk_evidence.items():
        parts.append(f"- {risk}: " + "; ".join(f"`{e}`" for e in evidence[:5]))
    if p.compliance:
        parts.append(
            "- compliance: "
            + ", ".join(
                f"{'breaks' if d.startswith('+') else 'fixes'} {d[1:]}" for d in p.compliance
            )
        )
    parts += [
        "",
        "```diff",
        (p.diff or p.device_diff).rstrip(),
        "```",
        "",
        "Remediation:",
        "",
        "```",
        "\n".join(p.remediation),
        "```",
        "</details>",
        "",
    ]
    return "\n".join(parts)


def to_junit(plan: Plan) -> str:
    suite = ET.Element(
        "testsuite",
        name="bluewire plan",
        tests=str(len(plan.hosts)),
        failures=str(len(plan.changed_hosts)),
        errors=str(len(plan.failed_hosts)),
    )
    for name, p in plan.hosts.items():
        case = ET.SubElement(suite, "testcase", classname=f"bluewire.plan.{p.platform}", name=name)
        if p.error is not None:
            ET.SubElement(case, "error", type="device", message=p.error).text = p.error
        elif p.changed:
            msg = f"{len(p.remediation)} command(s) to apply" + (
                f"; risks: {', '.join(p.risks)}" if p.risks else ""
            )
            ET.SubElement(case, "failure", type="change", message=msg).text = (
                p.diff or p.device_diff
            )
    return junit_document(suite)


def to_json(plan: Plan) -> str:
    return plan.to_json()


def to_human(plan: Plan) -> str:
    out: list[str] = []
    for name, p in plan.hosts.items():
        if p.error is not None:
            out.append(f"ERROR   {name}: {p.error}")
        elif p.changed:
            risks = f"  [{', '.join(p.risks)}]" if p.risks else ""
            out.append(f"CHANGE  {name} ({p.platform}, {len(p.remediation)} commands){risks}")
            out.append((p.diff or p.device_diff).rstrip())
    out.append(summary(plan))
    return "\n".join(out) + "\n"


def to_html(plan: Plan) -> str:
    rows = [
        ((name, p.platform, p.error or _status(p), ", ".join(p.risks)), p.diff)
        for name, p in plan.hosts.items()
    ]
    return html_page("bluewire plan", summary(plan), ("host", "platform", "status", "risks"), rows)


VIEWS: dict[str, Callable[[Plan], str]] = {
    "human": to_human,
    "json": to_json,
    "junit": to_junit,
    "markdown": to_markdown,
    "html": to_html,
}
