"""The referee for diff tests: apply commands with the lab's own grammar and compare configs."""

from __future__ import annotations

from bluewire.config.tree import Node, parse, to_set_commands
from bluewire.diff import remediation, rollback, rules_for
from bluewire.lab.device import Grammar
from bluewire.lab.grammar import load_grammar
from bluewire.lab.platforms.junos.grammar import JunosGrammar
from bluewire.sanitize import compare_form

PLATFORMS = ("ios", "eos", "dellos10", "junos")


def grammar(platform: str) -> Grammar:
    return JunosGrammar() if platform == "junos" else load_grammar(platform)


def canonical(text: str, platform: str) -> list[tuple[str, ...]]:
    """What two configs must share to be the same config: every path, in compare form.

    Order is left out: the lab appends new lines at the end of a section where the device would
    sort them (ACL entries by number, Junos by schema). Junos is compared as `set` paths, since
    its brace nesting is a display of the same word sequence.
    """
    root = parse(text, platform)
    if platform == "junos":
        return sorted((compare_form(c),) for c in to_set_commands(root))
    skip = rules_for(platform).structural
    out: list[tuple[str, ...]] = []

    def walk(node: Node, prefix: tuple[str, ...]) -> None:
        for c in node.children:
            if c.text not in skip:
                here = (*prefix, compare_form(c.text))
                out.append(here)
                walk(c, here)

    walk(root, ())
    return sorted(out)


def assert_round_trip(running: str, intended: str, platform: str) -> None:
    """running + remediation == intended and intended + rollback == running, per the lab."""
    lab = grammar(platform)
    forward = lab.merge(running, remediation(running, intended, platform))
    assert canonical(forward, platform) == canonical(intended, platform)
    back = lab.merge(intended, rollback(running, intended, platform))
    assert canonical(back, platform) == canonical(running, platform)
    if platform != "junos":  # the lab nests new Junos `set` paths by heuristics, not a schema
        assert remediation(forward, intended, platform) == []
