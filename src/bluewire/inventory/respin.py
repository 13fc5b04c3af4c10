"""The entries an edit of hosts.yaml touched, without splitting and hashing all 10,000 of them.

The cache keeps the text its rows were split from and where each entry started. An edited text
is compared with it from both ends (one memcmp per chunk); only the entries around the first
and last difference are split again. The result is what `blocks.split` gives for those
entries, keys included (the property tests compare the two on random edits), or None when
this cannot vouch for it: the edit starts before the first entry, or the old or new text of
the region defines an anchor (a definition there changes what aliases elsewhere mean), or an
alias there names an anchor that is defined twice or not in an earlier entry.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from bluewire.inventory.blocks import ALIAS, ANCHOR, Block, block_key, entries


@dataclass(frozen=True)
class Respin:
    """New blocks replacing blocks [first, end) of the old split; blocks from `end` on moved
    by `lines` and `chars`; `deps`, the earlier blocks the new ones' aliases need."""

    first: int
    end: int
    blocks: list[Block]
    lines: int
    chars: int
    deps: dict[int, Block]


def respin(old: str, new: str, starts: list[int]) -> Respin | None:
    """The blocks of `new` that replace the blocks of `old` (starting at `starts`) around
    the edit; None when this cannot vouch for the result (see the module docstring)."""
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    first = bisect.bisect_left(starts, prefix) - 1  # the last block starting before the edit
    end = bisect.bisect_right(starts, len(old) - suffix)  # the first block starting after it
    if first < 0:
        return None
    chars = len(new) - len(old)
    old_end = starts[end] if end < len(starts) else len(old)
    region, was = new[starts[first] : old_end + chars], old[starts[first] : old_end]
    if "&" in region or "&" in was:
        return None
    found = entries(region)
    if not found or found[0].at != 0:
        return None
    line = old.count("\n", 0, starts[first])
    aliases = _Aliases(old, starts, first)
    blocks = []
    for b in found:
        deps = aliases.deps(b.text)
        if deps is None:
            return None
        key = block_key([aliases.blocks[i].text for i in deps], b.text)
        blocks.append(
            Block(first + b.index, line + b.start, b.text, deps, key, starts[first] + b.at)
        )
    lines = region.count("\n") - was.count("\n")
    return Respin(first, end, blocks, lines, chars, aliases.blocks)


class _Aliases:
    """The anchors of the entries before the edit (read from the old text only when an alias
    asks), and the blocks defining them."""

    def __init__(self, old: str, starts: list[int], first: int) -> None:
        self.old, self.starts, self.first = old, starts, first
        self.anchors: dict[str, int] | None = None  # anchor -> the block defining it
        self.blocks: dict[int, Block] = {}

    def deps(self, text: str) -> tuple[int, ...] | None:
        """The blocks an entry's aliases depend on, as `blocks.split` finds them."""
        if "*" not in text:
            return ()
        if self.anchors is None:
            self.anchors = self._anchors()
        if self.anchors is None:
            return None
        deps: set[int] = set()
        for name in ALIAS.findall(text):
            at = self.anchors.get(name)
            block = None if at is None else self.block(at)
            if at is None or block is None:
                return None
            deps.add(at)
            deps.update(block.deps)
        return tuple(sorted(deps))

    def _anchors(self) -> dict[str, int] | None:
        found: dict[str, int] = {}
        for m in ANCHOR.finditer(self.old, 0, self.starts[self.first]):
            if m.group(1) in found:
                return None  # defined twice: which one an alias means depends on where it is
            found[m.group(1)] = bisect.bisect_right(self.starts, m.start()) - 1
        return found

    def block(self, index: int) -> Block | None:
        """An earlier block with its own dependencies (anchors are defined once: see above)."""
        known = self.blocks.get(index)
        if known is not None:
            return known
        at = self.starts[index]
        text = self.old[at : self.starts[index + 1]]
        own = set(ANCHOR.findall(text))
        deps: set[int] = set()
        for name in set(ALIAS.findall(text)) - own:
            definer = (self.anchors or {}).get(name)
            block = None if definer is None or definer >= index else self.block(definer)
            if definer is None or block is None:
                return None
            deps.add(definer)
            deps.update(block.deps)
        order = tuple(sorted(deps))
        key = block_key([self.blocks[i].text for i in order], text)
        line = self.old.count("\n", 0, at)
        self.blocks[index] = block = Block(index, line, text, order, key, at)
        return block


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix: compared in chunks (each compare is one memcmp)."""
    n, step, at = min(len(a), len(b)), 1 << 16, 0
    while at < n and a[at : at + step] == b[at : at + step]:
        at += step
    at = min(at, n)
    while step > 1 and at < n:  # the first difference is within [at, at + step): halve
        step //= 2
        if a[at : at + step] == b[at : at + step]:
            at += step
    return min(at, n)


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix, at most `limit` (so it never overlaps the prefix)."""
    la, lb, step, n = len(a), len(b), 1 << 16, 0
    while n < limit and a[max(la - n - step, 0) : la - n] == b[max(lb - n - step, 0) : lb - n]:
        n += step
    n = min(n, limit)
    while step > 1 and n < limit:
        step //= 2
        if a[max(la - n - step, 0) : la - n] == b[max(lb - n - step, 0) : lb - n]:
            n += step
    return min(n, limit)
