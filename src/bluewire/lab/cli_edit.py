"""How an accepted CLI line changes the config tree (the indentation platforms' merge).

`open_block` enters a sub-mode's block, `set_line` adds a setting (a keyed one replaces its old
value in place, a `Reset` form wipes what the device wipes with it, and a `hidden` one, a default
the device does not print, only removes the old value), `negate` is `no X`, `clear` drops what a
command wipes besides its own setting, `taken` says a `distinct` line is held already.
"""

from __future__ import annotations

from bluewire.config.tree import Node
from bluewire.lab.cli_syntax import Mode, Reset, Rule


def open_block(parent: Node, line: str) -> Node:
    """Enter a sub-mode: the existing block of that name, or a new one at the end."""
    found = parent.child(line)
    if found is None:
        found = Node(line)
        parent.children.append(found)
    return found


def _words(text: str) -> list[str]:
    return text.split("\n", 1)[0].split()


def set_line(parent: Node, line: str, rule: Rule, negations: tuple[str, ...]) -> None:
    """Add a leaf; the same setting is replaced in place: a line of the same command form (the
    same rule) with the same `key` words, or a stored negation of exactly this setting.

    A stored `no …` line goes only when it negates exactly this setting: `ip address X` must not
    drop `no ip address dhcp`, which is a different setting (OS10 mgmt interfaces carry both),
    and a keyed primary `ip address A M` does not drop `ip address B M secondary` (another rule).
    """
    words = _words(line)
    full = _positive(words, negations)
    key = full[: rule.key] if rule.key else full
    at: int | None = None
    changed = False
    kept: list[Node] = []
    for child in parent.children:
        if _same_setting(child.text, rule, key, full, negations):
            at = len(kept) if at is None else at
            changed = changed or child.text != line
            continue
        kept.append(child)
    if changed and rule.reset is not None:
        kept = _reset(kept, words, rule.reset)
        at = min(at or 0, len(kept))
    if not rule.hidden:
        kept.insert(len(kept) if at is None else at, Node(line))
    parent.children[:] = kept


def taken(parent: Node, line: str, rule: Rule) -> bool:
    """Another line of the form already holds what `line` holds after its `distinct` part: OS10
    refuses an ACL rule under a second sequence number (User Guide, "Delete ACL rule")."""
    if rule.distinct is None:
        return False
    body = rule.distinct.sub("", line, count=1)
    return any(
        c.text != line
        and rule.pattern.match(c.text)
        and rule.distinct.sub("", c.text, count=1) == body
        for c in parent.children
    )


def clear(parent: Node, line: str, rule: Rule) -> None:
    """What entering `line` wipes besides its own setting (`rule.clears`): OS10 `no switchport`
    leaves a port without its L2 lines, as an L3 port shows none."""
    if rule.clears is not None:
        pattern = rule.clears
        parent.children[:] = [
            c for c in parent.children if c.text == line or not pattern.match(c.text)
        ]


def _reset(children: list[Node], words: list[str], reset: Reset) -> list[Node]:
    """The lines left when a `reset` setting changes: its owner's other lines are gone."""
    owner = words[: reset.words]
    kept = []
    for child in children:
        if _words(child.text)[: reset.words] == owner:
            continue
        if child.children and reset.within is not None and reset.within.match(child.text):
            child.children[:] = _reset(child.children, words, Reset(reset.words))
        kept.append(child)
    return kept


def _same_setting(
    text: str, rule: Rule, key: list[str], full: list[str], negations: tuple[str, ...]
) -> bool:
    theirs = _words(text)
    positive = _positive(theirs, negations)
    if theirs and theirs[0] in negations:
        return positive in (key, full)
    if not rule.key:
        return positive == key
    return positive[: len(key)] == key and rule.pattern.match(text.split("\n", 1)[0]) is not None


def _positive(words: list[str], negations: tuple[str, ...]) -> list[str]:
    return words[1:] if words and words[0] in negations else words


def negate(parent: Node, mode: Mode, line: str, negations: tuple[str, ...]) -> None:
    """`no X`: remove what X names; keep `no X` if the mode stores it.

    When X is itself a complete command (`no ip dhcp snooping`, `no logging console`), only lines
    of that same command form go (`logging console informational`); `ip dhcp snooping vlan 400`
    is another command and stays, as on the device. When X is a prefix (`no description`,
    `no ip address`) or a `removes` pattern names it (`no neighbor 10.0.0.1`), every line it
    starts goes.
    """
    target_text = line.split(None, 1)[1]
    target = target_text.split()
    rule = mode.find(target_text)
    if rule is not None and rule.by_key:
        target = target[: rule.by_key]  # IOS `no ip prefix-list P seq 5 <any text>` drops entry 5
    whole_command = rule is not None and not any(p.match(target_text) for p in mode.removes)
    at: int | None = None
    kept: list[Node] = []
    for child in parent.children:
        if _named_by(child, target, rule if whole_command else None) or _words(
            child.text
        ) == _words(line):
            at = len(kept) if at is None else at
            continue
        kept.append(child)
    if mode.find(line) is not None:
        kept.insert(len(kept) if at is None else at, Node(line))
    parent.children[:] = kept


def _named_by(child: Node, target: list[str], command: Rule | None) -> bool:
    if _words(child.text)[: len(target)] != target:
        return False
    # a complete command removes its own form only (any arguments), not longer commands
    return command is None or command.pattern.match(child.text) is not None
