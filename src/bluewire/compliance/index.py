"""An index over one parsed config, built lazily once per config and shared by every rule.

Children are bucketed by their first word, and a rule's regex that starts with a literal word
(`^ntp server`) only looks in that bucket; scopes (paths of regexes) are resolved once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bluewire.config.tree import Node

_FLAGS = re.compile(r"^\(\?[aiLmsux]+\)")
_META = set(".^$*+?{}[]|()\\ ")


@lru_cache(maxsize=4096)
def literal_head(pattern: str) -> str | None:
    """The first word every match must start with, when the regex says so (`^word ` or `^word$`)."""
    p = _FLAGS.sub("", pattern)
    if not p.startswith("^"):
        return None
    i = 1
    while i < len(p) and p[i] not in _META:
        i += 1
    word = p[1:i]
    if not word:
        return None
    rest = p[i:]
    if rest == "" or rest.startswith((" ", "$", "\\s")):
        return word
    return None


def first_word(text: str) -> str:
    return text.split(None, 1)[0] if text else ""


class ConfigIndex:
    def __init__(self, root: Node) -> None:
        self.root = root
        self._buckets: dict[int, dict[str, list[Node]]] = {}
        self._scopes: dict[tuple[str, ...], list[Node]] = {}
        self._descendants: dict[int, list[Node]] = {}

    def candidates(self, node: Node, pattern: re.Pattern[str]) -> list[Node]:
        """Children of `node` that could match `pattern` (a superset; the caller still matches)."""
        head = literal_head(pattern.pattern)
        if head is None:
            return node.children
        buckets = self._buckets.get(id(node))
        if buckets is None:
            buckets = {}
            for child in node.children:
                buckets.setdefault(first_word(child.text), []).append(child)
            self._buckets[id(node)] = buckets
        return buckets.get(head, [])

    def matching(self, node: Node, pattern: re.Pattern[str]) -> list[Node]:
        return [c for c in self.candidates(node, pattern) if pattern.search(c.text)]

    def descendants(self, node: Node) -> list[Node]:
        flat = self._descendants.get(id(node))
        if flat is None:
            flat = [n for _, n in node.walk()]
            self._descendants[id(node)] = flat
        return flat

    def scopes(self, within: tuple[re.Pattern[str], ...]) -> list[Node]:
        """Every block reached from the root by matching `within` one level at a time."""
        key = tuple(p.pattern for p in within)
        found = self._scopes.get(key)
        if found is None:
            found = [self.root]
            for pattern in within:
                found = [c for n in found for c in self.matching(n, pattern)]
            self._scopes[key] = found
        return found
