"""Views of a Report: human, json, junit, markdown, html. Each is a pure function to text."""

from __future__ import annotations

import json
from collections.abc import Callable
from xml.etree import ElementTree as ET

from bluewire.report.grouping import SECTIONS, grouped
from bluewire.report.html import Card, Filters, render_page
from bluewire.report.junit import junit_document
from bluewire.report.markdown import NOTE_LIMIT, add_within_budget, cell, fence, html_text
from bluewire.report.model import FORMAT_VERSION, Finding, Report


def to_json(report: Report) -> str:
    payload = {
        "format_version": FORMAT_VERSION,
        "command": report.command,
        "exit_code": int(report.exit_code),
        "summary": report.summary(),
        "hosts": {
            host: [_finding_dict(f) for f in report.for_host(host)] for host in sorted(report.hosts)
        },
        "inventory": [_finding_dict(f) for f in report.for_host("")],
    }
    return json.dumps(payload, indent=2, sort_keys=True) + "\n"


def _finding_dict(f: Finding) -> dict[str, str | bool]:
    return {"kind": f.kind.value, "message": f.message, "diff": f.diff, "blocking": f.blocking}


def to_human(report: Report) -> str:
    """Errors, then changes, then notes; a problem shared by many hosts is printed once."""
    lines: list[str] = []
    for g in grouped(report.findings):
        label = g.kind.value.upper() if g.blocking else "NOTE"
        if len(g.hosts) > 1:
            lines.append(f"{label:9} {g.message}")
            lines.append(f"{'':9} on {g.where}")
        else:
            lines.append(f"{label:9} {g.hosts[0] or '-'}: {g.message}")
        if g.diff:
            lines.append(g.diff.rstrip("\n"))
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def to_junit(report: Report) -> str:
    """One testcase per host (plus one for the inventory); errors are <error>, changes <failure>."""
    suite = ET.Element("testsuite", name=f"bluewire {report.command}")
    cases = [("inventory", report.for_host(""))]
    cases += [(h, report.for_host(h)) for h in sorted(report.hosts)]
    failures = errors = 0
    for name, findings in cases:
        case = ET.SubElement(suite, "testcase", classname=f"bluewire.{report.command}", name=name)
        for f in findings:
            if not f.blocking:
                ET.SubElement(case, "system-out").text = f.message
                continue
            tag = "error" if f.kind.is_error else "failure"
            errors += tag == "error"
            failures += tag == "failure"
            el = ET.SubElement(case, tag, type=f.kind.value, message=f.message)
            el.text = f.diff or f.message
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    return junit_document(suite)


def to_markdown(report: Report) -> str:
    out = [f"### bluewire {report.command}", "", report.summary(), ""]
    if report.findings:
        out += ["| host | kind | message |", "|---|---|---|"]
        for f in report.findings:
            out.append(f"| {f.host or '(inventory)'} | {f.kind.value} | {cell(f.message)} |")
        out.append("")
    blocks = (
        f"<details><summary>{html_text(f.host)}: {html_text(f.message)}</summary>\n\n"
        f"{fence(f.diff, 'diff')}\n</details>\n"
        for f in report.findings
        if f.diff
    )
    if add_within_budget(out, blocks, NOTE_LIMIT):
        out.append("_Further diffs omitted: the comment would exceed GitLab's note size limit._")
    return "\n".join(out) + "\n"


HINTS = {
    "schema": "Fix the inventory file at the line shown.",
    "template": "Fix the template at the line shown.",
    "missing": "Run `bluewire render` and commit golden_configs/.",
    "stale": "Run `bluewire render` and commit golden_configs/.",
    "orphaned": "`bluewire render` deletes it; commit the deletion (or add the host back).",
    "compliance": "See `bluewire compliance` for the rule, its evidence and the fix.",
}


def to_html(report: Report) -> str:
    groups = grouped(report.findings)
    count = {s: sum(g.section == s for g in groups) for s in SECTIONS}
    cards = [
        Card("hosts checked", len(report.hosts), "info"),
        Card("errors", count["error"], "bad" if count["error"] else "good"),
        Card("changes", count["change"], "warn" if count["change"] else "good"),
        Card("notes", count["note"]),
    ]
    return render_page(
        "check.html.j2",
        title=f"bluewire {report.command}",
        summary=report.summary(),
        cards=cards,
        filters=Filters(tags=[(s, f"{s}s") for s in SECTIONS]) if groups else None,
        groups=groups,
        sections=[("error", "Errors", "bad"), ("change", "Changes", "warn"), ("note", "Notes", "")],
        hint=HINTS,
    )


VIEWS: dict[str, Callable[[Report], str]] = {
    "human": to_human,
    "json": to_json,
    "junit": to_junit,
    "markdown": to_markdown,
    "html": to_html,
}
EXTENSIONS = {".json": "json", ".xml": "junit", ".md": "markdown", ".html": "html", ".txt": "human"}
