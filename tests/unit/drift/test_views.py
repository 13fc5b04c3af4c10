"""Drift views: what needs a look first, errors apart from failures, device text escaped."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from bluewire.drift.model import (
    COLUMNS,
    DriftHost,
    DriftReport,
    SoftwareFinding,
    Status,
    Violation,
)
from bluewire.drift.views import VIEWS, to_html, to_human, to_junit, to_markdown

NASTY = "description <script>alert(1)</script> | & done"


def report() -> DriftReport:
    violation = Violation(
        rule="SEC-NTP-2",
        severity="medium",
        title="the clock follows redundant time servers",
        evidence=["missing: ntp server"],
        running_only=True,
    )
    return DriftReport(
        commit="0123456789abcdef",
        profile="cjis",
        hosts={
            "hq-core-1": DriftHost(
                platform="ios",
                status=Status.DRIFTED,
                site="hq",
                reason="changed on the device since the apply of CHG0000001",
                diff=f" interface Gi1/0/5\n-{NASTY}\n",
                remediation=["interface Gi1/0/5", " no description"],
                os_version="17.9.4a",
            ),
            "hq-core-2": DriftHost(platform="ios", status=Status.IN_SYNC, site="hq"),
            "dc-leaf-1": DriftHost(
                platform="eos",
                status=Status.PENDING,
                site="dc",
                reason="golden config changed since the apply of CHG0000002",
                diff="+ntp server 192.0.2.1\n",
                remediation=["ntp server 192.0.2.1"],
            ),
            "edge-fw-1": DriftHost(
                platform="junos",
                status=Status.UNREACHABLE,
                site="edge",
                reason="connection refused: [Errno 111]",
                error="connection refused: [Errno 111]",
            ),
            "d1-access-1": DriftHost(
                platform="ios",
                status=Status.IN_SYNC,
                site="d1",
                software=[SoftwareFinding(kind="unapproved", message="unapproved OS 16.12.4")],
                violations=[violation],
            ),
            "d2-access-1": DriftHost(
                platform="ios",
                status=Status.IN_SYNC,
                site="d2",
                software=[SoftwareFinding(kind="expiring", message="approval expires in 9 days")],
            ),
            "d3-access-1": DriftHost(platform="dellos10", status=Status.AUTH_FAILED, site="d3"),
        },
    ).sealed()


def test_columns_follow_the_statuses() -> None:
    assert COLUMNS[: len(Status)] == [str(s) for s in Status]


def test_per_site_counts() -> None:
    sites = report().by_site()
    assert list(sites) == ["d1", "d2", "d3", "dc", "edge", "hq"]
    assert sites["hq"] == dict.fromkeys(["hosts", *COLUMNS], 0) | {
        "hosts": 2,
        "drifted": 1,
        "in-sync": 1,
    }
    assert sites["d1"]["unapproved-software"] == 1 and sites["d1"]["non-compliant"] == 1


def test_junit_failures_and_errors() -> None:
    suite = ET.fromstring(to_junit(report()))
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("7", "3", "2")
    cases = {c.get("name"): c for c in suite}
    assert cases["hq-core-1"].find("failure").get("type") == "drifted"  # type: ignore[union-attr]
    assert cases["dc-leaf-1"].find("failure").get("type") == "pending"  # type: ignore[union-attr]
    kinds = cases["d1-access-1"].find("failure").get("type")  # type: ignore[union-attr]
    assert kinds == "software,compliance"
    assert cases["edge-fw-1"].find("error").get("type") == "unreachable"  # type: ignore[union-attr]
    assert cases["d3-access-1"].find("error").get("type") == "auth-failed"  # type: ignore[union-attr]
    assert list(cases["hq-core-2"]) == [] and list(cases["d2-access-1"]) == []  # a note passes


def test_html_is_self_contained_summary_first_and_escaped() -> None:
    page = to_html(report())
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.index("drift: 7 host(s)") < page.index("<h2>Sites</h2>") < page.index("<details>")
    assert page.count("<details>") == 7  # 6 devices worth a look + the in-sync list
    assert "1 device(s) in sync" in page and 'name="viewport"' in page


def test_markdown_lists_what_needs_a_look() -> None:
    text = to_markdown(report())
    assert "| hq | 2 | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |" in text
    rows = [line.split(" | ")[0] for line in text.splitlines() if re.match(r"\| \w+-\w+-", line)]
    assert "| hq-core-2" not in text  # in sync, nothing to say
    assert rows == [
        "| d1-access-1",
        "| d2-access-1",
        "| d3-access-1",
        "| dc-leaf-1",
        "| edge-fw-1",
        "| hq-core-1",
    ]
    assert "```diff\n interface Gi1/0/5" in text


def test_human_puts_reasons_findings_and_diffs() -> None:
    text = to_human(report())
    assert (
        "DRIFTED      hq-core-1 (hq): changed on the device since the apply of CHG0000001" in text
    )
    assert (
        "  compliance: SEC-NTP-2 (medium) the clock follows redundant time servers (new on" in text
    )
    assert "  software: unapproved OS 16.12.4" in text
    assert text.rstrip().endswith("commit 0123456789ab")


def test_every_view_takes_an_empty_report() -> None:
    empty = DriftReport(commit="c").sealed()
    for view in VIEWS.values():
        assert (
            "0 host(s)" in view(empty) or '"hosts": {}' in view(empty) or 'tests="0"' in view(empty)
        )
