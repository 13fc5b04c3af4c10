"""Markdown primitives every report view shares: table cells and the MR-note size budget."""

from __future__ import annotations

from collections.abc import Iterable

NOTE_LIMIT = 900_000  # GitLab rejects notes over 1,000,000 characters


def cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell: no column break, no line break."""
    return (text or "").replace("|", "\\|").replace("\n", " ")


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
