"""What the driver types on OS10 for a candidate: bluewire's diff engine, entered mode by mode.

OS10 has no `configure replace`: its only ways to load a file (`copy <file> running-configuration`,
the CLI) merge. A replace is therefore the difference between running and target, entered as CLI
commands inside one transaction so that the switch validates and commits it as a whole. That
difference is `bluewire.diff.remediation(running, target, "dellos10")`, the very function a plan
shows as the host's remediation: one diff engine, so what the plan shows is what the driver sends
(ARCHITECTURE.md, "The OS10 NAPALM driver"). Two OS10 facts are added here, around the engine:

- a physical port cannot be deleted (`no interface ethernet1/1/2` is refused), so a port the target
  leaves out is given to the engine as an empty block: its settings are negated, the port stays;
- the engine writes sections by indentation, the CLI needs modes: `cli_lines` closes every section
  with `exit`, so a command valid both in a sub-mode and globally lands where the text puts it
  instead of where the CLI's fall-back to parent modes would.
"""

from __future__ import annotations

import re

from bluewire import diff
from bluewire.config import tree
from bluewire.config.tree import Node

PLATFORM = "dellos10"
_PHYSICAL = re.compile(r"^interface (ethernet|mgmt)\S+$")
_CLOSERS = frozenset({"exit", "end"})


def replace_commands(running: str, target: str) -> list[str]:
    """CLI lines (sections closed with `exit`) that make `running` equal `target`."""
    commands = diff.remediation(running, with_physical_ports(running, target), PLATFORM)
    return cli_lines("\n".join(commands))


def with_physical_ports(running: str, target: str) -> str:
    """`target` plus an empty block for each physical port of `running` it leaves out."""
    present = {node.text for node in tree.parse(target, PLATFORM).children}
    missing = [
        node.text
        for node in tree.parse(running, PLATFORM).children
        if _PHYSICAL.match(node.text) and node.text not in present
    ]
    if not missing:
        return target
    return target.rstrip("\n") + "\n" + "".join(f"!\n{name}\n" for name in missing)


def cli_lines(text: str) -> list[str]:
    """Config text as the CLI takes it: each section's lines, then `exit` back to its parent.

    Text without indentation passes through line by line (its own `exit`s included); inside a
    section an `exit` or `end` of the text is dropped, since the section's end is its `exit`.
    A banner stays one command whose lines follow each other up to the delimiter.
    """
    out: list[str] = []
    for node in tree.parse(text, PLATFORM).children:
        _emit(node, out)
    return out


def _emit(node: Node, out: list[str]) -> None:
    out.extend(node.text.split("\n"))
    inner = [child for child in node.children if child.text not in _CLOSERS]
    for child in inner:
        _emit(child, out)
    if inner:
        out.append("exit")
