"""Every report page in a real browser (headless Debian Chromium): readable on a phone and a desk.

The page must not scroll sideways at 390 px (a phone) or 1400 px (a laptop): wide tables and
long config lines scroll inside their own box. The summary is the first thing after the title,
the filter bar appears only when JavaScript runs, and closed sections stay closed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bluewire.compliance.views import to_html as compliance_html
from bluewire.plan.views import to_html as plan_html
from bluewire.project import Project
from bluewire.report.html import page
from bluewire.report.views import to_html as check_html
from tests.browser import measure
from tests.unit.report import pages

WIDTHS = (390, 1400)
Build = Callable[[Project], str]
PAGES: dict[str, tuple[Build, list[str]]] = {
    "check": (
        lambda _: check_html(pages.check_report()),
        ["bluewire check", "15 host(s) checked", "Errors (1)", "affects 13 hosts", "Notes (1)"],
    ),
    "plan": (
        lambda _: plan_html(pages.plan()),
        ["bluewire plan", "9 host(s) planned", "Hosts, riskiest first", "rollback (undoes it)"],
    ),
    "compliance": (
        lambda p: compliance_html(pages.compliance_report(p)),
        ["bluewire compliance: cjis", "Devices × rules", "d1-access-1", "+   shutdown"],
    ),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_reads_at_phone_and_desk_width(
    name: str, example_project: Project, tmp_path: Path
) -> None:
    build, expected = PAGES[name]
    for width, layout in measure(build(example_project), WIDTHS, tmp_path).items():
        assert layout.client_width == width
        assert layout.scroll_width <= width, f"{width} px scrolls sideways: {layout.overflowing}"
        assert not layout.overflowing
        seen = layout.text.lower()  # labels are upper-cased by CSS
        for text in expected:
            assert text.lower() in seen, f"{text!r} not visible at {width} px"
        lines = [line for line in layout.text.split("\n") if line.strip()]
        assert lines[0].startswith("bluewire") and "host(s)" in " ".join(lines[1:3])  # summary
        assert layout.filters_shown


def test_a_page_that_overflows_is_caught(tmp_path: Path) -> None:
    """The probe itself can fail: a fixed-width block wider than a phone is reported."""
    wide = page("wide", "summary", '<div style="width:800px">too wide</div>')
    layout = measure(wide, (390,), tmp_path)[390]
    assert layout.scroll_width > 390 and layout.overflowing


def test_closed_sections_stay_closed_until_opened(tmp_path: Path) -> None:
    html = plan_html(pages.plan())
    layout = measure(html, (1400,), tmp_path)[1400]
    assert "interface Gi1/0/5" not in layout.text  # the 6th host's block starts closed
    assert "interface Gi1/0/5" in html  # but it is in the page, for search and print
