"""Junos remediation as `delete`, `set`, `activate`/`deactivate` and `protect` commands.

A `delete` names the statement to remove by its path, the statement by its keyword and names
(`delete system ntp server 192.0.2.1`, not its values); a `set` names every new leaf. Deletes
come first: Junos applies the candidate atomically at commit, so order only matters within the
candidate, where a late `delete` would remove what an earlier `set` placed. Tags come after the
statements exist: `deactivate`/`activate` for `inactive:`, and `protect` last, since a protected
statement refuses every later edit; an edit inside a protected statement is framed by `unprotect`
first and `protect` again at the end (Junos CLI User Guide, "protect").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bluewire.config.junos_set import overwrites, statement_path
from bluewire.config.model import INACTIVE, PROTECT, Node
from bluewire.diff.rules import PlatformRules
from bluewire.sanitize import compare_form


@dataclass
class _Out:
    unprotect: list[str] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    sets: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    protect: list[str] = field(default_factory=list)

    def size(self) -> int:
        return len(self.deletes) + len(self.sets) + len(self.tags) + len(self.protect)


def set_commands(source: Node, target: Node, rules: PlatformRules) -> list[str]:
    """The commands that turn `source` into `target`."""
    out = _Out()
    _level(source, target, [], rules, out)
    return out.unprotect + out.deletes + out.sets + out.tags + out.protect


def _first(text: str) -> str:
    return text.split(" ", 1)[0]


def _level(src: Node, dst: Node, path: list[str], rules: PlatformRules, out: _Out) -> None:
    src_by = {compare_form(c.text): c for c in src.children}
    dst_by = {compare_form(c.text): c for c in dst.children}
    overwritten = {
        _first(n.text) for k, n in dst_by.items() if k not in src_by and not n.children
    } & rules.single_valued
    kept: dict[str, Node] = {}  # single-valued leaves a new value overwrites in place
    for key, node in src_by.items():
        new = dst_by.get(key)
        if new is None or (node.children and not new.children):
            if not node.children and _first(node.text) in overwritten:
                kept[_first(node.text)] = node
            else:
                _delete(node, path, rules, out)
    for key, node in dst_by.items():
        old = src_by.get(key)
        if old is not None and not (old.children and not node.children):
            _changed(old, node, [*path, node.text], rules, out)
        elif not node.children and _first(node.text) in kept:
            _overwrite(kept[_first(node.text)], node, path, rules, out)
        else:
            _sets(node, path, out)


def _overwrite(old: Node, new: Node, path: list[str], rules: PlatformRules, out: _Out) -> None:
    """A single-valued statement's new value: `set` alone where it replaces all of the old one
    on the device (the shape table's `load set`), else `delete` first (an option it keeps)."""
    if not overwrites(path, old.text, new.text):
        _delete(old, path, rules, out)
        _sets(new, path, out)
        return
    out.sets.append("set " + " ".join([*path, new.text]))
    _retag(old, new, [*path, new.text], True, out)


def _delete(node: Node, path: list[str], rules: PlatformRules, out: _Out) -> None:
    """`delete`, after `unprotect` of every protected statement in what goes: Junos refuses to
    delete a protected one and keeps the protected ones inside a deleted hierarchy."""
    _unprotect_all(node, path, out)
    out.deletes.append(f"{rules.negation} {statement_path([*path, node.text])}")


def _unprotect_all(node: Node, path: list[str], out: _Out) -> None:
    here = [*path, node.text]
    if PROTECT in node.tags:
        out.unprotect.append(f"unprotect {statement_path(here)}")
    for c in node.children:
        _unprotect_all(c, here, out)


def _changed(old: Node, new: Node, path: list[str], rules: PlatformRules, out: _Out) -> None:
    """A statement on both sides: its children's changes, then its tags'."""
    before = out.size()
    if new.children:
        _level(old, new, path, rules, out)
    _retag(old, new, path, out.size() > before, out)


def _retag(old: Node, new: Node, path: list[str], edited: bool, out: _Out) -> None:
    """Tags of a statement that stays: the value a new `set` gives it keeps the old tags on the
    device, so they are compared with the target's, and an edit of a protected one is framed."""
    if not (old.tags or new.tags):
        return  # the common case: no tags, nothing to name
    where = statement_path(path)
    if (INACTIVE in old.tags) != (INACTIVE in new.tags):
        out.tags.append(f"{'deactivate' if INACTIVE in new.tags else 'activate'} {where}")
        edited = True
    if PROTECT in old.tags and (edited or PROTECT not in new.tags):
        out.unprotect.append(f"unprotect {where}")
    if PROTECT in new.tags and (edited or PROTECT not in old.tags):
        out.protect.append(f"protect {where}")


def _sets(node: Node, path: list[str], out: _Out) -> None:
    """A new statement: `set` for each leaf, then its tags."""
    here = [*path, node.text]
    if not node.children:
        out.sets.append("set " + " ".join(here))
    for c in node.children:
        _sets(c, here, out)
    if INACTIVE in node.tags:
        out.tags.append(f"deactivate {statement_path(here)}")
    if PROTECT in node.tags:
        out.protect.append(f"protect {statement_path(here)}")
