"""Parse device configs into trees: one parser for the engine, the lab and compliance.

Indentation dialects (ios, eos, dellos10) nest by leading spaces; Junos nests by braces. A banner is
one node whose text holds every line up to its delimiter, since its body is not config.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bluewire.platforms import profile

_IOS_BANNER = re.compile(r"^banner\s+\S+\s+(?P<delim>\^C|\S)(?P<rest>.*)$")


@dataclass(slots=True)
class Node:
    """One config line and the lines nested under it."""

    text: str
    line: int = 0
    children: list[Node] = field(default_factory=list)

    def child(self, text: str) -> Node | None:
        for c in self.children:
            if c.text == text:
                return c
        return None

    def startswith(self, prefix: str) -> list[Node]:
        return [c for c in self.children if c.text.startswith(prefix)]

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Node]]:
        for c in self.children:
            yield depth, c
            yield from c.walk(depth + 1)

    def paths(self, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
        """Every node as the tuple of texts from the root to it."""
        for c in self.children:
            here = (*prefix, c.text)
            yield here
            yield from c.paths(here)


def parse(text: str, platform: str) -> Node:
    """`text` as a tree, read in the platform's dialect (see bluewire.platforms)."""
    prof = profile(platform)
    if prof.braces:
        return parse_braces(text)
    return parse_indented(text, eos_banner=prof.banner == "eof")


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


_COMMENT_LINE = re.compile(
    r"^[ \t]*#[^\n]*$", re.M
)  # `## Last commit` style lines; keeps line numbers
_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|/\*.*?\*/|[{};]|[^\s{};"]+', re.S)


def brace_tokens(text: str) -> Iterator[tuple[str, int]]:
    """The tokens of Junos brace text and their line numbers, comments left out (the lab's
    `load` checks structure on these, so it tokenizes exactly as `parse_braces` does)."""
    blanked = _COMMENT_LINE.sub(lambda c: " " * len(c.group(0)), text)
    line, last = 1, 0
    for m in _TOKEN.finditer(blanked):
        line, last = line + blanked.count("\n", last, m.start()), m.start()
        if not m.group(0).startswith("/*"):
            yield m.group(0), line


def parse_braces(text: str) -> Node:
    """Junos `show configuration` text (curly braces, `;` terminators, quoted strings)."""
    root = Node("")
    stack = [root]
    words: list[str] = []
    word_line = 0
    newlines = [m.start() for m in re.finditer("\n", text)]
    blanked = _COMMENT_LINE.sub(lambda c: " " * len(c.group(0)), text)
    for m in _TOKEN.finditer(blanked):
        tok = m.group(0)
        if tok.startswith("/*"):
            continue
        lineno = bisect.bisect_left(newlines, m.start()) + 1
        if tok in ("{", ";"):
            node = Node(" ".join(words), word_line or lineno)
            stack[-1].children.append(node)
            if tok == "{":
                stack.append(node)
            words = []
        elif tok == "}":
            if len(stack) > 1:
                stack.pop()
            words = []
        else:
            if not words:
                word_line = lineno
            words.append(tok)
    return root


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
    out: list[str] = []

    def emit(node: Node, depth: int) -> None:
        pad = "    " * depth
        if node.children:
            out.append(f"{pad}{node.text} {{")
            for c in node.children:
                emit(c, depth + 1)
            out.append(f"{pad}}}")
        else:
            out.append(f"{pad}{node.text};")

    for c in root.children:
        emit(c, 0)
    return "\n".join(out) + "\n"


def to_set_commands(root: Node) -> list[str]:
    """Junos tree as `set` commands (leaf paths), the form `load set` accepts."""
    cmds: list[str] = []

    def walk(node: Node, prefix: str) -> None:
        path = f"{prefix} {node.text}".strip()
        if node.children:
            for c in node.children:
                walk(c, path)
        else:
            cmds.append(f"set {path}")

    for c in root.children:
        walk(c, "")
    return cmds
