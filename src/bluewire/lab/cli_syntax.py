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

import functools
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
    firsts: frozenset[str] | None  # the words a matching line can start with (None: any)
    partial: str  # a regex for every word-prefix of a matching line


# The syntax tree of a form: a word, or a group over sequences (alternatives).
@dataclass(frozen=True)
class _Word:
    text: str


@dataclass(frozen=True)
class _Group:
    options: tuple[tuple[_Word | _Group, ...], ...]
    optional: bool
    repeat: bool


_Seq = tuple["_Word | _Group", ...]


def compile_form(text: str, types: dict[str, str], macros: dict[str, str] | None = None) -> Form:
    """`text` (command-reference syntax) as a regex over one stripped line."""
    tokens = _tokens(text, macros or {})
    reader = _Reader(tokens)
    seq = reader.sequence()
    if reader.at < len(tokens):
        raise SyntaxFormError(f"{text!r}: unexpected {tokens[reader.at]!r}")
    emit = _Emitter(types)
    regex = emit.sequence(seq)
    partial = f"^{emit.partial(seq)}$"
    keywords = frozenset(emit.keywords)
    return Form(f"^{regex}$", keywords, _prefix(seq, types), _firsts(seq, types), partial)


def _tokens(text: str, macros: dict[str, str], depth: int = 0) -> list[str]:
    out: list[str] = []
    for tok in (t for t in _SPLIT.split(text.strip()) if t):
        if tok in macros and depth < 5:
            out += ["{", *_tokens(macros[tok], macros, depth + 1), "}"]
        else:
            out.append(tok)
    return out


