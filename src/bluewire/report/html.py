"""The HTML page every report view shares: a title, a summary and the view's own body."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

Row = tuple[Sequence[str], str]  # (cells, detail shown preformatted under the row)


def page(title: str, summary: str, body: str) -> str:
    """A standalone page; `title` and `summary` are plain text, `body` is HTML the view built."""
    title = html.escape(title)
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title></head><body>"
        f"<h1>{title}</h1><p>{html.escape(summary)}</p>{body}</body></html>\n"
    )


def html_page(title: str, summary: str, headers: Sequence[str], rows: Iterable[Row]) -> str:
    """A page with one table of rows; every value is escaped here, so callers pass plain text."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"
        f"<tr><td colspan={len(headers)}><pre>{html.escape(detail)}</pre></td></tr>"
        for cells, detail in rows
    )
    return page(title, summary, f"<table border=1><tr>{head}</tr>{body}</table>")
