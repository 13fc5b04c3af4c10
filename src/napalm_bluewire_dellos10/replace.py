"""What the driver types on OS10 for a candidate: bluewire's diff engine, entered mode by mode.

OS10 has no `configure replace`: its only ways to load a file (`copy <file> running-configuration`,
the CLI) merge. A replace is therefore the difference between running and target, entered as CLI
commands inside one transaction so that the switch validates and commits it as a whole. That
difference is `bluewire.diff.remediation(running, target, "dellos10")`, the very function a plan
shows as the host's remediation: one diff engine, so what the plan shows is what the driver sends
(ARCHITECTURE.md, "The OS10 NAPALM driver"). The engine knows that OS10 cannot delete a physical
port (a port the target leaves out is brought to its defaults: `DELLOS10.physical` in
`bluewire.diff.platforms`). One OS10 fact is added here, around the engine:

- the engine writes sections by indentation, the CLI needs modes: `cli_lines` closes every section
  with `exit`, so a command valid both in a sub-mode and globally lands where the text puts it
  instead of where the CLI's fall-back to parent modes would.
"""

from __future__ import annotations

from bluewire import diff
from bluewire.config import tree
from bluewire.config.tree import Node

PLATFORM = "dellos10"
_CLOSERS = frozenset({"exit", "end"})


def replace_commands(running: str, target: str) -> list[str]:
    """CLI lines (sections closed with `exit`) that make `running` equal `target`."""
    return cli_lines("\n".join(diff.remediation(running, target, PLATFORM)))


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
