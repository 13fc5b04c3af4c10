"""Compliance evidence as a reviewer reads it: missing or extra config lines, and the fix.

The engine records evidence in its own terms (`lacks /^shutdown$/`, `2 found, at most 1`);
this turns each item into config lines: `+ shutdown` under `interface Gi1/0/45` (missing),
`- username temp-vendor ...` (extra), or a value out of range, plus the commands that would fix
it on line-oriented platforms. A pattern that is not a plain line is described, not shown raw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bluewire.compliance.results import Evidence
from bluewire.platforms import profile

_TOO_MANY = re.compile(r"^\d+ found, at most ")
_SIMPLIFY = (
    (re.compile(r"\(\?P<\w+>([^()]*)\)"), r"\1"),  # named group -> its pattern
    (re.compile(r"\((?:\?:)?([^()|]*)(?:\|[^()]*)?\)"), r"\1"),  # (a|b) -> a
    (re.compile(r"\\d\+|\[0-9\]\+"), "N"),
    (re.compile(r"\\S\+|\[\^ \]\+"), "NAME"),
    (re.compile(r"\.\*|\.\+"), "…"),
    (re.compile(r"\\([ .:/-])"), r"\1"),
    (re.compile(r"\\s\+|\\s\*| \+"), " "),
)
_META = re.compile(r"[\\\[\](){}*+?|^$]")


def _strip(pattern: str) -> str:
    return pattern.removeprefix("^").removesuffix("(\\n|$)").removesuffix("$")


def exact_line(pattern: str) -> str | None:
    """The one line a pattern matches when it is a plain line (safe to print as a fix)."""
    text = re.sub(r"\\([ .:/-])", r"\1", _strip(pattern))
    return None if _META.search(text) or not text.strip() else text.strip()


def example_line(pattern: str) -> str | None:
    """The config line a pattern asks for, with N / NAME / … for its variable parts; else None."""
    text = _strip(pattern)
    if text.startswith("(?"):
        return None
    for regex, repl in _SIMPLIFY:
        text = regex.sub(repl, text)
    return None if _META.search(text) or not text.strip() else text.strip()


@dataclass(frozen=True)
class Finding:
    """One evidence item for a reader: kind, the config lines as a diff, why, and the fix."""

    kind: str  # missing | extra | incomplete | too-many | value | found
    lines: tuple[str, ...]  # diff-style: "  context", "+ missing", "- extra"
    why: str
    fix: tuple[str, ...] = ()


def _missing(scope: str | None, pattern: str, why: str, platform: str) -> Finding:
    want = exact_line(pattern)
    shown = example_line(pattern) or f"a line matching /{pattern}/"
    lines: tuple[str, ...] = (f"  {scope}", f"+   {shown}") if scope else (f"+ {shown}",)
    fix: tuple[str, ...] = ()
    if want and not profile(platform).braces:
        fix = (scope, f" {want}") if scope else (want,)
    return Finding("missing", lines, why, fix)


def _why(note: str) -> str:
    """The rule author's note; the engine's own wording (a regex) is not for readers."""
    return "" if note in ("missing", "forbidden") or note.startswith("lacks /") else note


def read(e: Evidence, platform: str) -> Finding:
    """The reader's form of one evidence item."""
    where = f"line {e.line}" if e.line else ""
    if e.kind == "missing":
        return _missing(e.scope or None, e.want, _why(e.note), platform)
    if e.kind == "incomplete":
        shown = example_line(e.want) or f"/{e.want}/"
        why = f"{where}: this line lacks {shown}".lstrip(": ")
        return Finding("incomplete", (f"~ {e.text}",), why)
    if e.kind == "extra":
        line = e.text.removeprefix(f"{e.scope}: ") if e.scope else e.text
        lines = (f"  {e.scope}", f"-   {line}") if e.scope else (f"- {line}",)
        fix: tuple[str, ...] = ()
        if not profile(platform).braces:
            fix = (e.scope, f" no {line.strip()}") if e.scope else (f"no {line.strip()}",)
        return Finding("extra", lines, ", ".join(x for x in (where, _why(e.note)) if x), fix)
    if _TOO_MANY.match(e.note):  # which of them should go is the reader's call
        return Finding("too-many", (f"  {e.text}",), f"{where}: {e.note}: remove the extra ones")
    if " is not " in e.note:
        return Finding("value", (f"~ {e.text}",), f"{where}: {e.note}".lstrip(": "))
    return Finding("found", (f"  {e.text}",), ", ".join(x for x in (where, e.note) if x))
