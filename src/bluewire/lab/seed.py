"""Brownfield seeding: a golden config with the drift a hand-run network accumulates.

`bluewire lab up --seed brownfield` boots every device this way, so that `plan` and `drift` have
something real to find: a changed description, an extra local user, one NTP server removed, one
shut port enabled, chosen deterministically by seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from bluewire.config import tree
from bluewire.config.tree import Node
from bluewire.lab.fleet import platform
from bluewire.platforms import profile

_HAND_DESCRIPTION = "temporary - ask night shift"
Pairs = list[tuple[tuple[Node, ...], Node]]


def brownfield(config: str, name: str, seed: int | str) -> str:
    """`config` of platform `name` with hand-made drift, chosen deterministically by `seed`."""
    rng = random.Random(f"{name}:{seed}")
    prof = profile(name)
    root = tree.parse(config, name)
    pairs = _with_parents(root, ())
    _change_description(pairs, '"' if prof.braces else "", rng)
    _remove_one(pairs, rng, _is_ntp_server)
    _remove_one(pairs, rng, _is_shutdown)
    user = platform(name).brownfield_user
    if prof.braces:
        _graft(root, tree.parse_braces(user))
        return tree.render_braces(root)
    users = [i for i, n in enumerate(root.children) if n.text.startswith("username ")]
    root.children.insert(users[-1] + 1 if users else len(root.children), Node(user))
    return tree.render_indented(root, prof.indent)


def _with_parents(node: Node, ancestors: tuple[Node, ...]) -> Pairs:
    out: Pairs = []
    for child in node.children:
        out.append(((*ancestors, node), child))
        out.extend(_with_parents(child, (*ancestors, node)))
    return out


def _change_description(pairs: Pairs, quote: str, rng: random.Random) -> None:
    found = [n for _, n in pairs if n.text.startswith("description ")]
    if found:
        rng.choice(found).text = f"description {quote}{_HAND_DESCRIPTION}{quote}"


def _is_ntp_server(ancestors: tuple[Node, ...], node: Node) -> bool:
    return node.text.startswith("ntp server ") or (
        ancestors[-1].text == "ntp" and node.text.startswith("server ")
    )


def _is_shutdown(ancestors: tuple[Node, ...], node: Node) -> bool:
    return node.text in ("shutdown", "disable") and any(
        a.text.startswith("interface") for a in ancestors
    )


def _remove_one(
    pairs: Pairs, rng: random.Random, wanted: Callable[[tuple[Node, ...], Node], bool]
) -> None:
    found = [(a, n) for a, n in pairs if wanted(a, n)]
    if found:
        ancestors, node = rng.choice(found)
        ancestors[-1].children.remove(node)


def _graft(into: Node, new: Node) -> None:
    """Add `new`'s statements to `into`, descending into blocks both already have."""
    for child in new.children:
        existing = into.child(child.text)
        if existing is not None and child.children:
            _graft(existing, child)
        else:
            into.children.append(child)
