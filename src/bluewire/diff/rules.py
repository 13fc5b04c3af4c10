"""Platform rules for the diff engine: frozen models, in the spirit of hier_config v3's driver rules.

A rule names where it applies as a path of `Match`es from the top level down to the line itself
(`interface *` then `description *`). Platform quirks are rows of data in `platforms.py`.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict


class Match(BaseModel):
    """One line of a rule's path: a literal prefix, or a regex searched from the line's start."""

    model_config = ConfigDict(frozen=True)

    startswith: str = ""
    regex: str = ""

    def hit(self, text: str) -> re.Match[str] | bool:
        if self.regex:
            return _compile(self.regex).match(text) or False
        return text.startswith(self.startswith)


@functools.cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _path_hits(rule_path: tuple[Match, ...], path: tuple[str, ...]) -> re.Match[str] | bool:
    """Whether `path` (texts from the top level to a line) fits the rule; the last regex match."""
    if len(rule_path) != len(path):
        return False
    *above, last = rule_path
    if not all(map(Match.hit, above, path)):
        return False
    return last.hit(path[-1])


class PathRule(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: tuple[Match, ...]

    def hits(self, path: tuple[str, ...]) -> re.Match[str] | bool:
        return _path_hits(self.path, path)


class Idempotent(PathRule):
    """Setting the line replaces the old value: the old line is not negated.

    Two lines are the same setting when the rule fits both and their keys agree: the regex group
    `key` if the last match has one, else the whole regex match, else the literal prefix.
    """

    def key(self, path: tuple[str, ...]) -> str | None:
        hit = self.hits(path)
        if not hit:
            return None
        if isinstance(hit, re.Match):
            return hit.group("key") if "key" in hit.re.groupindex else hit.group(0)
        return self.path[-1].startswith


class Renewed(Idempotent):
    """An entry the device keys by a number but will not take twice (IOS/OS10 `ip prefix-list P
    seq 5 ...`): a changed one is negated right before its new text, never after it (the
    negation would delete the new entry by its number) nor long before (the list stays whole).
    The key is as for `Idempotent`, or `template` with the regex groups expanded, for a number
    that is not next to the name (`route-map RM deny 10` is entry 10 of RM).
    """

    template: str = ""

    def key(self, path: tuple[str, ...]) -> str | None:
        hit = self.hits(path)
        if self.template and isinstance(hit, re.Match):
            return hit.expand(self.template)
        return super().key(path)


class Replaced(PathRule):
    """Top-level lines that make one list the device edits only whole (IOS numbered ACLs:
    `no access-list 10 <any text>` deletes all of ACL 10). The group `key` names the list; a list
    whose lines differ in more than appends at its end is sent as `drop` (groups expanded) and
    then every target line in order; a list the target drops is `drop` alone.
    """

    drop: str


class Ordering(PathRule):
    """Weight of a command among its siblings (default 0; lower first, stable otherwise).

    `removal` limits the rule to commands that remove a line (True) or to the others (False):
    the same text can be either (OS10 `switchport access vlan 1` sets a VLAN or undoes `no
    switchport access vlan`), and a removal may have to come before a mode change.
    """

    weight: int
    removal: bool | None = None


class SectionalExit(PathRule):
    """Text that leaves the section after its commands (`exit-address-family`)."""

    exit_text: str


class NegateWith(PathRule):
    """A line negated by a template instead of `no <line>` (regex groups: `\\1`...)."""

    template: str

    def negation(self, path: tuple[str, ...]) -> str | None:
        hit = self.hits(path)
        if not hit:
            return None
        return hit.expand(self.template) if isinstance(hit, re.Match) else self.template


class Sequenced(PathRule):
    """A section whose entries carry sequence numbers (ACLs): entries are edited by number.

    `entry` finds the number (group `seq`) in an entry; entries are removed with `no <entry>`.
    """

    entry: str = r"^(?:seq |sequence )?(?P<seq>\d+) "
    # the device refuses one rule under a second number (OS10): a rule that moves to another
    # number is removed just before it is added there; elsewhere it is added first, no gap
    unique_rules: bool = False


class Recreate(PathRule):
    """A setting whose change makes the device drop its owner with all the owner's settings.

    IOS deletes `neighbor X` when its remote-as changes, so remediation sends every target line
    of the owner again. `owner` (the last match's groups expanded) is the prefix those lines
    start with; they are taken from the changed line's section and the subsections below it,
    except subsections matching `skip` (separate scopes, such as a VRF's address family).
    """

    owner: str
    skip: str = ""

    def owner_prefix(self, path: tuple[str, ...]) -> str | None:
        hit = self.hits(path)
        return hit.expand(self.owner) if isinstance(hit, re.Match) else None


class Physical(PathRule):
    """A port the device cannot delete: a target that leaves it out means the port at defaults.

    `defaults` are the lines the device shows for an unconfigured port. When the target's block
    is those lines and the running one is not, remediation sends `reset` (the last match's groups
    expanded: IOS `default interface X`) if there is one, else the port's own commands (OS10).
    """

    defaults: tuple[str, ...] = ()
    reset: str = ""

    def reset_text(self, path: tuple[str, ...]) -> str | None:
        hit = self.hits(path)
        if not hit or not self.reset:
            return None
        return hit.expand(self.reset) if isinstance(hit, re.Match) else self.reset


class Hidden(PathRule):
    """Lines the device never shows in the sections at `path`: defaults (IOS `no shutdown`).

    In a section both configs have, such a line on one side only is no difference: the other
    side is at that default too, since the device would not show it. Negating it would leave
    the default (`shutdown` on a port that is up); the opposite line (`shutdown`) is an
    ordinary line, negated back to the default. One row per section keeps the lookup cheap.
    """

    lines: frozenset[str]


class PlatformRules(BaseModel):
    """Everything the engine needs to know about one platform's config language."""

    model_config = ConfigDict(frozen=True)

    platform: str
    style: Literal["indent", "set"] = "indent"
    negation: str = "no"
    indent: int = 1
    structural: frozenset[str] = frozenset()  # exit lines: never config, dropped before diffing
    idempotent: tuple[Idempotent, ...] = ()
    ordering: tuple[Ordering, ...] = ()
    sectional_exit: tuple[SectionalExit, ...] = ()
    negate_with: tuple[NegateWith, ...] = ()
    sequenced: tuple[Sequenced, ...] = ()
    recreate: tuple[Recreate, ...] = ()
    physical: tuple[Physical, ...] = ()
    hidden: tuple[Hidden, ...] = ()
    renewed: tuple[Renewed, ...] = ()
    replaced: tuple[Replaced, ...] = ()
    single_valued: frozenset[str] = frozenset()  # Junos: keywords a `set` overwrites

    def weight(self, path: tuple[str, ...], removal: bool = False) -> int:
        for rule in self.ordering:
            if rule.removal in (None, removal) and rule.hits(path):
                return rule.weight
        return 0

    def exit_text(self, path: tuple[str, ...]) -> str | None:
        for rule in self.sectional_exit:
            if rule.hits(path):
                return rule.exit_text
        return None

    def negate(self, path: tuple[str, ...]) -> str:
        """The command that removes the line at `path` (its last element)."""
        for rule in self.negate_with:
            found = rule.negation(path)
            if found is not None:
                return found
        text = path[-1].partition("\n")[0]
        prefix = self.negation + " "
        return text[len(prefix) :] if text.startswith(prefix) else prefix + text

    def idempotent_keys(self, path: tuple[str, ...]) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        for i, rule in enumerate(self.idempotent):
            if len(rule.path) == len(path):
                key = rule.key(path)
                if key is not None:
                    out.append((i, key))
        return out

    def renewed_key(self, path: tuple[str, ...]) -> str | None:
        """The key of a `renewed` entry at `path` (None: the line is no such entry)."""
        for rule in self.renewed:
            key = rule.key(path)
            if key is not None:
                return key
        return None

    def replaced_list(self, path: tuple[str, ...]) -> tuple[str, str] | None:
        """The key and drop command of the whole-edited list the line at `path` belongs to."""
        for rule in self.replaced:
            hit = rule.hits(path)
            if isinstance(hit, re.Match):
                return hit.group("key"), hit.expand(rule.drop)
        return None

    def recreated(self, path: tuple[str, ...]) -> tuple[str, re.Pattern[str] | None] | None:
        """The owner prefix (and scopes to skip) a change of the line at `path` re-creates."""
        for rule in self.recreate:
            prefix = rule.owner_prefix(path)
            if prefix is not None:
                return prefix, _compile(rule.skip) if rule.skip else None
        return None

    def port(self, path: tuple[str, ...]) -> Physical | None:
        """The rule of a physical port at `path` (a top-level section), if it is one."""
        for rule in self.physical:
            if rule.hits(path):
                return rule
        return None

    def hidden_at(self, section: tuple[str, ...]) -> frozenset[str]:
        """The lines the device never shows in the section at `section` (`()`: the top level)."""
        out: frozenset[str] = frozenset()
        for rule in self.hidden:
            if len(rule.path) == len(section) and all(map(Match.hit, rule.path, section)):
                out |= rule.lines
        return out

    def sequence(self, parent: tuple[str, ...]) -> Sequenced | None:
        """The row when the section at `parent` is sequenced."""
        return next((rule for rule in self.sequenced if rule.hits(parent)), None)
