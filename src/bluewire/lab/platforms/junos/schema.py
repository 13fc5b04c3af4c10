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

    words: tuple[str, ...]  # `<placeholder>` (any one word) or a literal word
    below: Level | None  # None: anything may follow (a leaf's values, or an unchecked level)


@dataclass(frozen=True)
class Level:
    """The statements one hierarchy level accepts, by keyword; `named`: any other word names
    an entry (interface names, server addresses...)."""

    statements: dict[str, Statement] = field(default_factory=dict)
    named: Statement | None = None


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
        statement = Statement(tuple(words[1:]), _level(below, f"{where} {key}".strip()))
        if _placeholder(words[0]):
            if len(words) > 1 or level.named is not None:
                raise SchemaError(f"{SCHEMA_FILE}: {where}: one one-word <name> entry per level")
            level = Level(level.statements, Statement((), statement.below))
        elif words[0] in level.statements:
            raise SchemaError(f"{SCHEMA_FILE}: {where}: {words[0]!r} listed twice")
        else:
            level.statements[words[0]] = statement
    return level


@functools.cache
def load_schema() -> tuple[Level, Level]:
    """The top level of the Junos schema, and the statements valid at every level."""
    with SCHEMA_FILE.open(encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
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
        if statement is None:
            raise UnknownStatement(word)
        i += 1
        for expected in statement.words:
            if i == len(words):
                return None
            if not _placeholder(expected) and words[i] != expected:
                raise UnknownStatement(words[i])
            i += 1
        level = statement.below
    return level


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
            _check(child, below)


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


# ------------------------------------------------------------------------------ keyword tables
@functools.cache
def _keywords() -> dict[str, Any]:
    with SCHEMA_FILE.open(encoding="utf-8") as fh:
        spec = yaml.safe_load(fh)
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
