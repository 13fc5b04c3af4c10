"""Random Junos configs for property tests, drawn from the shape table, in both formats.

The renderers here are written apart from the parser's (they follow the display rules the shape
table documents), so a test comparing the two formats checks the parser against the rules, not
against itself: braces as `show configuration` shows them, and lines as `display set` prints
them (one per leaf, per list value and per child of a flat container; tags as commands after).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from bluewire.config.junos_shapes import Level, Shape, child_shape, level_below, tables
from bluewire.config.model import Node

WORDS = st.sampled_from(["ge-0/0/1", "10", "192.0.2.7/32", "core", "x1", "any", "2001:db8::1"])
QUOTED = st.sampled_from(['"two words"', '"a;b {c} # d"', '"say \\"hi\\""', '"$9$abc/def"'])
VALUES = st.one_of(WORDS, QUOTED)
UNKNOWN = st.sampled_from(["zz-knob", "qq-mode", "ww-limit", "vv-flag"])
TAGS = st.sampled_from([set(), set(), set(), {"inactive"}, {"protect"}, {"inactive", "protect"}])
INLINE = ("leaf", "list", "flat")  # may join a `single` parent's line


@dataclass
class Stmt:
    """One statement, expanded: its head words, kind, values (lists) and children."""

    head: str
    kind: str
    children: list[Stmt] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)


def _leaf(draw: st.DrawFn, keyword: str, kind: str = "leaf") -> Stmt:
    return Stmt(f"{keyword} {draw(VALUES)}", kind)


def _stmt(draw: st.DrawFn, keyword: str, shape: Shape, depth: int) -> Stmt:
    stmt = _expanded(draw, keyword, shape, depth)
    stmt.tags = draw(TAGS)
    return stmt


def _expanded(draw: st.DrawFn, keyword: str, shape: Shape, depth: int) -> Stmt:
    if shape.kind in ("leaf", "own-line"):
        return _leaf(draw, keyword, shape.kind)
    if shape.kind == "list":
        values = draw(st.lists(WORDS, min_size=1, max_size=3, unique=True))
        return Stmt(keyword, "list", values=values)
    names = draw(st.lists(WORDS, min_size=shape.names, max_size=shape.names))
    head = " ".join([keyword, *names])
    if shape.kind == "flat":
        kids = draw(st.lists(UNKNOWN, max_size=3, unique=True))
        return Stmt(head, "flat", [_leaf(draw, k) for k in kids])
    low = 1 if shape.kind == "single" else 0
    return Stmt(head, shape.kind, statements(draw, level_below(shape), depth + 1, low))


def statements(draw: st.DrawFn, level: Level | None, depth: int = 0, low: int = 0) -> list[Stmt]:
    """A few statements valid at `level` (None: a level the table leaves open)."""
    if level is not None and level.named is not None:  # every other word names an entry
        choices = ["<name>", *sorted(level.statements)] if depth < 5 else []
    else:
        known = sorted(level.statements) if level is not None and depth < 5 else []
        choices = [*known, "<unknown>"]
    if not choices:
        return []
    picks = draw(st.lists(st.sampled_from(choices), min_size=low, max_size=3))
    out: list[Stmt] = []
    heads: set[str] = set()
    for pick in picks:
        stmt = _pick(draw, level, pick, depth)
        first = stmt.head.split()[0] if stmt.kind in ("leaf", "list") else stmt.head
        if stmt.kind == "own-line" and stmt.head.split()[0] in _SINGLE_OWN_LINE:
            first = stmt.head.split()[0]
        if first not in heads:
            heads.add(first)
            out.append(stmt)
    return out


def _pick(draw: st.DrawFn, level: Level | None, pick: str, depth: int) -> Stmt:
    if pick == "<unknown>":
        return _stmt(draw, draw(UNKNOWN), Shape(kind="leaf"), depth)
    if pick == "<name>":
        assert level is not None and level.named is not None
        name = draw(st.sampled_from(["ge-0/0/3", "xe-1/0/0", "10.9.9.9", "lo0"]))
        return _stmt(draw, name, level.named, depth)
    return _stmt(draw, pick, child_shape(level, pick), depth)


@st.composite
def configs(draw: st.DrawFn) -> list[Stmt]:
    return statements(draw, tables()[0], 0, 1)


# ------------------------------------------------------------------------------ braces
def braces(stmts: list[Stmt], depth: int = 0) -> list[str]:
    out: list[str] = []
    pad = "    " * depth
    for s in stmts:
        tags = "".join(f"{t}: " for t in ("protect", "inactive") if t in s.tags)
        text, block = _shown(s)
        if block:
            out.append(f"{pad}{tags}{text} {{")
            out.extend(braces(s.children, depth + 1))
            out.append(f"{pad}}}")
        else:
            out.append(f"{pad}{tags}{text};")
    return out


def _shown(s: Stmt) -> tuple[str, bool]:
    """The statement's line, and whether its children follow in braces."""
    if s.kind == "list":
        vals = s.values
        return (
            f"{s.head} {vals[0]}" if len(vals) == 1 else f"{s.head} [ {' '.join(vals)} ]"
        ), False
    plain = all(not _shown(c)[1] and not c.tags for c in s.children)
    if s.kind == "flat" and plain:
        return " ".join([s.head, *(_shown(c)[0] for c in s.children)]), False
    if s.kind == "single" and len(s.children) == 1 and plain and s.children[0].kind in INLINE:
        return f"{s.head} {_shown(s.children[0])[0]}", False
    return s.head, bool(s.children)


# ------------------------------------------------------------------------------ display set
def display_set(stmts: list[Stmt], prefix: str = "") -> list[str]:
    out: list[str] = []
    for s in stmts:
        if s.kind == "list":
            out.extend(f"set {prefix}{s.head} {v}" for v in s.values)
        elif s.children:
            out.extend(display_set(s.children, f"{prefix}{s.head} "))
        else:
            out.append(f"set {prefix}{s.head}")
        ident = s.head.split()[0] if s.kind == "leaf" and s.head.split()[0] in _KNOWN else s.head
        out.extend(f"{v} {prefix}{ident}" for t, v in _VERBS if t in s.tags)
    return out


_VERBS = (("inactive", "deactivate"), ("protect", "protect"))
_SINGLE_OWN_LINE = {"load-balance"}  # one per parent, unlike route-filter
_KNOWN: set[str] = set()  # filled below: every keyword the table knows as a leaf


def _collect(level: Level | None, seen: set[int]) -> None:
    if level is None or id(level) in seen:
        return
    seen.add(id(level))
    for keyword, shape in level.statements.items():
        if shape.kind == "leaf":
            _KNOWN.add(keyword)
        _collect(shape.below, seen)
    if level.named is not None:
        _collect(level.named.below, seen)


_collect(tables()[0], set())


def outline(node: Node) -> tuple[object, ...]:
    """What two trees must share to be the same config: words, tags and nesting, in order."""
    return (node.text, tuple(sorted(node.tags)), tuple(outline(c) for c in node.children))
