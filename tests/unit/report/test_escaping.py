"""Every view escapes for its format: text from devices and inventories cannot break a report.

Each result model gets hostile text where a device or an error message can put it (an error,
a diff, remediation lines, a drift reason) and each format is read back the way its reader
would: JUnit by an XML parser, Markdown by CommonMark with tables (GitLab's MR note), HTML by an
HTML parser, the human view through the terminal writer.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from markdown_it import MarkdownIt

from bluewire.cli.output import write_stdout
from bluewire.drift.model import DriftHost, DriftReport, Status
from bluewire.drift.views import VIEWS as DRIFT_VIEWS
from bluewire.plan.model import HostPlan, Plan
from bluewire.plan.views import VIEWS as PLAN_VIEWS
from bluewire.playbook.model import HostOutcome, PlaybookReport
from bluewire.playbook.model import Status as PlaybookStatus
from bluewire.playbook.views import VIEWS as PLAYBOOK_VIEWS
from bluewire.report.model import Finding, Kind, Report
from bluewire.report.views import VIEWS as CHECK_VIEWS

EVIL = [
    '<img src=x onerror="alert(1)">',
    "a | b | c",
    "```\n<script>alert(1)</script>\n```",
    "\x1b[2J\x1b]0;pwned\x07 bell",
    "nul \x00 and \x0b and \x7f and \ufffe",
    "[click](javascript:alert(1)) ![x](http://tracker.example/p.png)",
    "**bold** _em_ `code` ~~strike~~ &amp; &lt;b&gt;",
    "</details><details open><summary>fake</summary>",
]
MARKERS = ("<img", "<script", "</details><details")


def _check(evil: str) -> Report:
    diff = f"--- a\n+++ b\n@@ -1 +1 @@\n-{evil}\n+description {evil}\n```\n"
    return Report("check", ["sw|1"], [Finding("sw|1", Kind.TEMPLATE, evil, diff)])


def _plan(evil: str) -> Plan:
    hosts = {
        "sw1": HostPlan(platform="ios", error=evil),
        "sw2": HostPlan(
            platform="ios",
            diff=f"-{evil}\n+x\n```\n",
            remediation=[f"description {evil}", "```"],
            rollback=[evil],
            risk_evidence={"large-change": [evil]},
        ),
    }
    return Plan(commit="abc", hosts=hosts, dirty=True).sealed()


def _drift(evil: str) -> DriftReport:
    host = DriftHost(platform="ios", status=Status.DRIFTED, reason=evil, diff=f"-{evil}\n+x\n")
    return DriftReport(commit="abc", hosts={"sw1": host}).sealed()


def _playbook(evil: str) -> PlaybookReport:
    outcome = HostOutcome(status=PlaybookStatus.FAILED, message=evil)
    return PlaybookReport(playbook="facts", check=False, hosts={"sw1": outcome})


MODELS: dict[str, tuple[Callable[[str], Any], dict[str, Callable[[Any], str]]]] = {
    "check": (_check, CHECK_VIEWS),
    "plan": (_plan, PLAN_VIEWS),
    "drift": (_drift, DRIFT_VIEWS),
    "playbook": (_playbook, PLAYBOOK_VIEWS),
}
CASES = [(m, e) for m in MODELS for e in range(len(EVIL))]


def _view(model: str, evil: int, fmt: str) -> str:
    make, views = MODELS[model]
    return views[fmt](make(EVIL[evil]))


@pytest.mark.parametrize(("model", "evil"), CASES)
def test_junit_stays_well_formed_xml(model: str, evil: int) -> None:
    text = _view(model, evil, "junit")
    root = ET.fromstring(text.encode())  # raises on a control character or broken markup
    assert root.tag in ("testsuite", "testsuites")
    assert "\x1b" not in text and "\x00" not in text


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


@pytest.mark.parametrize(("model", "evil"), CASES)
def test_html_shows_text_never_markup(model: str, evil: int) -> None:
    text = _view(model, evil, "html")
    parser = _Tags()
    parser.feed(text)
    assert "img" not in parser.tags
    assert parser.tags.count("script") <= text.count("<script>\n")  # only the page's own script
    assert "\x1b" not in text and "\x00" not in text


MD = MarkdownIt("commonmark").enable("table")


@pytest.mark.parametrize(("model", "evil"), CASES)
def test_markdown_note_renders_no_foreign_html_link_or_image(model: str, evil: int) -> None:
    text = _view(model, evil, "markdown")
    tokens = MD.parse(text)
    inline = [c for t in tokens if t.children for c in t.children]
    assert not [c for c in inline if c.type in ("image", "link_open")]
    raw_html = "".join(t.content for t in [*tokens, *inline] if "html" in t.type)
    for marker in MARKERS:
        assert marker not in raw_html, raw_html
    for widths in _row_widths(tokens):
        assert len(set(widths)) == 1, "a table row has a different number of cells"
    assert "\x1b" not in text and "\x00" not in text


def _row_widths(tokens: list[Any]) -> list[list[int]]:
    """Per table, the number of cells of each row (header included)."""
    tables: list[list[int]] = []
    for t in tokens:
        if t.type == "table_open":
            tables.append([])
        elif t.type == "tr_open":
            tables[-1].append(0)
        elif t.type in ("td_open", "th_open"):
            tables[-1][-1] += 1
    return tables


@pytest.mark.parametrize(("model", "evil"), CASES)
def test_terminal_output_carries_no_escape_sequence(
    model: str, evil: int, capsys: pytest.CaptureFixture[str]
) -> None:
    write_stdout(_view(model, evil, "human"), "human")
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x00" not in out
