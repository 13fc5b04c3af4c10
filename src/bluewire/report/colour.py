"""Colour for the human view on a terminal: diffs green/red, labels by severity.

Only `cli.output.emit` uses it, and only when stdout is a terminal; rich then honours
`NO_COLOR` (and `FORCE_COLOR`). Files written with --output never carry colour codes.
"""

from __future__ import annotations

import re

from rich.text import Text

_LABEL = re.compile(r"^(?P<label>[A-Z][A-Z-]+)\s")
LABEL_STYLE = {
    "ERROR": "bold red",
    "SCHEMA": "bold red",
    "TEMPLATE": "bold red",
    "FAIL": "bold red",
    "CHANGE": "bold yellow",
    "STALE": "bold yellow",
    "MISSING": "bold yellow",
    "ORPHANED": "bold yellow",
    "COMPLIANCE": "bold yellow",
    "NOTE": "cyan",
    "WAIVER": "cyan",
}


def _style(line: str) -> str | None:
    if line.startswith(("+++", "---")):
        return "bold"
    if line.startswith("+"):
        return "green"
    if line.startswith("-"):
        return "red"
    if line.startswith("@@"):
        return "cyan"
    return None


def colourize(text: str) -> Text:
    """`text` (a human view) with styles; the characters are unchanged."""
    out = Text()
    for line in text.splitlines(keepends=True):
        start = len(out)
        out.append(line)
        style = _style(line)
        if style:
            out.stylize(style, start, start + len(line.rstrip("\n")))
            continue
        m = _LABEL.match(line)
        if m and m["label"] in LABEL_STYLE:
            out.stylize(LABEL_STYLE[m["label"]], start, start + len(m["label"]))
    return out
