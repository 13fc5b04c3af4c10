"""A config as a value: its text and platform, parsed at most once however many readers it has.

Plan reads each host's running and intended configs in diff, remediation, rollback, risk and
compliance; each used to parse them again (about ten parses per host). Passing a `Config`
instead of text parses each side once. The tree is shared, so readers must not modify it
(none does: the diff engine and compliance build their own structures).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bluewire.config.tree import Node, align, parse


@dataclass(frozen=True, eq=False)
class Config:
    text: str
    platform: str

    @cached_property
    def tree(self) -> Node:
        """The parsed tree (read-only by convention: it is shared)."""
        return parse(self.text, self.platform)


def tree_of(config: str | Config, platform: str) -> Node:
    """The tree of `config`: the cached one of a Config, else a fresh parse of the text."""
    if isinstance(config, Config):
        return config.tree
    return parse(config, platform)


def trees_of(a: str | Config, b: str | Config, platform: str) -> tuple[Node, Node]:
    """The trees of two configs to compare (cached ones reused), made comparable by `tree.align`
    (a Junos brace config against a `set` one)."""
    return align(tree_of(a, platform), tree_of(b, platform), _text(a), _text(b), platform)


def _text(config: str | Config) -> str:
    return config.text if isinstance(config, Config) else config
