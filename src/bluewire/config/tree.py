"""Parse device configs into trees: one parser for the engine, the lab and compliance.

Indentation dialects (ios, eos, dellos10) nest by leading spaces; Junos nests by braces, or comes
as `display set` lines that rebuild the same tree (`junos_set`). A banner is one node whose text
holds every line up to its delimiter, since its body is not config.
"""

from __future__ import annotations

import re

from bluewire.config.junos import brace_tokens, detect_format, parse_braces
from bluewire.config.junos_set import display_set, parse_set, parse_set_lines
from bluewire.config.model import ConfigSyntaxError, Node, active, gc_paused
from bluewire.platforms import profile

__all__ = [
    "ConfigSyntaxError",
    "Node",
    "active",
    "align",
    "brace_tokens",
    "parse",
    "parse_braces",
    "parse_junos",
    "parse_pair",
    "render_braces",
    "render_indented",
    "to_set_commands",
]

_IOS_BANNER = re.compile(r"^banner\s+\S+\s+(?P<delim>\^C|\S)(?P<rest>.*)$")


def parse(text: str, platform: str) -> Node:
    """`text` as a tree, read in the platform's dialect (see bluewire.platforms); Junos in brace
    or `set` format (raises ConfigSyntaxError on garbage)."""
    prof = profile(platform)
    with gc_paused():
        if prof.braces:
            return parse_junos(text)
        return parse_indented(text, eos_banner=prof.banner == "eof")


def parse_junos(text: str) -> Node:
    """Junos in either format, tags as attributes and comments as annotations."""
    if detect_format(text) == "set":
        return parse_set(text)
    return parse_braces(text, tags=True, strict=True)


def parse_pair(a: str, b: str, platform: str) -> tuple[Node, Node]:
    """Two configs to compare, parsed so that equal config gives equal trees (see `align`)."""
    return align(parse(a, platform), parse(b, platform), a, b, platform)


def align(left: Node, right: Node, a: str, b: str, platform: str) -> tuple[Node, Node]:
    """The trees of configs `a` and `b`, made comparable.

    A Junos brace config compared with a `set` one goes through its `set` form too, so a
    statement the shape table does not know nests the same way on both sides.
    """
    if not profile(platform).braces:
        return left, right
    fa, fb = detect_format(a), detect_format(b)
    if fa == fb:
        return left, right
    with gc_paused():
        if fa == "braces":
            return parse_set_lines(display_set(left)), right
        return left, parse_set_lines(display_set(right))


def parse_indented(text: str, eos_banner: bool = False) -> Node:
    root = Node("")
    stack: list[tuple[int, Node]] = [(-1, root)]
    lines = text.splitlines()
    i = 0
    count = len(lines)
    while i < count:
        raw = lines[i]
        stripped = raw.strip()
        i += 1
        if not stripped or stripped[0] == "!" or stripped == "end":  # comment, blank, `end`
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        node = Node(stripped, i)
        if indent == 0 and stripped.startswith("banner "):
            node.text, i = _read_banner(lines, i - 1, eos_banner)
        while stack[-1][0] >= indent:
            stack.pop()
        stack[-1][1].children.append(node)
        stack.append((indent, node))
    return root


def _read_banner(lines: list[str], start: int, eos_style: bool) -> tuple[str, int]:
    """Banner text through its closing delimiter (EOS: a line `EOF`; IOS/OS10: the delimiter)."""
    first = lines[start].strip()
    if eos_style:
        end = start + 1
        while end < len(lines) and lines[end].strip() != "EOF":
            end += 1
        return "\n".join([first, *lines[start + 1 : end], "EOF"]), end + 1
    m = _IOS_BANNER.match(first)
    if not m:
        return first, start + 1
    delim, rest = m["delim"], m["rest"]
    if delim in rest:
        return first, start + 1
    end = start + 1
    while end < len(lines) and delim not in lines[end]:
        end += 1
    return "\n".join(lines[start : end + 1]), end + 1


def render_indented(root: Node, indent: int = 1, separator: bool = True) -> str:
    """Tree back to indentation form (`!` between top-level blocks)."""
    out: list[str] = []
    for c in root.children:
        _emit(c, 0, indent, out)
        if separator and c.children:
            out.append("!")
    return "\n".join(out) + "\n"


def _emit(node: Node, depth: int, indent: int, out: list[str]) -> None:
    out.append(" " * (depth * indent) + node.text)
    for c in node.children:
        _emit(c, depth + 1, indent, out)


def render_braces(root: Node) -> str:
    """Tree back to Junos braces: tags before the words, `/* */` annotations on the line above."""
    out: list[str] = []

    def emit(node: Node, depth: int) -> None:
        pad = "    " * depth
        out.extend(f"{pad}{n}" for n in node.notes if n.startswith("/*"))
        if node.children:
            out.append(f"{pad}{node.label} {{")
            for c in node.children:
                emit(c, depth + 1)
            out.append(f"{pad}}}")
        else:
            out.append(f"{pad}{node.label};")

    for c in root.children:
        emit(c, 0)
    return "\n".join(out) + "\n"


def to_set_commands(root: Node) -> list[str]:
    """Junos tree as `show configuration | display set` prints it (`load set` accepts it)."""
    return display_set(root)
