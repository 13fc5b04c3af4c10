"""How Junos statements nest, as data: what a `set` line needs to become the brace tree.

A `set` path is a flat word sequence; braces say where each statement starts and whether it is a
container. Junos knows that from its schema; bluewire keeps the part of it that real configs use
in `junos_shapes.yaml` (read it for the format), loaded once into frozen models. A statement the
table does not know is a leaf taking the rest of the line, which is what most unknown statements
are (`mtu 9192`, `disable`), and a `set` config that uses unknown containers still diffs right
against a brace config: both sides then go through the same `set` form (`tree.parse_pair`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict

SHAPES_FILE = Path(__file__).with_name("junos_shapes.yaml")
Kind = Literal["block", "leaf", "own-line", "list", "flat", "single"]
KINDS: tuple[Kind, ...] = ("block", "leaf", "own-line", "list", "flat", "single")
INLINE: frozenset[Kind] = frozenset({"leaf", "list", "flat"})  # may join a `single` parent


class Shape(BaseModel):
    """One statement: its kind, how many words after the keyword name it, what nests below.

    block     a container shown with braces (`system { ... }`); childless, a bare `name;`
    leaf      the rest of the line is the value (`host-name fw1`); a new `set` replaces it
    own-line  a leaf that stays on its own line inside a `single` parent (`route-filter ...`)
    list      values gather into `[ a b ]`; Junos `display set` prints one line per value
    flat      a container shown on one line with all its children (`server 192.0.2.1 key 1 prefer`)
    single    a container shown on one line when it holds one inline leaf (`then accept`)

    `value`: a flat statement whose first word is its one value (`local-as 65002 private`): a
    new `set` replaces that word and keeps the options after it.
    """

    model_config = ConfigDict(frozen=True)

    kind: Kind = "block"
    names: int = 0
    value: bool = False
    root_below: bool = False  # the level below is the top level (`groups <name>`)
    below: Level | None = None  # None: children unknown (each is a leaf)


class Level(BaseModel):
    """The statements one hierarchy level knows; `named`: any other word names an entry.

    `choice`: statements of which the level holds one at most (terminating actions `accept`,
    `reject`, `next term`): setting one removes the others, as Junos does.
    """

    model_config = ConfigDict(frozen=True)

    statements: dict[str, Shape] = {}
    named: Shape | None = None
    choice: frozenset[str] = frozenset()


Shape.model_rebuild()
FALLBACK = Shape(kind="leaf")


class ShapeTableError(ValueError):
    """`junos_shapes.yaml` is malformed (a bug in bluewire's data, caught by the tests)."""


@functools.cache
def tables() -> tuple[Level, Level]:
    """The top level, and the statements valid at every level (`apply-groups`)."""
    spec = yaml.safe_load(SHAPES_FILE.read_text(encoding="utf-8"))
    if not isinstance(spec, dict) or not isinstance(spec.get("root"), dict):
        raise ShapeTableError(f"{SHAPES_FILE}: expected mappings `root` and `anywhere`")
    return _level(spec["root"], "root"), _level(spec.get("anywhere") or {}, "anywhere")


def _level(spec: dict[str, Any], where: str) -> Level:
    statements: dict[str, Shape] = {}
    named: Shape | None = None
    spec = dict(spec)
    choice = spec.pop("_choice", [])
    if not isinstance(choice, list):
        raise ShapeTableError(f"{SHAPES_FILE}: {where}: `_choice` is a list of keywords")
    for key, value in spec.items():
        words = str(key).split()
        shape = _shape(value, len(words) - 1, f"{where} > {key}")
        if words[0] == "<name>" and len(words) == 1:
            named = shape
        elif words[0] in statements:
            raise ShapeTableError(f"{SHAPES_FILE}: {where}: {words[0]!r} listed twice")
        else:
            statements[words[0]] = shape
    return Level(statements=statements, named=named, choice=frozenset(map(str, choice)))


def _shape(value: Any, names: int, where: str) -> Shape:
    if value is None:
        return Shape(names=names)
    if value == "@root":
        return Shape(names=names, root_below=True)
    if isinstance(value, str):
        if value not in KINDS:
            raise ShapeTableError(f"{SHAPES_FILE}: {where}: unknown kind {value!r}")
        return Shape(kind=value, names=names)
    if not isinstance(value, dict):
        raise ShapeTableError(f"{SHAPES_FILE}: {where}: expected a kind or a mapping")
    children = dict(value)
    kind = children.pop("_kind", "block")
    valued = children.pop("_value", False) is True
    if kind not in ("block", "single", "flat"):
        raise ShapeTableError(f"{SHAPES_FILE}: {where}: a {kind} has no children")
    if valued and kind != "flat":
        raise ShapeTableError(f"{SHAPES_FILE}: {where}: only a flat statement has a `_value`")
    return Shape(kind=kind, names=names, value=valued, below=_level(children, where))


def child_shape(level: Level | None, word: str) -> Shape:
    """The shape of the statement starting with `word` at `level` (None: an unknown level)."""
    anywhere = tables()[1].statements.get(word)
    if anywhere is not None:
        return anywhere
    if level is None:
        return FALLBACK
    return level.statements.get(word) or level.named or FALLBACK


def level_below(shape: Shape) -> Level | None:
    return tables()[0] if shape.root_below else shape.below
