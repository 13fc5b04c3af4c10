"""Headless Debian Chromium for report tests: layout measured in a real browser engine.

`make ci-tools` (run by `make test`) installs the `chromium` package. Each call gets its own
throw-away profile and no network: the pages must be self-contained anyway.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)
# Appended to a copy of the page: what a reader sees, measured after the page's own script ran.
# The page runs in a same-origin iframe of the exact width (a headless window has a minimum
# width larger than a phone's); the probe reports to the parent document, which is dumped.
PROBE = """<script>
(function () {
  var d = document.documentElement, out = [];
  document.querySelectorAll("body *").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.width && r.right > d.clientWidth + 1 && !el.closest(".scroll, pre")) {
      out.push(el.tagName + "." + el.className);
    }
  });
  var p = parent.document.createElement("pre");
  p.id = "bluewire-probe-" + d.clientWidth;
  p.textContent = JSON.stringify({
    scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, text: document.body.innerText,
    overflowing: out.slice(0, 10),
    filtersShown: !!document.querySelector(".filters:not([hidden])")
  });
  parent.document.body.appendChild(p);
})();
</script>"""


@dataclass(frozen=True)
class Layout:
    scroll_width: int
    client_width: int
    text: str  # document.body.innerText: only what is rendered (closed <details> excluded)
    overflowing: list[str]  # elements sticking out of the viewport, outside scroll boxes
    filters_shown: bool


def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("chromium is not installed: run `make ci-tools` (make test does)")
    return path


def _run(args: list[str]) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def measure(page: str, widths: tuple[int, ...], folder: Path) -> dict[int, Layout]:
    """Load `page` at each width (CSS pixels, one browser run) and measure it."""
    probed = html.escape(page.replace("</body>", PROBE + "</body>"), quote=True)
    frames = "".join(
        f'<iframe style="width:{w}px;height:900px;border:0;display:block" srcdoc="{probed}"></iframe>'
        for w in widths
    )
    path = folder / "probe.html"
    path.write_text(f'<!doctype html><body style="margin:0">{frames}', encoding="utf-8")
    dom = _run(
        [
            f"--window-size={max(widths) + 100},1000",
            "--virtual-time-budget=5000",
            "--dump-dom",
            path.as_uri(),
        ]
    )
    out = {}
    for width in widths:
        match = re.search(rf'<pre id="bluewire-probe-{width}">(.*?)</pre>', dom, re.S)
        assert match, f"the probe did not run at {width} px"
        raw = json.loads(html.unescape(match[1]))
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
    _run([f"--window-size={width},{height}", f"--screenshot={out}", src.as_uri()])
    return out
