"""A readable unified-style diff of two config trees: changed sections with their parents as context."""

from __future__ import annotations

from bluewire.config.model import SHOWN_TAGS
from bluewire.config.tree import Node
from bluewire.sanitize import compare_form


def tree_diff(source: Node, target: Node, indent: int, braces: bool) -> list[str]:
    """Lines prefixed `-`, `+` or ` ` (a context parent), in target order after removals."""
    out: list[str] = []
    _level(source, target, 0, indent, braces, out)
    return out


def _level(src: Node, dst: Node, depth: int, indent: int, braces: bool, out: list[str]) -> None:
    src_by = {compare_form(c.text): c for c in src.children}
    dst_by = {compare_form(c.text): c for c in dst.children}
    for key, node in src_by.items():
        if key not in dst_by:
            _emit(node, "-", depth, indent, braces, out)
    for key, node in dst_by.items():
        old = src_by.get(key)
        if old is None:
            _emit(node, "+", depth, indent, braces, out)
        elif braces and _shown(old) != _shown(node):
            _retagged(old, node, depth, indent, out)
        elif node.children or old.children:
            sub: list[str] = []
            _level(old, node, depth + 1, indent, braces, sub)
            if sub:
                out.append(" " + _pad(depth, indent) + node.text + (" {" if braces else ""))
                out.extend(sub)
                if braces:
                    out.append(" " + _pad(depth, indent) + "}")


def _retagged(old: Node, new: Node, depth: int, indent: int, out: list[str]) -> None:
    """A Junos statement whose tags changed (`inactive:`): its line both ways, then its changes."""
    pad = _pad(depth, indent)
    if not (old.children or new.children):
        out.extend([f"-{pad}{old.label};", f"+{pad}{new.label};"])
        return
    out.extend([f"-{pad}{old.label} {{", f"+{pad}{new.label} {{"])
    _level(old, new, depth + 1, indent, True, out)
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
