"""The HTML page every report shares: one layout, one inlined stylesheet, Jinja2 templates.

Pages are self-contained (CSS and a little JavaScript inlined, no external resource), so they
read offline from a CI artifact, print, fit a phone, follow the reader's dark mode, and still
show everything when JavaScript is off (the filter bar only hides, it never loads content).

How a report view builds its page (check, plan and compliance do; drift, apply and playbook
pages should do the same):

1. Put the page template in ``src/bluewire/report/templates/<name>.html.j2``::

       {% extends "layout.html.j2" %}
       {% import "macros.html.j2" as m %}
       {% block body %}
         {% for host in hosts %}
         <details class="item bad" data-filter="{{ host.name }}" data-tags="error">
           <summary><b>{{ host.name }}</b> {{ m.badge("error", "bad") }}</summary>
           <div class="body">{{ m.diff(host.diff) }}{{ m.commands("Rollback", host.rollback) }}</div>
         </details>
         {% endfor %}
       {% endblock %}

2. Call ``render_page`` from the view with plain data (autoescape is on: pass text, not HTML)::

       render_page("name.html.j2", title="bluewire drift", summary=report.summary(),
                   cards=[Card("drifted", 3, "bad")], notices=[Notice("2 hosts unreachable")],
                   meta=[f"commit {commit}"], filters=Filters(tags=[("drifted", "drifted")]),
                   hosts=rows)

The layout shows, in order: title, ``meta`` lines, the summary sentence, ``cards`` (count tiles),
``notices`` (warnings), the filter bar (when ``filters`` is given), then the page's ``body``
block. Elements with a ``data-filter`` attribute (the text searched) take part in filtering;
``data-tags`` (space-separated) are matched by the filter chips. A page without ``filters``
carries no script at all. Macros in ``macros.html.j2``:
``diff`` (coloured unified diff), ``commands`` (labelled command block), ``badge``, ``evidence``
(labelled list) and ``table`` (scrolls inside its box on a phone). CSS classes for tones:
``bad``, ``warn``, ``good``, ``info``. ``page`` and ``html_page`` below keep the older one-call
forms for pages built in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from bluewire.report.escape import has_controls, visible

Row = tuple[Sequence[str], str]  # (cells, detail shown folded under the row)


@dataclass(frozen=True)
class Card:
    """A count tile in the page's summary row."""

    label: str
    value: str | int
    tone: str = ""  # bad | warn | good | info | ""


@dataclass(frozen=True)
class Notice:
    """A warning shown under the summary (a stale plan, expired waivers, ...)."""

    text: str
    tone: str = "warn"  # warn | bad


@dataclass(frozen=True)
class Filters:
    """The search box and filter chips; `tags` are (data-tags value, label) pairs."""

    placeholder: str = "filter: host, rule, text…"
    tags: Sequence[tuple[str, str]] = field(default_factory=tuple)


def diff_rows(text: str) -> list[tuple[str, str]]:
    """(css class, line) for each line of a unified diff: add, del, hunk, meta or ctx."""
    rows = []
    for line in (text or "").rstrip("\n").split("\n"):
        if line.startswith(("+++", "---")):
            cls = "meta"
        elif line.startswith("+"):
            cls = "add"
        elif line.startswith("-"):
            cls = "del"
        elif line.startswith("@@"):
            cls = "hunk"
        else:
            cls = "ctx"
        rows.append((cls, line))
    return rows


def _shown(value: Any) -> Any:
    """Every printed value: control characters made visible (autoescape does `<`, `&`, `"`).
    A view's own HTML (Markup) gets the same: `\\xNN` is plain text in HTML too."""
    if isinstance(value, str) and has_controls(value):
        return Markup(visible(value)) if isinstance(value, Markup) else visible(value)
    return value


@cache
def environment() -> jinja2.Environment:
    """The report templates (package data), autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("bluewire.report", "templates"),
        autoescape=True,
        finalize=_shown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["diff_rows"] = diff_rows
    return env


def render_page(
    template: str,
    *,
    title: str,
    summary: str,
    cards: Sequence[Card] = (),
    notices: Sequence[Notice] = (),
    meta: Sequence[str] = (),
    filters: Filters | None = None,
    extra_style: str = "",
    **context: Any,
) -> str:
    """One page from `template` (under report/templates/) in the shared layout."""
    return (
        environment()
        .get_template(template)
        .render(
            title=title,
            summary=summary,
            cards=cards,
            notices=notices,
            meta=meta,
            filters=filters,
            extra_style=Markup(extra_style),
            **context,
        )
    )


def page(title: str, summary: str, body: str, style: str = "") -> str:
    """A page in the shared layout around `body`, HTML the view built (and escaped) itself."""
    return render_page(
        "raw.html.j2",
        title=title,
        summary=summary,
        extra_style=style,
        body=Markup(body),
    )


@dataclass(frozen=True)
class _TableRow:
    cells: Sequence[str]
    detail: str


def html_page(title: str, summary: str, headers: Sequence[str], rows: Iterable[Row]) -> str:
    """A page with one table; a row's detail (a diff) is folded below the table. Plain text in."""
    return render_page(
        "table.html.j2",
        title=title,
        summary=summary,
        filters=Filters(),
        headers=headers,
        rows=[_TableRow(cells, detail) for cells, detail in rows],
    )
