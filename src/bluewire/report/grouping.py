"""Findings as a reader wants them: errors first, then changes, then notes; one entry per problem.

A template error shared by 13 hosts is one entry naming the 13 hosts, not 13 entries: the same
(kind, message, diff) once the per-host suffix ("(host X)") is taken off the message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bluewire.report.model import Finding, Kind

_HOST_SUFFIX = re.compile(r" \(host [^()]*\)$")
SECTIONS = ("error", "change", "note")


@dataclass(frozen=True)
class Group:
    """One problem and every host it affects ("" stands for the inventory as a whole)."""

    kind: Kind
    message: str
    hosts: tuple[str, ...]
    diff: str
    blocking: bool

    @property
    def section(self) -> str:
        if not self.blocking:
            return "note"
        return "error" if self.kind.is_error else "change"

    @property
    def where(self) -> str:
        """The hosts as a short phrase: "hq-core-1", "3 hosts: a, b, c" or "the inventory"."""
        named = [h for h in self.hosts if h]
        if not named:
            return "the inventory"
        return named[0] if len(named) == 1 else f"{len(named)} hosts: {', '.join(named)}"


def grouped(findings: Iterable[Finding]) -> list[Group]:
    """Findings merged per problem, errors first, then changes, then notes (stable within)."""
    merged: dict[tuple[Kind, str, str, bool], list[Finding]] = {}
    for f in findings:
        message = _HOST_SUFFIX.sub("", f.message) if f.host else f.message
        merged.setdefault((f.kind, message, f.diff, f.blocking), []).append(f)
    groups = [
        Group(
            kind,
            message if len(found) > 1 else found[0].message,
            tuple(sorted({f.host for f in found})),
            diff,
            blocking,
        )
        for (kind, message, diff, blocking), found in merged.items()
    ]
    return sorted(groups, key=lambda g: (SECTIONS.index(g.section), g.hosts[:1], g.message))
