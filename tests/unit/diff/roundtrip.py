"""The referees for diff tests: apply commands and compare the configs.

The lab's own grammars referee every platform, Junos tags (`activate`, `deactivate`, `protect`)
included; Junos cases are also refereed by bluewire's `set` parser on its own (`load set`
semantics without the lab's schema).
"""

from __future__ import annotations

from bluewire.config.junos_set import parse_set_lines
from bluewire.config.tree import Node, parse, render_braces, to_set_commands
from bluewire.diff import remediation, rollback, rules_for
from bluewire.diff.ports import at_defaults
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
    sort them (ACL entries by number, Junos by schema). Junos is compared as `set` paths (tags as
    `deactivate`/`protect` lines), since its brace nesting is a display of the same words. A
    physical port at its defaults is the same as a port the config leaves out (the device shows
    every port it has and cannot delete one), and a default the device never shows (IOS `no
    shutdown`: the rules' `hidden` lines) the same as its absence.
    """
    root = parse(text, platform)
    if platform == "junos":
        return sorted((compare_form(c),) for c in to_set_commands(root))
    rules = rules_for(platform)
    skip = rules.structural
    out: list[tuple[str, ...]] = []

    def walk(node: Node, prefix: tuple[str, ...]) -> None:
        hidden = rules.hidden_at(prefix)
        for c in node.children:
            port = None if prefix else rules.port((c.text,))
            if port is not None and at_defaults(c, port, skip):
                continue
            if c.text not in skip and c.text not in hidden:
                here = (*prefix, compare_form(c.text))
                out.append(here)
                walk(c, here)

    walk(root, ())
    return sorted(out)


def device_text(text: str, platform: str) -> str:
    """What the device holds for `text`: a Junos box shows braces whatever format it was given."""
    return render_braces(parse(text, "junos")) if platform == "junos" else text


def assert_no_late_negation(commands: list[str], target: str, platform: str) -> None:
    """No `no X` comes after a line of its section that X names: a device removes a setting by
    its name whatever the value (`no description old` clears `description new`, `no
    tacacs-server host H` deletes the `tacacs-server host H key K` just sent), a stricter reading
    than the lab's, which removes only the exact line.

    X names a line when the line starts with X's words, or when both are the same single-valued
    setting (the platform's idempotent rows). A `no X` the target config itself holds (`no
    switchport`: a mode, not a removal) is meant to act on what came before.
    """
    if platform == "junos":
        return  # deletes come first there
    rules = rules_for(platform)
    held = {tuple(n.text for n in p) for p in _paths(parse(target, platform))}
    prefix = rules.negation + " "
    sent: dict[tuple[str, ...], list[str]] = {}
    stack: list[str] = []
    for line in commands:
        depth = (len(line) - len(line.lstrip(" "))) // rules.indent
        text = line.strip()
        del stack[depth:]
        path = tuple(stack)
        earlier = sent.setdefault(path, [])
        if text.startswith(prefix) and (*path, text) not in held:
            named = text[len(prefix) :]
            keys = set(rules.idempotent_keys((*path, named)))
            for old in earlier:
                same = _setting(old)
                clash = (old + " ").startswith(named + " ") or (
                    same is not None and same == _setting(named)
                )
                clash = clash or bool(keys & set(rules.idempotent_keys((*path, old))))
                assert not clash, f"{line.strip()!r} after {old!r} under {path}: {commands}"
        earlier.append(text)
        stack.append(text)


def _setting(text: str) -> str | None:
    """The words naming a `description` (its text is free; `no ... description` ignores it)."""
    words = text.split()
    return " ".join(words[: words.index("description") + 1]) if "description" in words else None


def _paths(root: Node) -> list[tuple[Node, ...]]:
    out: list[tuple[Node, ...]] = []

    def walk(node: Node, above: tuple[Node, ...]) -> None:
        for c in node.children:
            out.append((*above, c))
            walk(c, (*above, c))

    walk(root, ())
    return out


def assert_round_trip(running: str, intended: str, platform: str) -> None:
    """running + remediation == intended and intended + rollback == running, per the lab; and
    no negation removes what the same commands set just before it."""
    lab = grammar(platform)
    assert_no_late_negation(remediation(running, intended, platform), intended, platform)
    assert_no_late_negation(rollback(running, intended, platform), running, platform)
    forward = lab.merge(device_text(running, platform), remediation(running, intended, platform))
    assert canonical(forward, platform) == canonical(intended, platform)
    back = lab.merge(device_text(intended, platform), rollback(running, intended, platform))
    assert canonical(back, platform) == canonical(running, platform)
    assert remediation(forward, intended, platform) == []


def load_set(current: str, commands: list[str]) -> str:
    """Junos `load set` of `commands` onto `current`, by bluewire's `set` parser."""
    return render_braces(parse_set_lines([*to_set_commands(parse(current, "junos")), *commands]))


def assert_set_round_trip(running: str, intended: str) -> None:
    """The Junos round trip refereed by `load set` semantics (tags included)."""
    forward = load_set(running, remediation(running, intended, "junos"))
    assert canonical(forward, "junos") == canonical(intended, "junos")
    assert remediation(forward, intended, "junos") == []
    back = load_set(intended, rollback(running, intended, "junos"))
    assert canonical(back, "junos") == canonical(running, "junos")
