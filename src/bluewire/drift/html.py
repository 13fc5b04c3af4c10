"""The drift report as one self-contained HTML page (no external asset: it is read offline, on
a phone, from a CI artifact): the summary first, then a table per site, then one collapsible
section per device that needs a look, with its reason, findings, diff and remediation.
"""

from __future__ import annotations

from html import escape

from bluewire.drift.model import COLUMNS, DriftHost, DriftReport
from bluewire.report.html import page

STYLE = """
body{font-family:system-ui,sans-serif;margin:1rem;line-height:1.4;color:#1b1f24}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}
.cards{display:flex;flex-wrap:wrap;gap:.5rem}
.card{border:1px solid #ccd;border-radius:.4rem;padding:.4rem .7rem;min-width:6rem}
.card b{display:block;font-size:1.3rem}
.wide{overflow-x:auto}table{border-collapse:collapse}
th,td{border:1px solid #ccd;padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}
details{border:1px solid #ccd;border-radius:.4rem;margin:.4rem 0;padding:.3rem .6rem}
summary{cursor:pointer}pre{overflow-x:auto;background:#f4f5f7;padding:.5rem;font-size:.85rem}
.drifted,.unapproved-software,.non-compliant{color:#9a3412}.pending{color:#1d4ed8}
.unreachable,.auth-failed,.failed{color:#b91c1c}.in-sync{color:#15803d}
"""


def to_html(report: DriftReport) -> str:
    noteworthy = report.noteworthy()
    body = [
        f"<p>commit <code>{escape(report.commit[:12])}</code>"
        f"{' (dirty)' if report.dirty else ''}"
        f"{escape(f' · profile {report.profile}') if report.profile else ''}</p>",
        _cards(report),
        "<h2>Sites</h2>",
        _sites(report),
        "<h2>Devices that need a look</h2>",
        *(_device(name, host) for name, host in noteworthy),
    ]
    if not noteworthy:
        body.append("<p>None: every device runs its golden config.</p>")
    shown = {name for name, _ in noteworthy}
    clean = [name for name in report.hosts if name not in shown]
    if clean:
        body.append(
            f"<details><summary>{len(clean)} device(s) in sync</summary>"
            f"<p>{escape(', '.join(clean))}</p></details>"
        )
    return page("bluewire drift", report.summary(), "".join(body), STYLE)


def _cards(report: DriftReport) -> str:
    counts = report.counts()
    cards = (
        f'<div class="card {c}"><b>{counts[c]}</b>{escape(c)}</div>' for c in COLUMNS if counts[c]
    )
    return f'<div class="cards">{"".join(cards)}</div>'


def _sites(report: DriftReport) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in ["site", "hosts", *COLUMNS])
    rows = []
    for site, row in report.by_site().items():
        cells = "".join(f'<td class="{c}">{row[c] or ""}</td>' for c in COLUMNS)
        rows.append(f"<tr><td>{escape(site)}</td><td>{row['hosts']}</td>{cells}</tr>")
    return f'<div class="wide"><table><tr>{head}</tr>{"".join(rows)}</table></div>'


def _device(name: str, host: DriftHost) -> str:
    status = str(host.status)
    extra = " · unapproved OS" if host.unapproved else ""
    extra += f" · {len(host.violations)} violation(s)" if host.violations else ""
    parts = [
        f'<details><summary><b>{escape(name)}</b> <span class="{status}">{escape(status)}</span>'
        f"{escape(extra)} <small>{escape(host.site)} · {escape(host.platform)}</small></summary>",
    ]
    if host.reason:
        parts.append(f"<p>{escape(host.reason)}</p>")
    if host.os_version:
        parts.append(f"<p>OS {escape(host.os_version)}</p>")
    lines = host.finding_lines()
    if lines:
        parts.append("<pre>" + escape("\n".join(lines)) + "</pre>")
    if host.status.is_change and host.diff:
        parts.append("<p>diff (running → golden)</p><pre>" + escape(host.diff) + "</pre>")
        parts.append("<p>remediation</p><pre>" + escape("\n".join(host.remediation)) + "</pre>")
    return "".join([*parts, "</details>"])
