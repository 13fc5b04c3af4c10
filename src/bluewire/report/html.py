"""The one HTML page layout the simple report views share: a summary and a table of rows."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

Row = tuple[Sequence[str], str]  # (cells, detail shown preformatted under the row)


def html_page(title: str, summary: str, headers: Sequence[str], rows: Iterable[Row]) -> str:
    """A standalone page; every value is escaped here, so callers pass plain text."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"
        f"<tr><td colspan={len(headers)}><pre>{html.escape(detail)}</pre></td></tr>"
        for cells, detail in rows
    )
    title = html.escape(title)
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title></head><body>"
        f"<h1>{title}</h1><p>{html.escape(summary)}</p>"
        f"<table border=1><tr>{head}</tr>{body}</table></body></html>\n"
    )
