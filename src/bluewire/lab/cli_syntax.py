"""Command forms of the CLI grammars: command-reference syntax compiled to regexes, and modes.

A grammar file lists each mode's commands the way a vendor's command reference prints them, so
the data reads like the manual it was taken from:

    ntp server [ vrf WORD ] HOST [ key NUM | prefer | source IF | version NUM ]*
    spanning-tree mode { pvst | rapid-pvst | mst }

- a lowercase word (or any word not in the type table) is a keyword, matched literally;
- an UPPERCASE word from the type table is an argument (`WORD`, `NUM`, `IP`, `LINE`... and each
  grammar's own `types:`, such as `IF` for that platform's interface names); `<1-4094>` is a
  number;
- `{ a | b }` is a choice, `[ a ]` an option, `[ a | b ]*` options in any order (`}+`: one or
  more), `...` nothing special: groups nest.

Keywords stay closed sets: a keyword typed with one character wrong matches no form and the line
is refused, as the device refuses it. A form that starts with `^` is a raw regex (kept for the
few forms a syntax line cannot say).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Argument types every grammar shares; a grammar's `types:` adds or overrides.
TYPES: dict[str, str] = {
    "WORD": r"\S+",
    "LINE": r".+",
    "NUM": r"\d+",
    "SNUM": r"-?\d+",
    "IP": r"\d{1,3}(?:\.\d{1,3}){3}",
    "MASK": r"\d{1,3}(?:\.\d{1,3}){3}",
    "PREFIX": r"\d{1,3}(?:\.\d{1,3}){3}/\d{1,2}",
    "IPV6": r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*",
    "IPV6PREFIX": r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/\d{1,3}",
    "HOST": r"[A-Za-z0-9][A-Za-z0-9_.:-]*",
    "MAC": r"[0-9A-Fa-f]{1,4}(?:[.:-][0-9A-Fa-f]{1,4}){2,5}",
    "ASN": r"\d+(?:\.\d+)?",
    "HEX": r"(?:0x)?[0-9A-Fa-f]+",
    "RD": r"\S+:\d+",
    "RANGE": r"\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*",
    "TIME": r"\d{1,2}:\d{2}(?::\d{2})?",
}
_RANGE = re.compile(r"^<\d+-\d+>$")
_SPLIT = re.compile(r"\s+|([\[\]{}|])")
_LITERAL = re.compile(r"[A-Za-z0-9_:/ -]*")


class SyntaxFormError(ValueError):
    """A command form that cannot be compiled (unbalanced brackets, an empty choice)."""


@dataclass(frozen=True)
class Form:
    """A compiled command form: its regex, the keywords it names, and its literal start."""

    regex: str
    keywords: frozenset[str]
    prefix: str  # the literal words every matching line starts with (`no <prefix>` removes)


def compile_form(text: str, types: dict[str, str]) -> Form:
    """`text` (command-reference syntax) as a regex over one stripped line."""
    tokens = [t for t in _SPLIT.split(text.strip()) if t]
    parser = _Parser(tokens, types)
    regex = parser.sequence(top=True)
    if parser.at < len(tokens):
        raise SyntaxFormError(f"{text!r}: unexpected {tokens[parser.at]!r}")
    return Form(f"^{regex}$", frozenset(parser.keywords), parser.prefix())


class _Parser:
    """A recursive-descent reader of the syntax: sequences of words and groups."""

    def __init__(self, tokens: list[str], types: dict[str, str]) -> None:
        self.tokens, self.types, self.at = tokens, types, 0
        self.keywords: set[str] = set()
        self.leading: list[str] = []  # literal words before the first argument or group
        self.open_prefix = True

    def prefix(self) -> str:
        return " ".join(self.leading)

    def sequence(self, top: bool = False) -> str:
        """Elements up to `|`, `]`, `}` or the end, joined by single spaces."""
        out, first = "", True
        while self.at < len(self.tokens) and self.tokens[self.at] not in "|]}":
            regex, optional = self.element(top)
            if first and optional:
                out += f"(?:{regex[0]} ){regex[1]}"
            elif first:
                out, first = regex[0], False
            elif optional:
                out += f"(?: {regex[0]}){regex[1]}"
            else:
                out += " " + regex[0]
        if first:
            raise SyntaxFormError(f"a form or a choice with no required word: {self.tokens}")
        return out

    def element(self, top: bool) -> tuple[tuple[str, str], bool]:
        """One word or group: (regex, quantifier) and whether it may be left out."""
        tok = self.tokens[self.at]
        self.at += 1
        if tok in "[{":
            self.open_prefix = False
            close = "]" if tok == "[" else "}"
            body = self.choice(close)
            mark = self._mark()
            if tok == "[":
                return (body, "*" if mark == "*" else "?"), True
            return (f"{body}(?: {body})*" if mark == "+" else body, ""), False
        if top and self.open_prefix and tok not in self.types and not _RANGE.match(tok):
            self.leading.append(tok)
        else:
            self.open_prefix = False
        return (self.word(tok), ""), False

    def choice(self, close: str) -> str:
        options = [self.sequence()]
        while self.at < len(self.tokens) and self.tokens[self.at] == "|":
            self.at += 1
            options.append(self.sequence())
        if self.at >= len(self.tokens) or self.tokens[self.at] != close:
            raise SyntaxFormError(f"missing {close!r} in {' '.join(self.tokens)!r}")
        self.at += 1
        return "(?:" + "|".join(options) + ")"

    def _mark(self) -> str:
        if self.at < len(self.tokens) and self.tokens[self.at] in ("*", "+"):
            self.at += 1
            return self.tokens[self.at - 1]
        return ""

    def word(self, tok: str) -> str:
        if tok in self.types:
            return "(?:" + self.types[tok] + ")"
        if _RANGE.match(tok):
            return r"\d+"
        self.keywords.add(tok)
        return re.escape(tok)


# ------------------------------------------------------------------------------ rules and modes
@dataclass(frozen=True)
class Reset:
    """A keyed setting whose new value wipes its owner's other lines (IOS `neighbor X
    remote-as`): lines starting with the first `words` words go, here and in the sub-blocks
    whose opener matches `within`."""

    words: int
    within: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Rule:
    """One command form; `key` words identify the setting (a later value replaces an earlier)."""

    pattern: re.Pattern[str]
    key: int | None = None
    mode: str | None = None
    prompt: str | None = None  # an opener's own prompt template (`{1}`: its first regex group)
    literal: str | None = None  # the literal start of a syntax form (None: read the regex)
    keywords: frozenset[str] = frozenset()
    reset: Reset | None = None

    @property
    def prefix(self) -> str:
        """Literal text every matching line starts with: `no <prefix>` is a valid removal."""
        if self.literal is not None:
            return self.literal
        body = self.pattern.pattern.removeprefix("^")
        literal = _LITERAL.match(body)
        text = literal.group(0) if literal else ""
        # A literal followed by `?`/`*` is optional: drop its last character.
        if len(text) < len(body) and body[len(text)] in "?*{":
            text = text[:-1]
        return text

    @property
    def first_word(self) -> str | None:
        """The literal first word every line this rule matches starts with, if fixed."""
        prefix = self.prefix
        if self.literal is not None or " " in prefix:
            return prefix.split(" ", 1)[0] or None
        body = self.pattern.pattern.removeprefix("^").removesuffix("$")
        return prefix if prefix and body == prefix else None


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
        for rule in self.by_word.get(words[0], self.by_word.get("", ())) if words else ():
            prefix = rule.prefix.split()
            if prefix and prefix[: len(words)] == words and _prefix_complete(rule, words):
                return True
            if _names_key(rule, prefix, words):
                return True
        return False


def _names_key(rule: Rule, prefix: list[str], words: list[str]) -> bool:
    """`no <key words>` removes a keyed setting (`no username temp-vendor`, `no ntp server X`)."""
    return (
        rule.key is not None
        and len(words) == rule.key
        and 0 < len(prefix) < len(words)
        and words[: len(prefix)] == prefix
    )


def _prefix_complete(rule: Rule, words: list[str]) -> bool:
    """The literal prefix covers `words` as whole words (`no descr` is not `no description`)."""
    prefix = rule.prefix
    joined = " ".join(words)
    return prefix.startswith(joined + " ") or prefix.rstrip() == joined or prefix == joined


def _index(rules: tuple[Rule, ...]) -> dict[str, tuple[Rule, ...]]:
    """Rules by literal first word (plus the rules without one), so a lookup tries few regexes."""
    firsts = [r.first_word for r in rules]
    loose = tuple(r for r, w in zip(rules, firsts, strict=True) if w is None)
    out = {
        w: tuple(r for r, f in zip(rules, firsts, strict=True) if f in (w, None))
        for w in set(firsts)
        if w is not None
    }
    out[""] = loose
    return out


def build_rule(item: Any, types: dict[str, str], opener: bool) -> Rule:
    """A rule from one grammar entry: a form string, or a mapping with `match` and options."""
    spec: dict[str, Any] = {"match": item} if isinstance(item, str) else dict(item)
    text = str(spec["match"])
    reset = _reset(spec.get("resets"))
    if text.startswith("^"):
        pattern, literal, keywords = re.compile(text), None, frozenset[str]()
    else:
        form = compile_form(text, types)
        pattern, literal, keywords = re.compile(form.regex), form.prefix, form.keywords
    mode = str(spec["mode"]) if opener else None
    return Rule(pattern, spec.get("key"), mode, spec.get("prompt"), literal, keywords, reset)


def _reset(spec: Any) -> Reset | None:
    if spec is None:
        return None
    if isinstance(spec, int):
        return Reset(spec)
    within = spec.get("within")
    return Reset(int(spec["words"]), re.compile(within) if within else None)


def build_mode(
    name: str, body: dict[str, Any] | None, template: str, types: dict[str, str]
) -> Mode:
    """One mode of a grammar file: its commands, openers, removals and prompt."""
    body = body or {}
    rules = [build_rule(item, types, False) for item in body.get("commands", []) or []]
    rules += [build_rule(item, types, True) for item in body.get("opens", []) or []]
    frozen = tuple(rules)
    removes = tuple(re.compile(p) for p in body.get("removes", []) or [])
    default = "config" if name == "global" else template.format(mode=name.replace("_", "-"))
    return Mode(name, frozen, _index(frozen), removes, str(body.get("prompt", default)))
