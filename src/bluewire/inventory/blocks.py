"""hosts.yaml as separate top-level entries, so an edit re-parses only the entries it touched.

A SimpleInventory hosts file is a block mapping: each host starts at column 0 and everything
down to the next line at column 0 belongs to it (YAML needs continuation lines indented, or
inside an open quote or bracket, which makes the first part unparseable on its own). An entry
that uses an alias (`<<: *anchor`) is parsed together with the earlier entries defining its
anchors, so it means what it means in the whole file.

When the file is anything else (documents, directives, a top-level sequence or merge, a tab or
a carriage return, an alias whose anchor cannot be found) `split` returns None and the file is
parsed whole. The split is only a speed-up: whatever it cannot vouch for is parsed whole.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

_NOT_AN_ENTRY = ("-", "%", "?", "{", "[", "<<", "...", "---", "&", "*", "!", "|", ">", "@", "`")
ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")
ALIAS = re.compile(r"\*([^\s,\[\]{}]+)")


@dataclass(frozen=True)
class Block:
    """One top-level entry's text (with the comments and blank lines that follow it)."""

    index: int
    start: int  # 0-based line of the file where it starts
    text: str
    deps: tuple[int, ...] = ()  # earlier blocks defining anchors it uses, in file order
    key: str = ""  # digest of its own text and its dependencies' texts
    at: int = 0  # offset in the file's text where it starts

    @property
    def lines(self) -> int:
        return self.text.count("\n")


@dataclass(frozen=True)
class Unit:
    """The text a block is parsed from: its dependencies, then itself (file order kept)."""

    text: str
    segments: tuple[tuple[int, int, int], ...]  # (first unit line, first file line, lines)
    own: tuple[int, int]  # the block's own lines in the unit: [first, end)

    def file_line(self, unit_line: int) -> int:
        """1-based file line of a 0-based line of the unit text."""
        for first, file_first, count in self.segments:
            if first <= unit_line < first + count:
                return file_first + unit_line - first + 1
        return self.segments[-1][1] + 1


_ENTRY_START = re.compile(
    r"^[^ #\n]", re.MULTILINE
)  # a line that is not blank, indented or a comment


def split(text: str) -> list[Block] | None:
    """The top-level entries of a hosts file, or None when it is not a plain block mapping."""
    blocks = entries(text)
    return None if blocks is None else _with_dependencies(blocks)


def entries(text: str) -> list[Block] | None:
    """The entries as blocks without their dependencies (or None, as `split`).

    The entry starts are found by one regular expression over the text, not a loop over its
    lines (10,000 hosts are 300,000 lines).
    """
    if "\r" in text or "\t" in text or text.startswith("\ufeff"):
        return None
    offsets = [m.start() for m in _ENTRY_START.finditer(text)]
    if not offsets or any(text.startswith(_NOT_AN_ENTRY, at) for at in offsets):
        return None
    ends = [*offsets[1:], len(text)]
    blocks = []
    line = text.count("\n", 0, offsets[0])
    for index, (at, end) in enumerate(zip(offsets, ends, strict=True)):
        part = text[at:end]
        blocks.append(Block(index, line, part if part.endswith("\n") else part + "\n", at=at))
        line += part.count("\n")
    return blocks


def _with_dependencies(blocks: list[Block]) -> list[Block] | None:
    defined: dict[str, int] = {}  # anchor -> latest block defining it so far
    out: list[Block] = []
    for block in blocks:
        deps: set[int] = set()
        if "&" in block.text or "*" in block.text:
            own = set(ANCHOR.findall(block.text))
            for name in ALIAS.findall(block.text):
                if name in defined:
                    deps.add(defined[name])
                    deps.update(out[defined[name]].deps)
                elif name not in own:
                    return None  # an alias with no anchor we can see: parse the whole file
            defined.update((name, block.index) for name in own)
        order = tuple(sorted(deps))
        key = block_key([blocks[i].text for i in order], block.text)
        out.append(Block(block.index, block.start, block.text, order, key, block.at))
    return out


def block_key(dependencies: list[str], text: str) -> str:
    """A block's key: its text and its dependencies' texts (in file order)."""
    digest = hashlib.sha256()
    for dep in dependencies:
        digest.update(dep.encode())
        digest.update(b"\0")
    digest.update(text.encode())
    return digest.hexdigest()[:32]


def unit(blocks: Sequence[Block] | Mapping[int, Block], block: Block) -> Unit:
    parts = [blocks[i] for i in block.deps] + [block]
    segments = []
    line = 0
    for part in parts:
        segments.append((line, part.start, part.lines))
        line += part.lines
    own_first = line - block.lines
    return Unit("".join(p.text for p in parts), tuple(segments), (own_first, line))


def owner(blocks: list[Block]) -> Callable[[int], Block | None]:
    """Which block holds a 0-based file line (for mapping a full parse's entries to blocks)."""
    starts = {b.start: b for b in blocks}
    return starts.get
