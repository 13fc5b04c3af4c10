"""Views of a drift report: human, JSON, JUnit, Markdown (HTML is in drift/html.py).

The morning reader wants what needs attention first: drifted, pending and failed hosts with
their reason and diff, then unapproved software and running-config violations. In JUnit a
drifted or pending host, unapproved software and a violation are failures; a device that could
not be read is an error (CI shows it apart: the check did not run).
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree as ET

from bluewire.drift.html import to_html
from bluewire.drift.model import COLUMNS, DriftHost, DriftReport
from bluewire.report.junit import junit_document
from bluewire.report.markdown import NOTE_LIMIT, add_within_budget, cell, fence, html_text


def to_json(report: DriftReport) -> str:
    return report.to_json()


def to_human(report: DriftReport) -> str:
    out: list[str] = []
    for name, host in report.noteworthy():
        out.append(
            f"{str(host.status).upper():12} {name} ({host.site or '-'}): {host.reason}".rstrip(": ")
        )
        out += [f"  {line}" for line in host.finding_lines()]
        if host.status.is_change and host.diff:
            out.append(host.diff.rstrip())
    out.append(f"{report.summary()} — commit {report.commit[:12]}")
    return "\n".join(out) + "\n"


def to_junit(report: DriftReport) -> str:
    suite = ET.Element("testsuite", name="bluewire drift", tests=str(len(report.hosts)))
    failures = errors = 0
    for name, host in report.hosts.items():
        case = ET.SubElement(
            suite, "testcase", classname=f"bluewire.drift.{host.site or host.platform}", name=name
        )
        if host.status.is_error:
            errors += 1
            ET.SubElement(
                case, "error", type=str(host.status), message=host.reason
            ).text = host.reason
        elif host.attention:
            failures += 1
            kinds = _failure_kinds(host)
            message = "; ".join(
                ([host.reason] if host.status.is_change else []) + host.finding_lines()[:1]
            )
            body = "\n".join(
                [*host.finding_lines(), host.diff if host.status.is_change else ""]
            ).strip()
            ET.SubElement(case, "failure", type=",".join(kinds), message=message).text = body
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    return junit_document(suite)


def _failure_kinds(host: DriftHost) -> list[str]:
    kinds = [str(host.status)] if host.status.is_change else []
    kinds += ["software"] if host.unapproved else []
    return kinds + (["compliance"] if host.violations else [])


def to_markdown(report: DriftReport) -> str:
    lines = [
        "### bluewire drift",
        "",
        f"{report.summary()} — commit `{report.commit[:12]}`{' (dirty)' if report.dirty else ''}",
        "",
        "| site | hosts | " + " | ".join(COLUMNS) + " |",
        "|---|" + "---:|" * (len(COLUMNS) + 1),
    ]
    for site, row in report.by_site().items():
        lines.append(
            f"| {cell(site)} | " + " | ".join(str(row[c]) for c in ["hosts", *COLUMNS]) + " |"
        )
    lines += ["", "| host | site | status | OS | why |", "|---|---|---|---|---|"]
    for name, host in report.noteworthy():
        lines.append(
            f"| {name} | {cell(host.site)} | {host.status} | {cell(host.os_version)} | "
            f"{cell('; '.join([host.reason, *host.finding_lines()[:2]]).strip('; '))} |"
        )
    lines.append("")
    omitted = add_within_budget(
        lines, (_md_details(n, h) for n, h in report.noteworthy()), NOTE_LIMIT
    )
    if omitted:
        lines.append(f"_{omitted} host detail(s) left out for size; see the JSON or HTML report._")
    return "\n".join(lines) + "\n"


def _md_details(name: str, host: DriftHost) -> str:
    parts = [f"<details><summary><b>{html_text(name)}</b>: {host.status}</summary>", ""]
    parts += [f"- {cell(line.strip())}" for line in [host.reason, *host.finding_lines()] if line]
    if host.status.is_change and host.diff:
        parts += ["", fence(host.diff, "diff"), "", "Remediation:", ""]
        parts += [fence("\n".join(host.remediation))]
    return "\n".join([*parts, "</details>", ""])


VIEWS: dict[str, Callable[[DriftReport], str]] = {
    "human": to_human,
    "json": to_json,
    "junit": to_junit,
    "markdown": to_markdown,
    "html": to_html,
}
