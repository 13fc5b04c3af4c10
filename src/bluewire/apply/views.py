"""Views of an ApplyReport: human, json, junit, markdown, html; each a pure function to text."""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree as ET

from bluewire.apply.result import ApplyReport, HostResult, Outcome
from bluewire.report.html import html_page
from bluewire.report.junit import junit_document
from bluewire.report.markdown import NOTE_LIMIT, add_within_budget, cell, fence, html_text

RELOAD_NOTE = (
    "Dell OS10 has no commit-confirm: bluewire's driver arms `reload in N`, so an unconfirmed "
    "change on these switches is undone by rebooting them: {hosts}"
)


def _line(name: str, r: HostResult) -> str:
    where = f" [{r.stage}]" if r.stage else ""
    text = f"{r.outcome.value.upper():13} {name}{where}"
    return text + (f": {r.message}" if r.message else "")


def _reload_hosts(report: ApplyReport) -> list[str]:
    return [h for h, r in report.hosts.items() if r.revert == "reload"]


def _header(report: ApplyReport) -> list[str]:
    lines = [f"commit {report.commit[:12]}, plan digest {report.plan_digest[:16]}"]
    if report.emergency_reason is not None:
        lines.append(f"EMERGENCY change: {report.emergency_reason}")
    reload = _reload_hosts(report)
    if reload:
        lines.append(RELOAD_NOTE.format(hosts=", ".join(reload)))
    return lines


def to_human(report: ApplyReport) -> str:
    out = _header(report)
    for name, r in report.hosts.items():
        out.append(_line(name, r))
        out += [
            f"    check {c.name}: {'ok' if c.passed else 'FAILED'} {c.detail}" for c in r.checks
        ]
    out.append(report.summary())
    return "\n".join(out) + "\n"


def to_json(report: ApplyReport) -> str:
    return report.to_json()


def to_junit(report: ApplyReport) -> str:
    """One testcase per host: a refused/stale/not-attempted host is <skipped>, others <failure>."""
    suite = ET.Element("testsuite", name=f"bluewire {report.command}", tests=str(len(report.hosts)))
    failures = skipped = 0
    for name, r in report.hosts.items():
        case = ET.SubElement(suite, "testcase", classname=f"bluewire.{report.command}", name=name)
        if r.outcome in (Outcome.REFUSED, Outcome.STALE, Outcome.NOT_ATTEMPTED):
            ET.SubElement(case, "skipped", message=f"{r.outcome.value}: {r.message}")
            skipped += 1
        elif not r.outcome.ok:
            el = ET.SubElement(case, "failure", type=r.outcome.value, message=r.message)
            el.text = r.device_diff or r.message
            failures += 1
        else:
            ET.SubElement(case, "system-out").text = r.message or r.outcome.value
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    return junit_document(suite)


def to_markdown(report: ApplyReport) -> str:
    out = [f"### bluewire {report.command}", "", report.summary(), ""]
    out += [f"- {cell(line)}" for line in _header(report)] + [""]
    out += ["| host | stage | outcome | message |", "|---|---|---|---|"]
    for name, r in report.hosts.items():
        out.append(f"| {name} | {r.stage} | {r.outcome.value} | {cell(r.message)} |")
    out.append("")
    blocks = (
        f"<details><summary>{html_text(name)}: {r.outcome.value}</summary>\n\n"
        f"{fence(r.device_diff, 'diff')}\n</details>\n"
        for name, r in report.hosts.items()
        if r.device_diff
    )
    if add_within_budget(out, blocks, NOTE_LIMIT):
        out.append("_Further diffs omitted (size limit); see the JSON report._")
    return "\n".join(out) + "\n"


def to_html(report: ApplyReport) -> str:
    rows = [
        ((name, r.stage, r.outcome.value, r.message), r.device_diff)
        for name, r in report.hosts.items()
    ]
    summary = " · ".join([report.summary(), *_header(report)])
    headers = ("host", "stage", "outcome", "message")
    return html_page(f"bluewire {report.command}", summary, headers, rows)


VIEWS: dict[str, Callable[[ApplyReport], str]] = {
    "human": to_human,
    "json": to_json,
    "junit": to_junit,
    "markdown": to_markdown,
    "html": to_html,
}
