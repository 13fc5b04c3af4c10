"""Markdown primitives every report view shares: table cells and the MR-note size budget."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from bluewire.report.escape import visible

NOTE_LIMIT = 900_000  # GitLab rejects notes over 1,000,000 characters


# Backslash-escaped, so a cell shows them literally: no column break (|), no HTML (< > &), no
# link or image ([ ] !), no emphasis or code span (* _ ` ~). CommonMark escapes any of them.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~!#&])")


def cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell (or a list item): one line, shown as written."""
    one_line = visible((text or "").replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)


def html_text(text: str) -> str:
    """Text inside the raw HTML of a note (`<summary>`): escaped, and on one line (a blank line
    would end the HTML block and turn the rest into Markdown)."""
    return html.escape(visible(" ".join(text.splitlines())))


def code_span(text: str) -> str:
    """`text` as inline code on one line, however many backticks it holds."""
    one_line = visible(text.replace("\n", " "))
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{ticks}{pad}{one_line}{pad}{ticks}"


def fence(text: str, info: str = "") -> str:
    """A fenced code block that no line of `text` can close (a device line of ``` included)."""
    body = visible(text.rstrip("\n"))
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{body}\n{ticks}"


def add_within_budget(lines: list[str], blocks: Iterable[str], limit: int = NOTE_LIMIT) -> int:
    """Append each block that keeps `"\\n".join(lines)` within `limit`; the number left out.

    A view puts its summary and table in `lines` first, so they always show, then offers its
    per-host detail blocks; the caller words the note about the ones left out.
    """
    size = sum(len(x) + 1 for x in lines)
    omitted = 0
    for block in blocks:
        if size + len(block) > limit:
            omitted += 1
            continue
        lines.append(block)
        size += len(block) + 1
    return omitted
