"""A readable unified-style diff of two config trees: changed sections with their parents as context."""

from __future__ import annotations

from dataclasses import dataclass

from bluewire.config.model import SHOWN_TAGS
from bluewire.config.tree import Node
from bluewire.diff.rules import PlatformRules
from bluewire.sanitize import compare_form


@dataclass(frozen=True)
class _View:
    rules: PlatformRules
    indent: int
    braces: bool


def tree_diff(source: Node, target: Node, rules: PlatformRules) -> list[str]:
    """Lines prefixed `-`, `+` or ` ` (a context parent), in target order after removals.

    A default the device never shows (`PlatformRules.hidden`) is no difference, as in remediation.
    """
    braces = rules.style == "set"
    out: list[str] = []
    _level(source, target, (), _View(rules, 4 if braces else rules.indent, braces), out)
    return out


def _level(src: Node, dst: Node, path: tuple[str, ...], view: _View, out: list[str]) -> None:
    hidden = view.rules.hidden_at(path)
    src_by = {compare_form(c.text): c for c in src.children if c.text not in hidden}
    dst_by = {compare_form(c.text): c for c in dst.children if c.text not in hidden}
    depth, indent, braces = len(path), view.indent, view.braces
    for key, node in src_by.items():
        if key not in dst_by:
            _emit(node, "-", depth, indent, braces, out)
    for key, node in dst_by.items():
        old = src_by.get(key)
        if old is None:
            _emit(node, "+", depth, indent, braces, out)
        elif braces and _shown(old) != _shown(node):
            _retagged(old, node, (*path, node.text), view, out)
        elif node.children or old.children:
            sub: list[str] = []
            _level(old, node, (*path, node.text), view, sub)
            if sub:
                out.append(" " + _pad(depth, indent) + node.text + (" {" if braces else ""))
                out.extend(sub)
                if braces:
                    out.append(" " + _pad(depth, indent) + "}")


def _retagged(old: Node, new: Node, path: tuple[str, ...], view: _View, out: list[str]) -> None:
    """A Junos statement whose tags changed (`inactive:`): its line both ways, then its changes."""
    pad = _pad(len(path) - 1, view.indent)
    if not (old.children or new.children):
        out.extend([f"-{pad}{old.label};", f"+{pad}{new.label};"])
        return
    out.extend([f"-{pad}{old.label} {{", f"+{pad}{new.label} {{"])
    _level(old, new, path, view, out)
    out.append(f" {pad}}}")


def _shown(node: Node) -> frozenset[str]:
    return node.tags.intersection(SHOWN_TAGS)


def _pad(depth: int, indent: int) -> str:
    return " " * (depth * indent)


def _emit(node: Node, sign: str, depth: int, indent: int, braces: bool, out: list[str]) -> None:
    pad = _pad(depth, indent)
    if braces and not node.children:
        out.append(f"{sign}{pad}{node.label};")
        return
    lines = node.label.split("\n")
    out.append(f"{sign}{pad}{lines[0]}" + (" {" if braces else ""))
    out.extend(f"{sign}{line}" for line in lines[1:])
    for c in node.children:
        _emit(c, sign, depth + 1, indent, braces, out)
    if braces:
        out.append(f"{sign}{pad}}}")
