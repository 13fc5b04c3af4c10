"""The commands that turn OS10's running config into a full replacement config.

OS10 has no `configure replace`: its only ways to load a file (`copy <file> running-configuration`,
the CLI) merge. A replace is therefore the difference between the two trees, entered as CLI
commands inside one transaction so that the switch validates and commits it as a whole.
Physical ports cannot be deleted on OS10, so a port absent from the target is emptied instead.
"""

from __future__ import annotations

import re

from bluewire.config import tree
from bluewire.config.tree import Node

_PHYSICAL = re.compile(r"^interface (ethernet|mgmt)\S+$")


def replace_commands(running: str, target: str) -> list[str]:
    """CLI lines (with `exit` after each sub-mode) that make `running` equal `target`."""
    return _diff(tree.parse(running, "dellos10"), tree.parse(target, "dellos10"))


def _diff(old: Node, new: Node) -> list[str]:
    """Additions first, so a changed setting is overwritten where it stands; then removals."""
    wanted = {c.text for c in new.children}
    added = [c.text.split() for c in new.children if old.child(c.text) is None]
    out: list[str] = []
    for child in new.children:
        mine = old.child(child.text)
        if mine is None:
            out.extend(_add(child))
        elif child.children or mine.children:
            inner = _diff(mine, child)
            if inner:
                out.extend([child.text, *inner, "exit"])
    for child in old.children:
        if child.text not in wanted and not _superseded(child.text.split(), added):
            out.extend(_remove(child))
    return out


def _superseded(words: list[str], added: list[list[str]]) -> bool:
    """An added line that extends this one (`ntp server X prefer` after `ntp server X`)."""
    return any(len(a) > len(words) and a[: len(words)] == words for a in added)


def _remove(node: Node) -> list[str]:
    if _PHYSICAL.match(node.text):
        return [node.text, *[line for c in node.children for line in _remove(c)], "exit"]
    text = node.text.split("\n", 1)[0]
    if text.startswith("no "):
        return [text[3:]]  # `no shutdown` gone: the default comes back
    if text.startswith("banner "):
        return [" ".join(text.split()[:2]).replace("banner", "no banner", 1)]
    return [f"no {text}"]


def _add(node: Node) -> list[str]:
    lines = node.text.split("\n")
    if not node.children:
        return lines
    body = [line for c in node.children for line in _add(c)]
    return [*lines, *body, "exit"]
