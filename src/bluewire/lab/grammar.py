"""A data-driven CLI grammar for the indentation platforms (ios, eos, dellos10).

What is valid where is data (`platforms/<platform>/grammar.yaml`), in the spirit of hier_config's platform
rules: a mode lists regexes for its leaf commands and for the commands that open a sub-mode. The
engine applies text the way the real CLI does: a command not valid in the current mode falls back
to the parent modes, `no <cmd>` removes what it names, and anything valid nowhere is rejected with
the platform's own error text, so a bad push fails in the lab as it would on the box.

A mode may also list `removes:` regexes: what `no` may name that is no command form itself
(`no neighbor 10.0.0.1` removes every `neighbor 10.0.0.1 …` line), and a `prompt:` (the part of
the CLI prompt in parentheses). The grammar's `prompt:` template (`config-{mode}`) names the
modes that give none; an opener may give its own template, with `{1}`... for its regex groups
(`conf-if-eth{1}`). `ModeStack` is the one walk through modes that merges, IOS and OS10 shells
and IOS merge files share.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bluewire.config import tree
from bluewire.config.tree import Node
from bluewire.lab.device import ConfigRejected
from bluewire.platforms import profile

PLATFORMS_DIR = Path(__file__).parent / "platforms"
_LITERAL = re.compile(r"[A-Za-z0-9_:/ -]*")


class GrammarError(Exception):
    """A grammar file that cannot be used (bad schema, unknown mode, bad regex)."""


@dataclass(frozen=True)
class Rule:
    """One command form; `key` words identify the setting (a later value replaces an earlier)."""

    pattern: re.Pattern[str]
    key: int | None = None
    mode: str | None = None
    prompt: str | None = None  # an opener's own prompt template (`{1}`: its first regex group)

    @property
    def prefix(self) -> str:
        """Literal text the regex starts with: `no <prefix>` is a valid removal."""
        body = self.pattern.pattern.removeprefix("^")
        literal = _LITERAL.match(body)
        text = literal.group(0) if literal else ""
        # A literal followed by `?`/`*` is optional: drop its last character.
        if len(text) < len(body) and body[len(text)] in "?*{":
            text = text[:-1]
        return text


@dataclass(frozen=True)
class Mode:
    """The commands valid in one CLI mode."""

    name: str
    rules: tuple[Rule, ...]
    by_word: dict[str, tuple[Rule, ...]] = field(default_factory=dict, compare=False)
    removes: tuple[re.Pattern[str], ...] = ()  # what `no` may name beyond the commands
    prompt: str = ""  # what the CLI shows in parentheses while in this mode

    def find(self, line: str) -> Rule | None:
        first = line.split(None, 1)[0] if line.strip() else ""
        for rule in self.by_word.get(first, self.by_word.get("", ())):
            if rule.pattern.match(line):
                return rule
        return None

    def negatable(self, target: str) -> bool:
        """`no <target>` is valid here: it names a command form of this mode (or a prefix of one)."""
        if self.find(target) is not None or any(p.match(target) for p in self.removes):
            return True
        words = target.split()
        for rule in self.rules:
            prefix = rule.prefix.split()
            if prefix and prefix[: len(words)] == words and _prefix_complete(rule, words):
                return True
        return False


def _prefix_complete(rule: Rule, words: list[str]) -> bool:
    """The literal prefix covers `words` as whole words (`no descr` is not `no description`)."""
    prefix = rule.prefix
    joined = " ".join(words)
    return prefix.startswith(joined + " ") or prefix.rstrip() == joined or prefix == joined


def _first_word(rule: Rule) -> str | None:
    """The literal first word every line this rule matches starts with, if the regex fixes one."""
    prefix = rule.prefix
    if " " in prefix:
        return prefix.split(" ", 1)[0] or None
    body = rule.pattern.pattern.removeprefix("^").removesuffix("$")
    return prefix if prefix and body == prefix else None


def _index(rules: tuple[Rule, ...]) -> dict[str, tuple[Rule, ...]]:
    """Rules by literal first word (plus the rules without one), so a lookup tries few regexes."""
    loose = tuple(r for r in rules if _first_word(r) is None)
    words = {w for w in map(_first_word, rules) if w is not None}
    out = {w: tuple(r for r in rules if _first_word(r) in (w, None)) for w in words}
    out[""] = loose
    return out


class CliGrammar:
    """The `Grammar` of device.py for one indentation platform, read from its YAML file."""

    def __init__(self, spec: dict[str, Any]) -> None:
        try:
            self.platform: str = spec["platform"]
            self.indent: int = int(spec.get("indent") or profile(self.platform).indent)
            self.invalid: str = spec["invalid"]
            self.negations: tuple[str, ...] = tuple(spec.get("negations", ["no"]))
            self.exits = frozenset(spec.get("exit", ["exit"]))
            self.ends = frozenset(spec.get("end", ["end"]))
            self.separator: bool = bool(spec.get("separator", True))
            template = str(spec.get("prompt", "config-{mode}"))
            self.modes = {name: _mode(name, body, template) for name, body in spec["modes"].items()}
        except (KeyError, TypeError, re.error) as exc:
            raise GrammarError(f"grammar {spec.get('platform', '?')}: {exc!r}") from exc
        self._check_modes()

    def _check_modes(self) -> None:
        if "global" not in self.modes:
            raise GrammarError(f"grammar {self.platform}: no 'global' mode")
        for mode in self.modes.values():
            for rule in mode.rules:
                if rule.mode is not None and rule.mode not in self.modes:
                    raise GrammarError(f"grammar {self.platform}: unknown mode {rule.mode!r}")

    # ------------------------------------------------------------------ Grammar protocol
    def replace(self, current: str, new_text: str) -> str:
        """Validate every line of a full config in its indentation context; the new running."""
        root = tree.parse(new_text, self.platform)
        self._check(root, self.modes["global"])
        return self.render(root)

    def merge(self, current: str, commands: list[str]) -> str:
        """Enter `commands` in config mode on top of `current` (indentation is not needed)."""
        root = tree.parse(current, self.platform)
        stack = ModeStack(self)
        nodes = [root]  # the config node of each frame of `stack`
        for lineno, raw in enumerate(commands, 1):
            line = raw.strip()
            if not line or (line.startswith("!") and "\n" not in line):
                continue
            if line in self.ends:
                stack.end()
            elif line in self.exits:
                stack.exit()
            else:
                self._apply(stack, nodes, line, lineno)
            del nodes[len(stack.frames) :]
        return self.render(root)

    # ------------------------------------------------------------------ helpers
    def render(self, root: Node) -> str:
        return tree.render_indented(root, self.indent, self.separator)

    def valid(self, line: str, mode: str = "global") -> bool:
        """Whether `line` is accepted in `mode` (no fallback); handy for fronts and tests."""
        return self.classify(self.modes[mode], line) is not None

    def _check(self, node: Node, mode: Mode) -> None:
        for child in node.children:
            first = child.text.split("\n", 1)[0]
            rule = self.classify(mode, first)
            if rule is None:
                raise ConfigRejected(self.invalid, first, child.line)
            if not child.children:
                continue
            if rule is _EXIT or rule.mode is None:
                bad = child.children[0]
                raise ConfigRejected(self.invalid, bad.text.split("\n", 1)[0], bad.line)
            self._check(child, self.modes[rule.mode])

    def classify(self, mode: Mode, line: str) -> Rule | None:
        """The rule `line` matches in `mode`: a command, an opener, a negation or an exit."""
        if line in self.exits or line in self.ends:
            return _EXIT
        rule = mode.find(line)
        if rule is not None:
            return rule
        word, _, rest = line.partition(" ")
        if word in self.negations and rest and mode.negatable(rest.strip()):
            return _NEGATION
        return None

    def _apply(self, stack: ModeStack, nodes: list[Node], line: str, lineno: int) -> None:
        first = line.split("\n", 1)[0]
        found = stack.locate(first)
        if found is None or found[1] is _EXIT:
            raise ConfigRejected(self.invalid, first, lineno)
        depth, rule = found
        mode, node = self.modes[stack.frames[depth].mode], nodes[depth]
        del nodes[depth + 1 :]
        if rule is _NEGATION or first.split(None, 1)[0] in self.negations:
            # `no X` removes X even when a rule spells the negation (`^(no )?X$`).
            _negate(node, mode, first, self.negations)
        elif rule.mode is not None:
            nodes.append(_open(node, line))
        else:
            _set(node, line, rule, self.negations)
        stack.enter(depth, first, rule)


@dataclass(frozen=True)
class Frame:
    """One mode a session is in: its name, the line that opened it, and its prompt."""

    mode: str
    opener: str = ""
    prompt: str = ""


class ModeStack:
    """Where a CLI session (or a merge) is: the modes from global config down.

    The one walk every indentation platform shares: a line goes to the innermost mode that
    accepts it (the CLI falls back to parent modes), the modes below that one are left, and an
    opener enters its sub-mode.
    """

    def __init__(self, grammar: CliGrammar) -> None:
        self.grammar = grammar
        self.frames = [Frame("global", "", grammar.modes["global"].prompt)]

    @property
    def prompt(self) -> str:
        return self.frames[-1].prompt

    def locate(self, line: str) -> tuple[int, Rule] | None:
        """The innermost depth whose mode accepts `line`, and the rule it matched there."""
        for depth in range(len(self.frames) - 1, -1, -1):
            rule = self.grammar.classify(self.grammar.modes[self.frames[depth].mode], line)
            if rule is not None:
                return depth, rule
        return None

    def openers(self, depth: int) -> list[str]:
        """The lines that opened the modes down to `depth` (what a merge replays first)."""
        return [frame.opener for frame in self.frames[1 : depth + 1]]

    def enter(self, depth: int, line: str, rule: Rule) -> None:
        """Move to where the CLI is after `line` was accepted at `depth` by `rule`."""
        del self.frames[depth + 1 :]
        if rule is _EXIT:
            self.exit()
        elif rule.mode is not None and line.split(None, 1)[0] not in self.grammar.negations:
            self.frames.append(Frame(rule.mode, line, _prompt(self.grammar, rule, line)))

    def exit(self) -> None:
        if len(self.frames) > 1:
            self.frames.pop()

    def end(self) -> None:
        del self.frames[1:]


def _prompt(grammar: CliGrammar, rule: Rule, line: str) -> str:
    assert rule.mode is not None
    if rule.prompt is None:
        return grammar.modes[rule.mode].prompt
    m = rule.pattern.match(line)
    groups = [m.group(0), *(g or "" for g in m.groups())] if m else [line]
    return rule.prompt.format(*groups)


_EXIT = Rule(re.compile(r"^$"))
_NEGATION = Rule(re.compile(r"^$"))


def _mode(name: str, body: dict[str, Any] | None, template: str) -> Mode:
    body = body or {}
    rules: list[Rule] = []
    for item in body.get("commands", []) or []:
        if isinstance(item, str):
            rules.append(Rule(re.compile(item)))
        else:
            rules.append(Rule(re.compile(item["match"]), key=item.get("key")))
    for item in body.get("opens", []) or []:
        pattern = re.compile(item["match"])
        rules.append(Rule(pattern, item.get("key"), item["mode"], item.get("prompt")))
    frozen = tuple(rules)
    removes = tuple(re.compile(p) for p in body.get("removes", []) or [])
    default = "config" if name == "global" else template.format(mode=name.replace("_", "-"))
    return Mode(name, frozen, _index(frozen), removes, str(body.get("prompt", default)))


def _open(parent: Node, line: str) -> Node:
    """Enter a sub-mode: the existing block of that name, or a new one at the end."""
    found = parent.child(line)
    if found is None:
        found = Node(line)
        parent.children.append(found)
    return found


def _words(text: str) -> list[str]:
    return text.split("\n", 1)[0].split()


def _set(parent: Node, line: str, rule: Rule, negations: tuple[str, ...]) -> None:
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
    kept: list[Node] = []
    for child in parent.children:
        if _same_setting(child.text, rule, key, full, negations):
            at = len(kept) if at is None else at
            continue
        kept.append(child)
    kept.insert(len(kept) if at is None else at, Node(line))
    parent.children[:] = kept


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


def _negate(parent: Node, mode: Mode, line: str, negations: tuple[str, ...]) -> None:
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


@functools.cache
def load_grammar(platform: str) -> CliGrammar:
    """The grammar of `platform` from `platforms/<platform>/grammar.yaml` (read once)."""
    path = PLATFORMS_DIR / platform / "grammar.yaml"
    if not path.is_file():
        raise GrammarError(f"no grammar for platform {platform!r} ({path})")
    with path.open(encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
    if not isinstance(spec, dict):
        raise GrammarError(f"{path}: not a mapping")
    return CliGrammar(spec)
