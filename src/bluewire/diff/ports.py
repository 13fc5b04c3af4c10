"""Physical ports: a port the golden config leaves out is that port at its defaults.

A device cannot delete a physical port (IOS refuses `no interface GigabitEthernet1/0/1`, OS10
`no interface ethernet1/1/1`) and shows every port it has. So before diffing, the target gets
the platform's default block (`PlatformRules.physical`) for each physical port of the running
config that it leaves out. The engine then resets such a port (IOS `default interface X`) or
enters the commands that bring it to its defaults (OS10), and a port already at its defaults
needs nothing, so a second plan after an apply is empty. Remediation and the readable diff see
the same completed target.
"""

from __future__ import annotations

from bluewire.config.tree import Node
from bluewire.diff.rules import Physical, PlatformRules
from bluewire.sanitize import compare_form


def complete(source: Node, target: Node, rules: PlatformRules) -> Node:
    """`target` with a default block for each physical port of `source` it leaves out.

    Trees are shared (a `Config` caches its parse), so a new root is returned, never an edit.
    """
    if not rules.physical:
        return target
    present = {compare_form(n.text) for n in target.children}
    added: list[Node] = []
    for node in source.children:
        rule = rules.port((node.text,))
        if rule is not None and compare_form(node.text) not in present:
            added.append(default_block(node.text, rule))
    if not added:
        return target
    return Node(target.text, target.line, [*added, *target.children], target.tags, target.notes)


def default_block(text: str, rule: Physical) -> Node:
    """The port `text` as the device shows it unconfigured."""
    return Node(text, 0, [Node(line) for line in rule.defaults])


def at_defaults(node: Node, rule: Physical, structural: frozenset[str]) -> bool:
    """Whether the port block `node` holds exactly its default lines (in any order)."""
    lines = sorted(compare_form(c.text) for c in node.children if c.text not in structural)
    return not any(c.children for c in node.children) and lines == sorted(rule.defaults)
