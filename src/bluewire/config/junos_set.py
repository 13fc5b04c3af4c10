"""Junos `set` format (`show configuration | display set`, `load set` files) as the brace tree.

Each line is a configuration-mode command from the top: `set`, `delete`, `activate`,
`deactivate`, `protect`, `unprotect`, `insert <path> <a> before|after <b>`; `#` comments and
blank lines are skipped. The commands build an expanded tree (one entry per statement, lists as
values) shaped by `junos_shapes`, which is then folded into the form Junos shows in braces:
lists as `[ a b ]`, flat containers on one line, a `single` container with one leaf on its line.
`display_set` is the reverse: the lines `display set` prints for a brace tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bluewire.config.junos import SET_VERBS
from bluewire.config.junos_shapes import (
    FALLBACK,
    INLINE,
    Level,
    Shape,
    child_shape,
    level_below,
    tables,
)
from bluewire.config.model import INACTIVE, PROTECT, ConfigSyntaxError, Node

_WORD = re.compile(r'"(?:\\.|[^"\\])*"|#.*|[^\s"]+|"')
_TAG_VERBS = {
    "deactivate": (INACTIVE, True),
    "activate": (INACTIVE, False),
    "protect": (PROTECT, True),
    "unprotect": (PROTECT, False),
}


@dataclass(slots=True, eq=False)
class _Entry:
    """One statement while the commands are applied: `head` is its keyword and name words."""

    head: str
    shape: Shape
    level: Level | None
    line: int = 0
    children: list[_Entry] = field(default_factory=list)
    index: dict[str, _Entry] = field(default_factory=dict)
    values: list[str] = field(default_factory=list)  # a list statement's values
    tags: set[str] = field(default_factory=set)
    notes: tuple[str, ...] = ()

    def add(self, key: str, entry: _Entry) -> _Entry:
        self.children.append(entry)
        self.index[key] = entry
        return entry

    def remove(self, entry: _Entry) -> None:
        self.children.remove(entry)
        self.index = {k: e for k, e in self.index.items() if e is not entry}


def words_of(line: str, lineno: int = 0) -> tuple[list[str], str]:
    """A line's words (a quoted string is one word) and its trailing `#` comment."""
    if '"' not in line and "#" not in line:
        return line.split(), ""  # the common case, fast
    words: list[str] = []
    for tok in _WORD.findall(line):
        if tok == '"':
            raise ConfigSyntaxError(lineno, "unterminated quoted string")
        if tok.startswith("#"):
            return words, tok
        words.append(tok)
    return words, ""


def parse_set(text: str) -> Node:
    return parse_set_lines(text.splitlines())


def parse_set_lines(lines: Iterable[str]) -> Node:
    root = _Entry("", Shape(), tables()[0])
    for lineno, raw in enumerate(lines, 1):
        words, comment = words_of(raw, lineno)
        if not words:
            continue
        _check_line(raw, words, lineno)
        touched = _apply(root, words, lineno)
        if comment and touched is not None:
            touched.notes = (*touched.notes, comment)
    return _fold(root)


def _check_line(raw: str, words: list[str], lineno: int) -> None:
    stripped = raw.rstrip()
    if stripped.endswith(("{", "}", ";")):
        raise ConfigSyntaxError(
            lineno, "brace syntax in a `set`-format Junos config (mixed formats)"
        )
    if words[0] not in SET_VERBS:
        verbs = ", ".join(sorted(SET_VERBS))
        raise ConfigSyntaxError(
            lineno, f"unknown command {words[0]!r} in a `set`-format Junos config ({verbs})"
        )
    if len(words) == 1:
        raise ConfigSyntaxError(lineno, f"{words[0]!r} needs a statement path")


def _apply(root: _Entry, words: list[str], lineno: int) -> _Entry | None:
    """Apply one command; the entry it set (for a trailing comment), if any.

    A protected statement (and all below it) refuses every command but `protect`/`unprotect`,
    as Junos does (CLI User Guide, "Protecting the Junos OS Configuration from Modification or
    Deletion"); deleting a hierarchy keeps its protected statements (Junos XML protocol guide).
    """
    verb, path = words[0], words[1:]
    if verb == "set":
        return _set(root, path, lineno)
    if verb == "insert":
        _insert(root, path, lineno)
        return None
    tag, on = _TAG_VERBS.get(verb, (PROTECT, False))
    targets, above = _walk(root, path)
    if tag != PROTECT or verb == "delete":
        _refuse_protected(path, targets, above, lineno)
    for parent, entry, value in targets:
        if verb == "delete":
            _delete(parent, entry, value)
        elif on:
            entry.tags.add(tag)
        else:
            entry.tags.discard(tag)
    return None


def _refuse_protected(
    path: list[str], targets: list[Target], above: list[_Entry], lineno: int
) -> None:
    """A command that edits, (de)activates or deletes a protected statement, or one inside."""
    if any(PROTECT in e.tags for e in above) or any(PROTECT in e.tags for _, e, _ in targets):
        raise ConfigSyntaxError(lineno, f"{' '.join(path)!r} is protected (unprotect it first)")


