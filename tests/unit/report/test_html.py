"""HTML pages: escaped, self-contained, and carrying what the reader needs, in the right order."""

from __future__ import annotations

import re

import pytest

from bluewire.compliance.views import to_html as compliance_html
from bluewire.plan.views import to_html as plan_html
from bluewire.project import Project
from bluewire.report.html import diff_rows, html_page, page
from bluewire.report.views import to_html as check_html
from tests.unit.report import pages


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _assert_self_contained(html: str) -> None:
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|url\(|@import|https?://", html)
    assert "<style>" in html and "<script>" in html and 'name="viewport"' in html


def test_check_page_puts_errors_first_and_names_a_shared_error_once() -> None:
    html = check_html(pages.check_report())
    _assert_self_contained(html)
    shown = pages.TEMPLATE_ERROR.replace("'", "&#39;")
    assert html.count(f"<b>{shown}</b>") == 1 and "(host access-" not in html
    assert "affects 13 hosts" in html
    text = _text(html)
    assert text.index("Errors (1)") < text.index("Changes (2)") < text.index("Notes (1)")
    assert "&lt;ok&gt;" in html and "<ok>" not in html
    assert '<span class="add">+hostname leaf-1</span>' in html


def test_plan_page_orders_hosts_by_risk_and_shows_every_part_of_a_change() -> None:
    html = plan_html(pages.plan())
    _assert_self_contained(html)
    table = html[html.index("Hosts, riskiest first") : html.index("Per host")]
    order = re.findall(r'href="#host-([\w-]+)"', table)
    assert order[:2] == ["fw-1", "core-1"] and "quiet-1" not in order
    core = html[html.index('id="host-core-1"') :]
    core = core[: core.index("</details>")]
    for part in ("line vty 0 4 &gt; access-class NEW in", "breaks SEC-VTY-ACL", "rollback",
                 "remediation", '<span class="del">- access-class MGMT in</span>'):  # fmt: skip
        assert part in core
    assert "fixes SEC-LOCAL-ACCT" in html
    assert "6 ios hosts" in html  # the shared change, listed once
    assert "&lt;prompt&gt;" in html and "Unchanged (1)" in html


def test_compliance_page_has_the_matrix_and_evidence_as_config_lines(
    example_project: Project,
) -> None:
    report = pages.compliance_report(example_project)
    html = compliance_html(report)
    _assert_self_contained(html)
    rows = re.findall(r'<tr data-filter="([\w-]+)"', html)
    assert sorted(rows) == sorted(report.hosts) and rows[0] == "d1-access-1"
    assert len(re.findall(r'<th class="rule"', html)) == len(report.rules)
    unused = html[html.index('id="rule-SEC-INTF-UNUSED"') :]
    unused = unused[: unused.index("</details>")]
    assert "unused" in unused.lower() and "low" in unused  # title and severity
    assert '<span class="add">+   shutdown</span>' in unused
    assert "interface GigabitEthernet1/0/43\n shutdown" in unused  # the fix
    assert "/^shutdown$/" not in unused  # no engine regex for the reader
    high = html.index(">high<")
    assert high < html.index('id="rule-SEC-LOCAL-ACCT"') < html.index('id="rule-SEC-INTF-UNUSED"')


@pytest.mark.parametrize(
    ("line", "css"),
    [("+x", "add"), ("-x", "del"), ("@@ -1 +1 @@", "hunk"), ("--- a", "meta"), (" x", "ctx")],
)
def test_diff_lines_are_classified(line: str, css: str) -> None:
    assert diff_rows(line) == [(css, line)]


def test_older_one_call_pages_use_the_shared_layout_and_escape() -> None:
    table = html_page("t", "s <b>", ["host"], [(["a<b"], "+x"), (["c"], "")])
    assert "s &lt;b&gt;" in table and "a&lt;b" in table and table.count("<details") == 1
    raw = page("drift", "sum", "<p>mine</p>", "p{color:red}")
    assert "<p>mine</p>" in raw and "p{color:red}" in raw and 'class="summary"' in raw
