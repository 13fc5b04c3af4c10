"""A config as a value: its text and platform, parsed at most once however many readers it has.

Plan reads each host's running and intended configs in diff, remediation, rollback, risk and
compliance; each used to parse them again (about ten parses per host). Passing a `Config`
instead of text parses each side once. The tree is shared, so readers must not modify it
(none does: the diff engine and compliance build their own structures).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bluewire.config.tree import Node, parse


@dataclass(frozen=True, eq=False)
class Config:
    text: str
    platform: str

    @cached_property
    def tree(self) -> Node:
        """The parsed tree (read-only by convention: it is shared)."""
        return parse(self.text, self.platform)

    @cached_property
    def paths(self) -> frozenset[tuple[str, ...]]:
        """Every line as the tuple of texts from the top level down to it."""
        return frozenset(self.tree.paths())


def tree_of(config: str | Config, platform: str) -> Node:
    """The tree of `config`: the cached one of a Config, else a fresh parse of the text."""
    if isinstance(config, Config):
        return config.tree
    return parse(config, platform)
