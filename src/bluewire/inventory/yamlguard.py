"""Limits a YAML file must stay within before bluewire builds Python values from it.

Inventory and policy files come from merge requests and are parsed in CI. YAML aliases let a
few hundred bytes stand for a billion values (the "billion laughs"), an alias may refer to its
own value (a cycle), and nesting can be deep enough to exhaust the stack. Each would hang or
crash the loader; `check_graph` measures the composed node graph (aliases are shared nodes
there, so this is linear in the file's size) and names the first place a limit is broken.
"""

from __future__ import annotations

import yaml

MAX_BYTES = 32 * 1024 * 1024  # about 50,000 hosts shaped like the example network
MAX_DEPTH = 64  # the deepest inventory path is about 8 levels
ALIAS_ALLOWANCE = 1_000_000  # values aliases may add beyond the file's own (or 10x them)
# The tags of YAML's core types; anything else (`!!python/object`, `!vault`, `!!binary`) is
# refused, so a value never silently becomes something the schema did not expect.
CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")
)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def check_graph(root: yaml.Node) -> tuple[yaml.Node, str] | None:
    """(node, what is wrong) for the first node past a limit, or None when the graph is fine."""
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            height[key] = 1 + max((height[id(k)] for k in kids), default=0)
            if height[key] > MAX_DEPTH:
                return node, f"nested more than {MAX_DEPTH} levels deep"
            continue
        if key in size:
            continue
        if key in open_nodes:
            return node, "an alias refers to the value it is part of (a cycle)"
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((kid, False) for kid in reversed(_children(node)))
    return _check_expansion(root, size)


def _check_expansion(root: yaml.Node, size: dict[int, int]) -> tuple[yaml.Node, str] | None:
    unique = len(size)
    limit = unique + max(ALIAS_ALLOWANCE, 10 * unique)
    if size[id(root)] <= limit:
        return None
    node = _smallest_over(root, size, limit)
    return node, (
        f"aliases make this value stand for {size[id(node)]:,} values (the limit is {limit:,}); "
        "an alias bomb? write the data out or nest fewer aliases"
    )


def _smallest_over(root: yaml.Node, size: dict[int, int], limit: int) -> yaml.Node:
    """The innermost node whose expansion alone is over the limit: where the bomb is built."""
    node = root
    while True:
        bigger = [k for k in _children(node) if size[id(k)] > limit]
        if not bigger:
            return node
        node = bigger[0]


def tag_problem(node: yaml.Node) -> str | None:
    if node.tag in CORE_TAGS:
        return None
    return f"unsupported YAML tag {node.tag!r}; bluewire reads plain YAML values only"
