"""A data-driven CLI grammar for the indentation platforms (ios, eos, dellos10).

What is valid where is data (`platforms/<platform>/grammar.yaml`), in the spirit of hier_config's
platform rules: a mode lists its leaf commands and the commands that open a sub-mode, written as
the command reference prints them (`cli_syntax.py` compiles them; `key:` and `resets:` say how a
new value replaces an old one, `hidden:` marks a default the device does not print, `clears:` what
a command wipes besides its own setting, `by_key:` that `no <line>` names the setting by its key
words, `distinct:` a prefix (regex) after which two lines may not be the same; `cli_edit.py` applies them). The engine applies text the way the real CLI does: a command not valid in the current mode falls back
to the parent modes, `no <cmd>` removes what it names, and anything valid nowhere is rejected with
the platform's own error text, so a bad push fails in the lab as it would on the box.

`ignore:` lists what a captured `show running-config` prints around the config (`Building
configuration...`): a replace skips it. A mode may also list `removes:` regexes: what `no` may name that is no command form itself
(`no neighbor 10.0.0.1` removes every `neighbor 10.0.0.1 …` line), `refuses:` lines the device
refuses although a form names them (`no interface ethernet1/1/1`: a port cannot be deleted),
and a `prompt:` (the part of the CLI prompt in parentheses). The grammar's `prompt:` template (`config-{mode}`) names the
modes that give none; an opener may give its own template, with `{1}`... for its regex groups
(`conf-if-eth{1}`). `ModeStack` is the one walk through modes that merges, IOS and OS10 shells
and IOS merge files share.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bluewire.config import tree
from bluewire.config.tree import Node
from bluewire.lab.cli_edit import clear, negate, open_block, set_line, taken
from bluewire.lab.cli_syntax import TYPES, Mode, Rule, SyntaxFormError, build_mode
from bluewire.lab.device import ConfigRejected
from bluewire.platforms import profile

PLATFORMS_DIR = Path(__file__).parent / "platforms"


class GrammarError(Exception):
    """A grammar file that cannot be used (bad schema, unknown mode, bad regex)."""


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
            self.types = {**TYPES, **{str(k): str(v) for k, v in (spec.get("types") or {}).items()}}
            self.ignore = tuple(re.compile(p) for p in spec.get("ignore", []) or [])
            macros = {str(k): str(v) for k, v in (spec.get("macros") or {}).items()}
            self.modes = {
                name: build_mode(name, body, template, self.types, macros)
                for name, body in spec["modes"].items()
            }
        except (KeyError, TypeError, re.error, SyntaxFormError) as exc:
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
        if self.ignore:
            lines = new_text.splitlines()
            new_text = "\n".join(x for x in lines if not any(p.match(x) for p in self.ignore))
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
        if "  " in line:  # the CLI reads words: `deny   ip any any` is `deny ip any any`
            line = " ".join(line.split())
        if any(p.match(line) for p in mode.refuses):
            return None
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
            negate(node, mode, first, self.negations)
        elif rule.mode is not None:
            nodes.append(open_block(node, line))
        elif taken(node, first, rule):
            raise ConfigRejected(self.invalid, first, lineno)
        else:
            set_line(node, line, rule, self.negations)
        clear(node, line, rule)
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


@functools.cache
def load_grammar(platform: str) -> CliGrammar:
    """The grammar of `platform` from `platforms/<platform>/grammar.yaml` (read once)."""
    path = PLATFORMS_DIR / platform / "grammar.yaml"
    if not path.is_file():
        raise GrammarError(f"no grammar for platform {platform!r} ({path})")
    with path.open(encoding="utf-8") as fh:
        spec = yaml.load(fh, Loader=yaml.CSafeLoader)  # libyaml: 10x faster to boot a lab
    if not isinstance(spec, dict):
        raise GrammarError(f"{path}: not a mapping")
    return CliGrammar(spec)
