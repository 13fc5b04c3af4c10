"""The HTML page every report view shares: a title, a summary and the view's own body."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

Row = tuple[Sequence[str], str]  # (cells, detail shown preformatted under the row)


def page(title: str, summary: str, body: str, style: str = "") -> str:
    """A standalone page; `title` and `summary` are plain text, `body` is HTML the view built.

    `style` (CSS) makes it a page for phones too: inline, since a report must read offline.
    """
    title = html.escape(title)
    head = f"<meta charset=utf-8><title>{title}</title>"
    if style:
        head += f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{style}</style>'
    return (
        f"<!doctype html><html><head>{head}</head><body>"
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
