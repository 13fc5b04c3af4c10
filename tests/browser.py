"""Report pages measured in headless Chromium (tests/chromium.py drives the browser).

Each width gets the page in a viewport of exactly that many CSS pixels (DevTools device
metrics), after the page's own script ran: what overflows, what text is rendered, whether the
filter bar appeared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tests.chromium import open_page

# What a reader sees: elements sticking out of the viewport (outside the boxes meant to scroll),
# the rendered text (closed <details> excluded) and whether the filter bar was switched on.
PROBE = """JSON.stringify((function () {
  var d = document.documentElement, out = [];
  document.querySelectorAll("body *").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width && r.right > d.clientWidth + 1 && !el.closest(".scroll, pre")) {
      out.push(el.tagName + "." + el.className);
    }
  });
  return {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, text: document.body.innerText,
          overflowing: out.slice(0, 10),
          filtersShown: !!document.querySelector(".filters:not([hidden])")};
})())"""


@dataclass(frozen=True)
class Layout:
    scroll_width: int
    client_width: int
    text: str  # document.body.innerText: only what is rendered (closed <details> excluded)
    overflowing: list[str]  # elements sticking out of the viewport, outside scroll boxes
    filters_shown: bool


def measure(page: str, widths: tuple[int, ...], folder: Path) -> dict[int, Layout]:
    """Load `page` at each width (CSS pixels) and measure it."""
    path = folder / "page.html"
    path.write_text(page, encoding="utf-8")
    out = {}
    for width in widths:
        with open_page(path, width, 900) as tab:
            raw = json.loads(tab.evaluate(PROBE))
        out[width] = Layout(
            raw["scrollWidth"],
            raw["clientWidth"],
            raw["text"],
            raw["overflowing"],
            raw["filtersShown"],
        )
    return out


def screenshot(page: str, width: int, height: int, out: Path) -> Path:
    """A PNG of `page` as a reader sees it at width x height (for people checking the look)."""
    src = out.with_suffix(".html")
    src.write_text(page, encoding="utf-8")
    with open_page(src, width, height) as tab:
        out.write_bytes(tab.screenshot())
    return out
