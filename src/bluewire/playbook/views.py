"""Views of a PlaybookReport: human, json, junit, markdown, html; each a pure function to text."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

from bluewire.playbook.model import FORMAT_VERSION, HostOutcome, PlaybookReport, Status
from bluewire.report.html import html_page
from bluewire.report.junit import junit_document
from bluewire.report.markdown import cell

_COUNTS = ("ok", "changed", "failed", "unreachable", "skipped")


def _counts(h: HostOutcome) -> str:
    return " ".join(f"{k}={h.counts.get(k, 0)}" for k in _COUNTS)


def _rows(report: PlaybookReport) -> list[tuple[str, HostOutcome]]:
    return sorted(report.hosts.items())


def to_human(report: PlaybookReport) -> str:
    lines = []
    for name, h in _rows(report):
        line = f"{h.status.value.upper():12} {name}  {_counts(h)}"
        lines.append(line + (f"\n             {h.message}" if h.message else ""))
    if report.output_dir:
        lines.append(f"output saved in {report.output_dir}")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def _host_dict(h: HostOutcome) -> dict[str, Any]:
    return {"status": h.status.value, "counts": h.counts, "message": h.message, "data": h.data}


def to_json(report: PlaybookReport) -> str:
    payload = {
        "format_version": FORMAT_VERSION,
        "command": "playbook run",
        "playbook": report.playbook,
        "check": report.check,
        "exit_code": int(report.exit_code),
        "summary": report.summary(),
        "output_dir": report.output_dir,
        "hosts": {name: _host_dict(h) for name, h in _rows(report)},
    }
    return json.dumps(payload, indent=2, sort_keys=True, default=str) + "\n"


_JUNIT_TAG = {Status.FAILED: "failure", Status.UNREACHABLE: "error", Status.SKIPPED: "skipped"}


def to_junit(report: PlaybookReport) -> str:
    """One testcase per host: failed is <failure>, unreachable <error>, not run <skipped>."""
    suite = ET.Element("testsuite", name=f"bluewire playbook {report.playbook}")
    for name, h in _rows(report):
        case = ET.SubElement(suite, "testcase", classname=f"bluewire.playbook.{report.playbook}")
        case.set("name", name)
        tag = _JUNIT_TAG.get(h.status)
        if tag is not None:
            el = ET.SubElement(case, tag, type=h.status.value, message=h.message or h.status)
            el.text = h.message or None
        ET.SubElement(case, "system-out").text = _counts(h)
    suite.set("tests", str(len(report.hosts)))
    suite.set("failures", str(report.count(Status.FAILED)))
    suite.set("errors", str(report.count(Status.UNREACHABLE)))
    suite.set("skipped", str(report.count(Status.SKIPPED)))
    return junit_document(suite)


def to_markdown(report: PlaybookReport) -> str:
    out = [f"### bluewire playbook {report.playbook}", "", report.summary(), ""]
    out += ["| host | status | ok | changed | failed | unreachable | message |"]
    out += ["|---|---|---:|---:|---:|---:|---|"]
    for name, h in _rows(report):
        c = h.counts
        nums = " | ".join(str(c.get(k, 0)) for k in _COUNTS[:4])
        out.append(f"| {cell(name)} | {h.status.value} | {nums} | {cell(h.message)} |")
    return "\n".join(out) + "\n"


def to_html(report: PlaybookReport) -> str:
    rows = [
        (
            (name, h.status.value, _counts(h)),
            h.message or json.dumps(h.data, indent=2) * bool(h.data),
        )
        for name, h in _rows(report)
    ]
    title = f"bluewire playbook {report.playbook}"
    return html_page(title, report.summary(), ("host", "status", "counts"), rows)


VIEWS: dict[str, Callable[[PlaybookReport], str]] = {
    "human": to_human,
    "json": to_json,
    "junit": to_junit,
    "markdown": to_markdown,
    "html": to_html,
}
