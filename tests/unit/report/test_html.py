"""HTML views escape what devices and templates put in them, and show one row per item."""

from __future__ import annotations

from bluewire.plan.model import HostPlan, Plan
from bluewire.plan.views import to_html as plan_html
from bluewire.report.model import Finding, Kind, Report
from bluewire.report.views import to_html as report_html


def test_report_page_escapes_messages_and_diffs() -> None:
    report = Report("check", ["sw1"], [Finding("sw1", Kind.STALE, "a <b>", "+banner <script>")])
    page = report_html(report)
    assert "<title>bluewire check</title>" in page
    assert "a &lt;b&gt;" in page and "+banner &lt;script&gt;" in page and "<script>" not in page
    assert page.count("<td colspan=3>") == 1


def test_plan_page_has_a_row_per_host_with_status_and_risks() -> None:
    plan = Plan(
        commit="c" * 40,
        hosts={
            "a": HostPlan(platform="ios", remediation=["x"], diff="+x", risks=["large-change"]),
            "b": HostPlan(platform="eos", error="could not connect"),
        },
    ).sealed()
    page = plan_html(plan)
    assert "<td>a</td><td>ios</td><td>changes</td><td>large-change</td>" in page
    assert "<td>b</td><td>eos</td><td>could not connect</td>" in page
    assert page.count("<td colspan=4>") == 2
