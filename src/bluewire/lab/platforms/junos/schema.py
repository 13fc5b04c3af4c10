"""The Junos schema for the lab: which statements each hierarchy level accepts (`schema.yaml`).

A statement is the same path whether nested (`system { services { ssh; } }`) or flat (`set system
services ssh`), so one schema checks both brace text and `set` lines. The keyword tables that
place a new `set` path (`keywords:` in schema.yaml) are read here too; the single-valued leaves
are the diff engine's (`bluewire.diff.platforms`), one list for both.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bluewire.config.tree import Node, brace_tokens, parse_braces
from bluewire.diff.platforms import RULES
from bluewire.lab.device import ConfigRejected, LabError

SCHEMA_FILE = Path(__file__).parent / "schema.yaml"
TAGS = ("replace:", "inactive:", "protect:", "delete:")
_WORD = re.compile(r'"(?:\\.|[^"\\])*"|\S+')


def words_of(text: str) -> list[str]:
    """A statement's words, a quoted string counting as one."""
    return _WORD.findall(text)


def strip_tags(text: str) -> str:
    for tag in TAGS:
        if text.startswith(tag + " "):
            return text[len(tag) + 1 :]
    return text


class SchemaError(LabError):
    """`schema.yaml` is malformed."""


@dataclass(frozen=True)
class Statement:
    """One statement a level accepts: the words after its keyword, and the level below it."""

    words: tuple[str, ...]  # `<placeholder>` (any one word, or a typed one) or a literal word
    below: Level | None  # None: anything may follow (a leaf's values, or an unchecked level)
    values: frozenset[str] = frozenset()  # a leaf whose first value is one of these keywords
    name: str = ""  # a named entry's placeholder (`<interface>`): its type, when it has one


@dataclass(frozen=True)
class Level:
    """The statements one hierarchy level accepts, by keyword; `named`: any other word names
    an entry (interface names, server addresses...)."""

    statements: dict[str, Statement] = field(default_factory=dict)
    named: Statement | None = None


ROOT = Level()  # stands for the top level below `groups <name>` (resolved by `descend`)

# What a typed placeholder accepts (Junos checks these names itself: `set interfaces foo`
# fails with "invalid interface type"); any other placeholder takes any word.
NAME_TYPES: dict[str, re.Pattern[str]] = {
    "<interface>": re.compile(
        r"^(?:(?:[a-z]{2,4}-\d+/\d+/\d+(?::\d+)?)|(?:ae|lo|reth|st|fab|swfab|fxp|em|me|pp|dl|vtep|"
        r"irb|vlan|vme|bme|jsrv|gr-\S+|ip-\S+|lt-\S+|lsi|mt-\S+|vt-\S+|sp-\S+|ps|cbp|esi|"
        r"dsc|gre|ipip|mtun|pimd|pime|tap|demux|pip|rlsq|rbeb|cl-\S+|wl|dl|umd)\d*)(?:\.\d+)?$"
        r"|^(?:all|\*|interface-range)$"
    ),
    "<prefix>": re.compile(
        r"^(?:\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(?:/\d{1,3})?)$"
    ),
    "<n>": re.compile(r"^\d+$"),
    "<esi>": re.compile(r"^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){9}$"),
}


class UnknownStatement(Exception):
    """A word the schema does not accept where it stands."""

    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


def _placeholder(word: str) -> bool:
    return word.startswith("<") and word.endswith(">")


def _level(spec: Any, where: str) -> Level | None:
    if spec is None:
        return None
    if not isinstance(spec, dict):
        raise SchemaError(f"{SCHEMA_FILE}: {where}: expected a mapping or ~, got {spec!r}")
    level = Level()
    for key, below in spec.items():
        words = str(key).split() if isinstance(key, str) else []
        if not words:
            raise SchemaError(f"{SCHEMA_FILE}: {where}: bad statement {key!r}")
        statement = _statement(words, below, f"{where} {key}".strip())
        if _placeholder(words[0]):
            if len(words) > 1 or level.named is not None:
                raise SchemaError(f"{SCHEMA_FILE}: {where}: one one-word <name> entry per level")
            level = Level(level.statements, statement)
        elif words[0] in level.statements:
            raise SchemaError(f"{SCHEMA_FILE}: {where}: {words[0]!r} listed twice")
        else:
            level.statements[words[0]] = statement
    return level


def _statement(words: list[str], below: Any, where: str) -> Statement:
    """A schema entry: a level below (mapping), nothing checked (~), value keywords (list), or
    `"@root"`: the top level again (`groups <name>`, whose statements are whole configs)."""
    name = words[0] if _placeholder(words[0]) else ""
    rest = () if name else tuple(words[1:])
    if isinstance(below, list):
        return Statement(rest, None, frozenset(str(v) for v in below), name)
    if below == "@root":
        return Statement(rest, ROOT, name=name)
    return Statement(rest, _level(below, where), name=name)


@functools.cache
def _spec() -> Any:
    """schema.yaml, read once (libyaml: the pure-Python loader took a second per process)."""
    with SCHEMA_FILE.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.CSafeLoader)


