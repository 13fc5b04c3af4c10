"""The hierarchical diff of two parsed configs, as a tree of commands (indentation platforms).

Lines are matched by their compare form (`sanitize.compare_form`: secrets anonymous), so a golden
placeholder and the device's masked secret are the same line; commands carry the *target* text, so
remediation keeps the golden placeholder names the push path substitutes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from bluewire.config.tree import Node
from bluewire.diff import ports
from bluewire.diff.rules import PlatformRules, Sequenced
from bluewire.sanitize import compare_form


@dataclass
class Command:
    """One command to enter, with the commands to enter inside its section."""

    text: str
    children: list[Command] = field(default_factory=list)
    weight: int = 0


Path = tuple[str, ...]


def _index(nodes: list[Node], structural: frozenset[str]) -> dict[str, Node]:
    out: dict[str, Node] = {}
    for node in nodes:
        if node.text not in structural:
            out.setdefault(compare_form(node.text), node)
    return out


def diff_tree(source: Node, target: Node, rules: PlatformRules) -> list[Command]:
    """Commands that turn `source` into `target`, ordered for the device.

    A physical port the target leaves out is brought to its defaults, never deleted (`ports`).
    """
    return _level(source.children, ports.complete(source, target, rules).children, (), rules)


def _level(src: list[Node], dst: list[Node], path: Path, rules: PlatformRules) -> list[Command]:
    src_by = _index(src, rules.structural)
    dst_by = _index(dst, rules.structural)
    if src_by.keys() != dst_by.keys():  # a default the device never shows is no difference
        for text in rules.hidden_at(path):
            src_by.pop(text, None)
            dst_by.pop(text, None)
    # a whole-edited list shows as lines added, removed or moved at this level: none, no look
    edited = list(src_by) != list(dst_by)
    out = _replacements(src_by, dst_by, path, rules) if rules.replaced and edited else []
    if src_by.keys() == dst_by.keys() and not _has_sections(src_by) and not _has_sections(dst_by):
        return out  # a reordered whole-edited list is the only change at this level
    row = rules.sequence(path) if path else None
    if row is not None:
        return _sequenced(src_by, dst_by, path, rules, row)
    removed = [n for k, n in src_by.items() if k not in dst_by]
    added = {k for k in dst_by if k not in src_by}
    new = [dst_by[k] for k in added]
    renew = _renewals(removed, new, path, rules)
    gone = {id(n) for n in renew.values()}
    out += _negations([n for n in removed if id(n) not in gone], new, path, rules)
    for key, node in dst_by.items():
        here = (*path, node.text)
        if key in added:
            _add(node, here, renew.get(node.text), rules, out)
            continue
        old = src_by[key]
        if node.children or old.children:
            changed = _section(old, node, here, rules)
            if changed is not None:
                out.append(changed)
    if rules.recreate and removed:
        _recreations(removed, new, dst, path, rules, out)
    out.sort(key=lambda c: c.weight)
    return out


def _lists(nodes: dict[str, Node], path: Path, rules: PlatformRules) -> dict[str, list[str]]:
    """Compare keys of the lines of each whole-edited list (`PlatformRules.replaced`), in order."""
    out: dict[str, list[str]] = {}
    for key, node in nodes.items():
        found = rules.replaced_list((*path, node.text))
        if found is not None:
            out.setdefault(found[1], []).append(key)
    return out


def _replacements(
    src_by: dict[str, Node], dst_by: dict[str, Node], path: Path, rules: PlatformRules
) -> list[Command]:
    """A list the device edits only whole, changed in more than appends at its end: dropped and
    sent again in target order (both taken out of `src_by`/`dst_by`); appends stay appends."""
    olds, news = _lists(src_by, path, rules), _lists(dst_by, path, rules)
    out: list[Command] = []
    for drop, old in olds.items():
        new = news.get(drop, [])
        if new[: len(old)] == old:
            continue
        # sent again before the lines that use it; a list the target drops goes after them
        first = (*path, dst_by[new[0]].text) if new else (*path, drop)
        weight = rules.weight(first, removal=not new)
        out.append(Command(drop, [], weight))
        for key in old:
            src_by.pop(key)
        for key in new:
            node = dst_by.pop(key)
            out.append(Command(node.text, [], weight))
    return out


def _renewals(
    removed: list[Node], added: list[Node], path: Path, rules: PlatformRules
) -> dict[str, Node]:
    """Added line -> the removed entry of the same key it renews (`PlatformRules.renewed`)."""
    keyed = ((rules.renewed_key((*path, n.text)), n) for n in removed)
    olds: dict[str | None, Node] = {key: n for key, n in keyed if key is not None}
    out: dict[str, Node] = {}
    for node in added:
        old = olds.get(rules.renewed_key((*path, node.text)))
        if old is not None:
            out[node.text] = old
    return out


def _add(
    node: Node, path: Path, old: Node | None, rules: PlatformRules, out: list[Command]
) -> None:
    """A new line with everything under it, after the negation of the entry it renews."""
    command = _full(node, path, rules)
    if old is not None:
        out.append(Command(rules.negate((*path[:-1], old.text)), weight=command.weight))
    out.append(command)


def _section(old: Node, new: Node, path: Path, rules: PlatformRules) -> Command | None:
    """The commands for a section both sides have; None when it is the same.

    A physical port going to its defaults is one reset command where the platform has one.
    """
    sub = _level(old.children, new.children, path, rules)
    if not sub:
        return None
    port = rules.port(path) if len(path) == 1 else None
    reset = port.reset_text(path) if port is not None else None
    if reset is not None and port is not None and ports.at_defaults(new, port, rules.structural):
        return Command(reset, [], rules.weight((reset,)))
    return Command(new.text, sub, rules.weight(path))


def _has_sections(nodes: dict[str, Node]) -> bool:
    return any(n.children for n in nodes.values())


def _negations(
    removed: list[Node], added: list[Node], path: Path, rules: PlatformRules
) -> list[Command]:
    """`no` for each removed line, except settings an added line overwrites (idempotent).

    A negation that names an added line (`no tacacs-server host H` and the new `tacacs-server
    host H timeout 10`) goes before it: the device removes what it names, the new line too.
    """
    if not removed:
        return []
    replacing: set[tuple[int, str]] = set()
    positive: set[str] = set()
    for node in added:
        replacing.update(rules.idempotent_keys((*path, node.text)))
        positive.add(_positive(node.text, rules.negation))
    texts = sorted(n.text for n in added)
    out: list[Command] = []
    for node in removed:
        here = (*path, node.text)
        if _positive(node.text, rules.negation) in positive:
            continue  # `shutdown` replaces `no shutdown` and the other way round
        if any(k in replacing for k in rules.idempotent_keys(here)):
            continue
        text = rules.negate(here)
        weight = rules.weight((*path, text), removal=True)
        for named in _named(texts, text, rules.negation):
            weight = min(weight, rules.weight((*path, named)))
        out.append(Command(text, [], weight))
    return out


def _named(texts: list[str], negation: str, word: str) -> list[str]:
    """The lines of sorted `texts` the `negation` command names (starts with its words)."""
    if not negation.startswith(word + " "):
        return []
    named = negation[len(word) + 1 :]
    out: list[str] = []
    for text in texts[bisect.bisect_left(texts, named) :]:
        if not (text + " ").startswith(named + " "):
            break
        out.append(text)
    return out


def _recreations(
    removed: list[Node],
    added: list[Node],
    dst: list[Node],
    path: Path,
    rules: PlatformRules,
    out: list[Command],
) -> None:
    """A changed setting that makes the device forget its owner (IOS `neighbor X remote-as`):
    every target line of the owner is sent again, right after the change."""
    old_keys = {k for n in removed for k in rules.idempotent_keys((*path, n.text))}
    for node in added:
        here = (*path, node.text)
        found = rules.recreated(here)
        if found is not None and old_keys.intersection(rules.idempotent_keys(here)):
            prefix, skip = found
            # the owner's lines at this level go again in target order, right after the change
            out[:] = [c for c in out if c.text == node.text or not c.text.startswith(prefix)]
            at = next(i for i, c in enumerate(out) if c.text == node.text) + 1
            out[at:at] = _resend(dst, path, prefix, skip, rules, out)


def _resend(
    nodes: list[Node],
    path: Path,
    prefix: str,
    skip: re.Pattern[str] | None,
    rules: PlatformRules,
    existing: list[Command],
) -> list[Command]:
    """Lines starting with `prefix` in `nodes` and their sections that `existing` lacks: those in
    a section `existing` has are added to it, the rest returned."""
    have = {c.text: c for c in existing}
    new: list[Command] = []
    for node in nodes:
        here = (*path, node.text)
        section = have.get(node.text)
        if node.text.startswith(prefix):
            if section is None:
                new.append(_full(node, here, rules))
        elif node.children and not (skip and skip.match(node.text)):
            sub = _resend(
                node.children, here, prefix, skip, rules, section.children if section else []
            )
            if section is not None:
                order = {n.text: i for i, n in enumerate(node.children)}  # removals first
                section.children.extend(sub)
                section.children.sort(key=lambda c: (c.weight, order.get(c.text, -1)))
            elif sub:
                new.append(Command(node.text, sub, rules.weight(here)))
    return new


def _positive(text: str, negation: str) -> str:
    prefix = negation + " "
    return text[len(prefix) :] if text.startswith(prefix) else text


def _full(node: Node, path: Path, rules: PlatformRules) -> Command:
    """A new line with everything under it."""
    children = [
        _full(c, (*path, c.text), rules) for c in node.children if c.text not in rules.structural
    ]
    children.sort(key=lambda c: c.weight)
    return Command(node.text, children, rules.weight(path))


def _sequenced(
    src_by: dict[str, Node],
    dst_by: dict[str, Node],
    path: Path,
    rules: PlatformRules,
    row: Sequenced,
) -> list[Command]:
    """ACL entries by sequence number: add new numbers first, then remove vanished ones.

    The ACL is never deleted and re-created, so there is no moment without a filter. An entry
    whose number stays but whose text changes is removed just before it is re-added, because IOS
    refuses a duplicate sequence number; where the row says `unique_rules`, a rule that moves to
    another number is removed just before it is added there, because OS10 refuses the same rule
    under a second number (OS10 User Guide, "Delete ACL rule"); elsewhere it is added first.
    Only that one entry is briefly absent. Lines without a
    number follow the section rules: a new OS10 `description` replaces the old one, and `no
    description` (which takes no text) would clear the new one.
    """
    entry = re.compile(row.entry)
    src_seq = {_seq(entry, n.text) or k: n for k, n in src_by.items()}
    dst_seq = {_seq(entry, n.text) or k: n for k, n in dst_by.items()}
    kept = {s for s, n in dst_seq.items() if s in src_seq and _same(src_seq[s], n)}
    alive = dict(src_seq)  # the entries not removed yet
    rules_at = (
        {_rule(entry, n.text): s for s, n in src_seq.items() if s not in kept}
        if row.unique_rules
        else {}
    )
    out: list[Command] = []
    for seq, node in dst_seq.items():
        if seq in kept:
            continue
        for taken in (seq, rules_at.get(_rule(entry, node.text))):  # its number, its rule
            if taken in alive:
                out.append(Command(rules.negate((*path, alive.pop(taken).text))))
        out.append(_full(node, (*path, node.text), rules))
    vanished = [n for s, n in alive.items() if s not in dst_seq]
    new = [n for s, n in dst_seq.items() if s not in src_seq]
    out.extend(_negations(vanished, new, path, rules))  # a new `description` replaces the old
    return out


def _same(old: Node, new: Node) -> bool:
    return compare_form(old.text) == compare_form(new.text)


def _rule(entry: re.Pattern[str], text: str) -> str:
    """An entry's rule: its compare form after the sequence number (the whole line without)."""
    found = entry.match(text)
    return compare_form(text[found.end() :] if found else text)


def _seq(entry: re.Pattern[str], text: str) -> str | None:
    found = entry.match(text)
    return found.group("seq") if found else None


def render(commands: list[Command], rules: PlatformRules) -> list[str]:
    """Commands as the lines to type, indented by depth, with sectional exits."""
    out: list[str] = []
    _render(commands, (), 0, rules, out)
    return out


def _render(
    commands: list[Command], path: Path, depth: int, rules: PlatformRules, out: list[str]
) -> None:
    pad = " " * (rules.indent * depth)
    for cmd in commands:
        out.append(pad + cmd.text)
        if cmd.children:
            here = (*path, cmd.text)
            _render(cmd.children, here, depth + 1, rules, out)
            exit_text = rules.exit_text(here)
            if exit_text:
                out.append(pad + " " * rules.indent + exit_text)