class _Reader:
    """Tokens -> the syntax tree (recursive descent over `[ ]`, `{ }` and `|`)."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.at = tokens, 0

    def sequence(self) -> _Seq:
        out: list[_Word | _Group] = []
        while self.at < len(self.tokens) and self.tokens[self.at] not in "|]}":
            tok = self.tokens[self.at]
            self.at += 1
            out.append(self.group(tok) if tok in "[{" else _Word(tok))
        if not out or all(isinstance(e, _Group) and e.optional for e in out):
            raise SyntaxFormError(f"a form or a choice with no required word: {self.tokens}")
        return tuple(out)

    def group(self, tok: str) -> _Group:
        close = "]" if tok == "[" else "}"
        options = [self.sequence()]
        while self.at < len(self.tokens) and self.tokens[self.at] == "|":
            self.at += 1
            options.append(self.sequence())
        if self.at >= len(self.tokens) or self.tokens[self.at] != close:
            raise SyntaxFormError(f"missing {close!r} in {' '.join(self.tokens)!r}")
        self.at += 1
        repeat = self.at < len(self.tokens) and self.tokens[self.at] in ("*", "+")
        self.at += repeat
        return _Group(tuple(options), tok == "[", repeat)


class _Emitter:
    """The syntax tree -> a regex; words are joined by single spaces."""

    def __init__(self, types: dict[str, str]) -> None:
        self.types = types
        self.keywords: set[str] = set()

    def sequence(self, seq: _Seq) -> str:
        out, first = "", True
        for element in seq:
            body = self.element(element)
            optional = isinstance(element, _Group) and element.optional
            quantifier = "*" if isinstance(element, _Group) and element.repeat else "?"
            if first and optional:
                out += f"(?:{body} ){quantifier}"
            elif first:
                out, first = out + body, False
            elif optional:
                out += f"(?: {body}){quantifier}"
            else:
                out += " " + body
        return out

    def element(self, element: _Word | _Group) -> str:
        if isinstance(element, _Word):
            return self.word(element.text)
        body = "(?:" + "|".join(self.sequence(o) for o in element.options) + ")"
        return f"{body}(?: {body})*" if element.repeat and not element.optional else body

    def partial(self, seq: _Seq) -> str:
        """A regex for every word-prefix of what `seq` matches (`no X` may name a prefix)."""
        head, rest = seq[0], seq[1:]
        full = self.element(head)
        alts = [self._partial_element(head)]
        if isinstance(head, _Group) and head.repeat:
            one = "(?:" + "|".join(self.sequence(o) for o in head.options) + ")"
            alts = [f"(?:{one} )*{alts[0]}"]
            if rest:
                lead = f"(?:{one} )*" if head.optional else f"{full} "
                alts.append(lead + self.partial(rest))
        elif rest:
            optional = isinstance(head, _Group) and head.optional
            alts.append((f"(?:{full} )?" if optional else f"{full} ") + self.partial(rest))
        return "(?:" + "|".join(alts) + ")"

    def _partial_element(self, element: _Word | _Group) -> str:
        if isinstance(element, _Word):
            return self.word(element.text)
        return "(?:" + "|".join(self.partial(o) for o in element.options) + ")"

    def word(self, tok: str) -> str:
        if tok in self.types:
            return "(?:" + self.types[tok] + ")"
        if _RANGE.match(tok):
            return r"\d+"
        self.keywords.add(tok)
        return re.escape(tok)


def _literal(element: _Word | _Group, types: dict[str, str]) -> bool:
    return (
        isinstance(element, _Word) and element.text not in types and not _RANGE.match(element.text)
    )


def _prefix(seq: _Seq, types: dict[str, str]) -> str:
    """The literal words a line starts with, after an optional leading `no`."""
    if (
        seq
        and isinstance(seq[0], _Group)
        and seq[0].optional
        and seq[0].options == ((_Word("no"),),)
    ):
        seq = seq[1:]
    words = []
    for element in seq:
        if not _literal(element, types):
            break
        assert isinstance(element, _Word)
        words.append(element.text)
    return " ".join(words)


def _firsts(seq: _Seq, types: dict[str, str]) -> frozenset[str] | None:
    """Every word a matching line can start with, or None when it may start with an argument."""
    found: set[str] = set()
    for element in seq:
        if isinstance(element, _Word):
            if not _literal(element, types):
                return None
            found.add(element.text)
            return frozenset(found)
        for option in element.options:
            inner = _firsts(option, types)
            if inner is None:
                return None
            found |= inner
        if not element.optional:
            return frozenset(found)
    return frozenset(found)


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
    firsts: frozenset[str] | None = None  # a syntax form's possible first words (None: any)
    partial: str = ""  # a syntax form's regex for word-prefixes of its lines
    hidden: bool = False  # a default the device does not print: it replaces, and is not kept
    clears: re.Pattern[str] | None = None  # entering it drops the section's lines this matches
    by_key: int = 0  # `no <line>` names the setting by its first N words (IOS prefix-list seq N)
    distinct: re.Pattern[str] | None = None  # a line whose rest after this is taken is refused

    def names_part(self, target: str) -> bool:
        """`target` is the start of a line of this form (`no ip icmp rate-limit unreachable`)."""
        return bool(self.partial) and _compiled(self.partial).match(target) is not None

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

    def first_words(self) -> frozenset[str] | None:
        """The words every line this rule matches can start with (None: not fixed)."""
        if self.literal is not None:
            return self.firsts
        prefix = self.prefix
        if " " in prefix:
            return frozenset({prefix.split(" ", 1)[0]}) if prefix.split(" ", 1)[0] else None
        body = self.pattern.pattern.removeprefix("^").removesuffix("$")
        return frozenset({prefix}) if prefix and body == prefix else None


@dataclass(frozen=True)
class Mode:
    """The commands valid in one CLI mode."""

    name: str
    rules: tuple[Rule, ...]
    by_word: dict[str, tuple[Rule, ...]] = field(default_factory=dict, compare=False)
    removes: tuple[re.Pattern[str], ...] = ()  # what `no` may name beyond the commands
    prompt: str = ""  # what the CLI shows in parentheses while in this mode
    refuses: tuple[re.Pattern[str], ...] = ()  # lines refused although a form names them

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
            if rule.names_part(target) or _names_key(rule, prefix, words):
                return True
        return False


def _names_key(rule: Rule, prefix: list[str], words: list[str]) -> bool:
    """`no <key words>` removes a keyed setting (`no username temp-vendor`, `no ntp server X`)."""
    return (
        rule.key is not None
        and not rule.partial  # a syntax form says itself which prefixes name a line
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
    """Rules by first word (plus the rules without a fixed one), so a lookup tries few regexes."""
    firsts = [r.first_words() for r in rules]
    words = {w for f in firsts if f is not None for w in f}
    out = {
        w: tuple(r for r, f in zip(rules, firsts, strict=True) if f is None or w in f)
        for w in words
    }
    out[""] = tuple(r for r, f in zip(rules, firsts, strict=True) if f is None)
    return out


def build_rule(item: Any, types: dict[str, str], macros: dict[str, str], opener: bool) -> Rule:
    """A rule from one grammar entry: a form string, or a mapping with `match` and options."""
    spec: dict[str, Any] = {"match": item} if isinstance(item, str) else dict(item)
    text = str(spec["match"])
    reset = _reset(spec.get("resets"))
    mode = str(spec["mode"]) if opener else None
    hidden = bool(spec.get("hidden"))
    clears = re.compile(spec["clears"]) if spec.get("clears") else None
    raw = spec.get("by_key")  # true: the key words; N: the first N words (`no access-list 10 ..`)
    by_key = int(spec.get("key") or 0) if raw is True else int(raw or 0)
    distinct = re.compile(spec["distinct"]) if spec.get("distinct") else None
    if text.startswith("^"):
        return Rule(
            re.compile(text), spec.get("key"), mode, spec.get("prompt"),
            reset=reset, hidden=hidden, clears=clears, by_key=by_key, distinct=distinct,
        )  # fmt: skip
    form = compile_form(text, types, macros)
    return Rule(
        re.compile(form.regex),
        spec.get("key"),
        mode,
        spec.get("prompt"),
        form.prefix,
        form.keywords,
        reset,
        form.firsts,
        form.partial,
        hidden,
        clears,
        by_key,
        distinct,
    )


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _reset(spec: Any) -> Reset | None:
    if spec is None:
        return None
    if isinstance(spec, int):
        return Reset(spec)
    within = spec.get("within")
    return Reset(int(spec["words"]), re.compile(within) if within else None)


def build_mode(
    name: str,
    body: dict[str, Any] | None,
    template: str,
    types: dict[str, str],
    macros: dict[str, str],
) -> Mode:
    """One mode of a grammar file: its commands, openers, removals, refusals and prompt."""
    body = body or {}
    rules = [build_rule(item, types, macros, False) for item in body.get("commands", []) or []]
    rules += [build_rule(item, types, macros, True) for item in body.get("opens", []) or []]
    frozen = tuple(rules)
    removes = tuple(re.compile(p) for p in body.get("removes", []) or [])
    refuses = tuple(re.compile(p) for p in body.get("refuses", []) or [])
    default = "config" if name == "global" else template.format(mode=name.replace("_", "-"))
    prompt = str(body.get("prompt", default))
    return Mode(name, frozen, _index(frozen), removes, prompt, refuses)
