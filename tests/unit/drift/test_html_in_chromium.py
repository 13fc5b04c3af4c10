"""The drift HTML page in real headless Chromium, at a phone's size: what a reader sees."""

from __future__ import annotations

from pathlib import Path

from bluewire.drift.html import to_html
from tests.chromium import open_page, png_size
from tests.unit.drift.test_views import NASTY, report

PHONE = (390, 844)


def test_the_page_renders_summary_first_and_fits_a_phone(tmp_path: Path) -> None:
    path = tmp_path / "drift.html"
    path.write_text(to_html(report()))
    with open_page(path, *PHONE) as page:
        text = page.evaluate("document.body.innerText")
        assert text.startswith("bluewire drift\n")
        first = text.index("drift: 7 host(s): 1 drifted, 1 pending")
        assert first < text.index("Sites") < text.index("Devices that need a look")
        assert text.index("Devices that need a look") < text.index("hq-core-1 drifted")
        assert "no description" not in text  # diffs stay folded until opened
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
        shot = page.screenshot()
        assert png_size(shot) == PHONE and len(shot) > 10_000

        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        opened = page.evaluate("document.body.innerText")
        assert NASTY in opened  # device text shown as text: escaped, never markup
        assert "remediation\n\ninterface Gi1/0/5\n no description" in opened
        assert page.evaluate("document.scripts.length") == 0
        assert page.evaluate("performance.getEntriesByType('resource').length") == 0