# ------------------------------------------------------------------------------ set
def _set(entry: _Entry, path: list[str], lineno: int) -> _Entry:
    i = 0
    while True:
        shape = child_shape(entry.level, path[i])
        if shape.kind in ("leaf", "own-line"):
            return _put_leaf(entry, path[i:], shape, lineno)
        if shape.kind == "list":
            return _put_values(entry, path[i], path[i + 1 :], shape, lineno)
        size = 1 + shape.names
        head = " ".join(path[i : i + size])
        child = entry.index.get(head)
        if child is None:
            _choose(entry, head, lineno)
            child = entry.add(head, _Entry(head, shape, level_below(shape), lineno))
        _check_unprotected(child, path, lineno)
        i += size
        if shape.value and i < len(path):
            child.values[:] = path[i : i + 1]  # `local-as 65002`: the new value replaces
            i += 1
        if i >= len(path):
            return child
        if shape.kind == "flat":
            return _put_leaf(child, path[i:], FALLBACK, lineno)
        entry = child


def _put_leaf(entry: _Entry, words: list[str], shape: Shape, lineno: int) -> _Entry:
    """A leaf; a known single-valued one replaces its old value where it stood."""
    text = " ".join(words)
    key = words[0] if shape.kind == "leaf" and shape is not FALLBACK else text
    old = entry.index.get(key)
    if old is not None:
        if old.head != text:
            _check_unprotected(old, [text], lineno)
        old.head = text
        return old
    _choose(entry, text, lineno)
    return entry.add(key, _Entry(text, shape, None, lineno))


def _choose(entry: _Entry, text: str, lineno: int) -> None:
    """A statement of the level's `choice` (`then reject`) removes the others (`then accept`)."""
    choice = entry.level.choice if entry.level is not None else frozenset()
    if text.split(" ", 1)[0] not in choice:
        return
    for other in [c for c in entry.children if c.head.split(" ", 1)[0] in choice]:
        _check_unprotected(other, [text], lineno)
        entry.remove(other)


def _put_values(
    entry: _Entry, keyword: str, values: list[str], shape: Shape, lineno: int
) -> _Entry:
    if values[:1] == ["["] and values[-1:] == ["]"]:
        values = values[1:-1]
    found = entry.index.get(keyword)
    if found is None:
        found = entry.add(keyword, _Entry(keyword, shape, None, lineno))
    have = found.values
    for value in values:
        if value not in have:
            _check_unprotected(found, [keyword, value], lineno)
            have.append(value)
    return found


def _check_unprotected(entry: _Entry, path: list[str], lineno: int) -> None:
    if PROTECT in entry.tags:
        raise ConfigSyntaxError(lineno, f"{' '.join(path)!r} is protected (unprotect it first)")


# ------------------------------------------------------------------------------ paths
Target = tuple[_Entry, _Entry, str]  # (parent, statement, one list value or "")


def _walk(entry: _Entry, path: list[str]) -> tuple[list[Target], list[_Entry]]:
    """The statements a command's path names (several when it stops before a name) and the
    statements above them."""
    above: list[_Entry] = []
    i = 0
    while i < len(path):
        rest = path[i:]
        shape = child_shape(entry.level, rest[0])
        if shape.kind == "list":
            found = entry.index.get(rest[0])
            return ([(entry, found, " ".join(rest[1:]))] if found else []), above
        size = 1 + shape.names
        if shape.kind not in ("block", "flat", "single") or len(rest) <= size:
            return _named(entry, rest), above
        child = entry.index.get(" ".join(rest[:size]))
        if child is None:
            return [], above
        entry, i = child, i + size
        above.append(entry)
    return [], above


def _named(entry: _Entry, words: list[str]) -> list[Target]:
    """The children `words` name: the one with exactly those words, else all starting so."""
    text = " ".join(words)
    exact = [(entry, c, "") for c in entry.children if c.head == text]
    if exact:
        return exact
    return [(entry, c, "") for c in entry.children if words_of(c.head)[0][: len(words)] == words]


def _delete(parent: _Entry, entry: _Entry, value: str) -> None:
    if value and value in entry.values:
        entry.values.remove(value)
        if entry.values:
            return
    if not _prune(entry):
        parent.remove(entry)


def _prune(entry: _Entry) -> bool:
    """Delete what is unprotected below `entry`; whether a protected statement is left there."""
    kept = [c for c in entry.children if PROTECT in c.tags or _prune(c)]
    if len(kept) != len(entry.children):
        ids = {id(c) for c in kept}
        entry.children = kept
        entry.index = {k: e for k, e in entry.index.items() if id(e) in ids}
    return bool(kept)


