"""Junos remediation as `delete` and `set` commands on the brace tree.

A `delete` names the statement to remove by its full path; a `set` names every new leaf. Deletes
come first: Junos applies the candidate atomically at commit, so order only matters within the
candidate, where a late `delete` would remove what an earlier `set` placed.
"""

from __future__ import annotations

from bluewire.config.tree import Node
from bluewire.diff.rules import PlatformRules
from bluewire.sanitize import compare_form


def set_commands(source: Node, target: Node, rules: PlatformRules) -> list[str]:
    """`delete`/`set` lines that turn `source` into `target`."""
    deletes: list[str] = []
    sets: list[str] = []
    _level(source, target, "", rules, deletes, sets)
    return deletes + sets


def _first(text: str) -> str:
    return text.split(" ", 1)[0]


def _level(
    src: Node, dst: Node, prefix: str, rules: PlatformRules, deletes: list[str], sets: list[str]
) -> None:
    src_by = {compare_form(c.text): c for c in src.children}
    dst_by = {compare_form(c.text): c for c in dst.children}
    overwritten = {
        _first(n.text) for k, n in dst_by.items() if k not in src_by and not n.children
    } & rules.single_valued
    for key, node in src_by.items():
        new = dst_by.get(key)
        if new is None or (node.children and not new.children):
            single = not node.children and _first(node.text) in overwritten
            if not single:
                deletes.append(f"{rules.negation} {prefix}{node.text}".rstrip())
    for key, node in dst_by.items():
        old = src_by.get(key)
        here = f"{prefix}{node.text} "
        if old is None or (old.children and not node.children):
            _sets(node, prefix, sets)
        elif node.children:
            _level(old, node, here, rules, deletes, sets)


def _sets(node: Node, prefix: str, out: list[str]) -> None:
    if not node.children:
        out.append(f"set {prefix}{node.text}")
        return
    for c in node.children:
        _sets(c, f"{prefix}{node.text} ", out)