@functools.cache
def load_schema() -> tuple[Level, Level]:
    """The top level of the Junos schema, and the statements valid at every level."""
    spec = _spec()
    if not isinstance(spec, dict) or not isinstance(spec.get("schema"), dict):
        raise SchemaError(f"{SCHEMA_FILE}: expected a mapping with a `schema` mapping")
    top = _level(spec["schema"], "")
    anywhere = _level(spec.get("anywhere") or {}, "anywhere")
    assert top is not None and anywhere is not None
    return top, anywhere


def descend(level: Level | None, words: list[str]) -> Level | None:
    """The level below the statement path `words` (None: unchecked), from `level`.

    Raises UnknownStatement for the first word the schema does not accept. A path that stops
    early (`delete interfaces ge-0/0/1`, `security-zone` with no name) is accepted.
    """
    anywhere = load_schema()[1]
    i = 0
    while level is not None and i < len(words):
        word = words[i]
        if word == "[":  # a value list (`[ a b ]`): values, not statements
            return None
        statement = level.statements.get(word) or anywhere.statements.get(word) or level.named
        if statement is None or not _fits(statement.name, word):
            raise UnknownStatement(word)
        i += 1
        for expected in statement.words:
            if i == len(words):
                return None
            if not (_fits(expected, words[i]) if _placeholder(expected) else words[i] == expected):
                raise UnknownStatement(words[i])
            i += 1
        if statement.values and i < len(words):
            _check_values(statement.values, words[i:])
        level = load_schema()[0] if statement.below is ROOT else statement.below
    return level


def _check_values(values: frozenset[str], rest: list[str]) -> None:
    """A leaf's first value (or each of a `[ ]` list) is one of its keywords."""
    given = rest[1:-1] if rest[0] == "[" else rest[:1]
    bad = next((w for w in given if w not in values), None)
    if bad is not None:
        raise UnknownStatement(bad)


def _fits(placeholder: str, word: str) -> bool:
    pattern = NAME_TYPES.get(placeholder)
    return pattern is None or pattern.match(word.strip('"')) is not None


def check_schema(root: Node) -> None:
    """Every statement in the tree is one the schema accepts where it stands."""
    _check(root, load_schema()[0])


def _check(node: Node, level: Level) -> None:
    for child in node.children:
        try:
            below = descend(level, words_of(strip_tags(child.text)))
        except UnknownStatement as err:
            raise ConfigRejected(f"syntax error: {err.word}", child.text, child.line) from None
        if below is not None:
            _check(child, below)  # ROOT resolves to the top level in descend


def check_braces(text: str) -> Node:
    """Parse curly-brace text, rejecting what `load` rejects (structure, unknown statements)."""
    depth, words, line = 0, 0, 1
    for tok, line in brace_tokens(text):
        if tok in ("{", ";") and not words:
            raise ConfigRejected("syntax error", tok, line)
        if tok == "}":
            if words or depth == 0:
                raise ConfigRejected("syntax error, expecting ';' or '{'", tok, line)
            depth -= 1
        elif tok in ("{", ";"):
            depth, words = depth + (tok == "{"), 0
        else:
            words += 1
    if words or depth:
        raise ConfigRejected("syntax error, expecting <statement> or '}'", "", line)
    root = parse_braces(text)
    check_schema(root)
    return root


def vocabulary() -> frozenset[str]:
    """Every keyword the schema names (statements, literal words, value keywords)."""
    found: set[str] = set()

    def visit(level: Level | None, seen: set[int]) -> None:
        if level is None or id(level) in seen:
            return
        seen.add(id(level))
        for keyword, statement in level.statements.items():
            found.add(keyword)
            found.update(w for w in statement.words if not _placeholder(w))
            found.update(statement.values)
            visit(statement.below, seen)
        if level.named is not None and level.named.below is not ROOT:
            found.update(level.named.values)
            visit(level.named.below, seen)

    top, anywhere = load_schema()
    visit(top, set())
    visit(anywhere, set())
    return frozenset(found)


# ------------------------------------------------------------------------------ keyword tables
@functools.cache
def _keywords() -> dict[str, Any]:
    spec = _spec()
    tables = spec.get("keywords") if isinstance(spec, dict) else None
    if not isinstance(tables, dict):
        raise SchemaError(f"{SCHEMA_FILE}: expected a `keywords` mapping")
    return tables


def _table(name: str) -> Any:
    try:
        return _keywords()[name]
    except KeyError:
        raise SchemaError(f"{SCHEMA_FILE}: keywords: no {name!r} table") from None


# One-line list entries (`server 192.0.2.1 prefer;`), which Junos XML still shows as entries.
LIST_LEAVES = frozenset(str(w) for w in _table("list_leaves"))
# Leaves one level deeper in Junos XML, with the child element's name ("": the next word).
NESTED_LEAVES: dict[str, str] = {str(k): str(v or "") for k, v in _table("nested_leaves").items()}
# Containers whose children are named entries (`interfaces { ge-0/0/0 { ... } }`).
NAMED_CHILDREN = frozenset(str(w) for w in _table("named_children"))
# Leaves that hold one value: a new `set` replaces the old one instead of adding a second.
SINGLE = RULES["junos"].single_valued