def _insert(root: _Entry, path: list[str], lineno: int) -> None:
    """`insert <path> <a> before|after <b>`: move `a` (or add a list value) next to `b`."""
    where = max((i for i, w in enumerate(path) if w in ("before", "after")), default=-1)
    anchor = path[where + 1 :]
    start = where - len(anchor)
    if where < 1 or not anchor or start < 1:
        raise ConfigSyntaxError(lineno, "insert needs `<path> <a> before|after <b>`")
    named, after = path[:where], path[where] == "after"
    targets, above = _walk(root, named)
    if not targets:  # Junos adds a list value (or statement) that is not there yet, then places it
        _set(root, named, lineno)
        targets, above = _walk(root, named)
    _refuse_protected(named, targets, above, lineno)
    for parent, entry, value in targets:
        if entry.shape.kind == "list":
            _move_value(entry, value, " ".join(anchor), after)
        else:
            _move_child(parent, entry, " ".join(anchor), after)


def _move_value(entry: _Entry, value: str, anchor: str, after: bool) -> None:
    if value in entry.values:
        entry.values.remove(value)
    at = entry.values.index(anchor) + after if anchor in entry.values else len(entry.values)
    entry.values.insert(at, value)


def _move_child(parent: _Entry, entry: _Entry, anchor: str, after: bool) -> None:
    target = parent.index.get(anchor)
    if target is None or target is entry:
        return
    parent.children.remove(entry)
    parent.children.insert(parent.children.index(target) + after, entry)


# ------------------------------------------------------------------------------ fold
def _fold(entry: _Entry) -> Node:
    """The expanded entry as Junos shows it in braces."""
    kids = [_fold(c) for c in entry.children]
    text, kind = entry.head, entry.shape.kind
    if kind == "list" and entry.values:
        vals = entry.values
        text = f"{text} {vals[0]}" if len(vals) == 1 else f"{text} [ {' '.join(vals)} ]"
        return Node(text, entry.line, kids, frozenset(entry.tags), entry.notes)
    text = " ".join([text, *entry.values])  # a flat statement's value (`local-as 65002`)
    if kids and all(not k.children and not k.tags for k in kids):
        inline = kind == "flat" or (
            kind == "single" and len(kids) == 1 and entry.children[0].shape.kind in INLINE
        )
        if inline:
            text, kids = " ".join([text, *(k.text for k in kids)]), []
    return Node(text, entry.line, kids, frozenset(entry.tags), entry.notes)


# ------------------------------------------------------------------------------ display set
def display_set(root: Node) -> list[str]:
    """The tree as `show configuration | display set` prints it: one `set` line per leaf and
    list value, then `deactivate`/`protect` for tagged statements."""
    out: list[str] = []
    for c in root.children:
        _display(c, "", tables()[0], out)
    return out


def _display(node: Node, prefix: str, level: Level | None, out: list[str]) -> None:
    shape = child_shape(level, node.text.split(" ", 1)[0])
    if node.children:
        below = level_below(shape)
        for c in node.children:
            _display(c, f"{prefix}{node.text} ", below, out)
    else:
        out.extend(f"set {prefix}{line}" for line in _expand_list(node.text))
    if node.tags:
        ident = _ident(node.text, shape)
        # `protect` last: a protected statement refuses `deactivate`
        verbs = {INACTIVE: "deactivate", PROTECT: "protect"}
        out.extend(f"{verbs[t]} {prefix}{ident}" for t in (INACTIVE, PROTECT) if t in node.tags)


def _ident(text: str, shape: Shape) -> str:
    """The words a command names a statement by: its keyword and names, not its values."""
    if shape is FALLBACK or shape.kind == "own-line":  # several can share a keyword
        return text
    words = words_of(text)[0]
    size = 1 if shape.kind in ("leaf", "list") else 1 + shape.names
    return " ".join(words[:size])


def _expand_list(text: str) -> list[str]:
    """`kw [ a b ]` as `kw a` and `kw b`, as `display set` prints a list."""
    if not text.endswith(" ]") or " [ " not in text:
        return [text]
    words = words_of(text)[0]
    start = words.index("[")
    return [" ".join([*words[:start], v]) for v in words[start + 1 : -1]]


def statement_path(texts: list[str]) -> str:
    """How a command names the statement at `texts` (node texts from the top): the last one by
    its keyword and names only (`deactivate system host-name`, `protect system ntp server X`)."""
    level: Level | None = tables()[0]
    for text in texts[:-1]:
        level = level_below(child_shape(level, text.split(" ", 1)[0]))
    last = texts[-1]
    return " ".join([*texts[:-1], _ident(last, child_shape(level, last.split(" ", 1)[0]))])


def overwrites(path: list[str], old: str, new: str) -> bool:
    """Whether `set <path> <new>` leaves nothing of the statement `<path> <old>`: a new value of
    a single-valued statement, or another statement of a choice (`then reject` after `then
    accept`), but not `then local-preference 200` (it joins `accept`) nor `local-as 65002`
    after `local-as 65000 private` (the option stays)."""
    prefix = " ".join(["set", *path])
    both = display_set(parse_set_lines([f"{prefix} {old}", f"{prefix} {new}"]))
    return both == display_set(parse_set_lines([f"{prefix} {new}"]))
