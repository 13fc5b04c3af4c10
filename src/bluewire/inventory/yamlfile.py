"""YAML loading that remembers where every value came from (file:line) and rejects duplicate keys.

Lines are not recorded while building: the composed node tree is kept and `YamlDoc.line_of`
walks it when a problem is reported (a 10,000-host inventory has ~750,000 values and a handful of
problems at most). libyaml parses; building the data walks the nodes once, resolving plain
strings without PyYAML's per-node constructor dispatch, and measures the graph on the way
(size with aliases expanded, height, cycles): only a file past a limit is walked again by
`yamlguard.check_graph`, which names the place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bluewire.errors import Problem
from bluewire.hints import pydantic_message
from bluewire.inventory.yamlguard import (
    ALIAS_ALLOWANCE,
    MAX_BYTES,
    MAX_DEPTH,
    check_graph,
    tag_problem,
)
from bluewire.project import read_regular

try:
    _CParser: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _CParser = yaml.SafeLoader

PathKey = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class FastLoader(_CParser):  # type: ignore[misc]
    """libyaml's parser with the implicit-tag resolver memoised (values repeat across hosts)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[tuple[str, Any], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is not yaml.ScalarNode:
            return str(super().resolve(kind, value, implicit))
        key = (value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            tag = self._tags[key] = super().resolve(kind, value, implicit)
        return tag


def compose(text: str) -> yaml.Node | None:
    loader = FastLoader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    finally:
        loader.dispose()


Locator = Callable[[PathKey], "int | None"]


@dataclass
class YamlDoc:
    """A parsed YAML file: its data, where its values are, and what was wrong."""

    file: str
    data: Any
    problems: list[Problem] = field(default_factory=list)
    locate: Locator | None = None

    def line_of(self, path: PathKey) -> int:
        """Line of the deepest known prefix of `path` (pydantic locations can go deeper)."""
        line = self.locate(path) if self.locate is not None else None
        return 1 if line is None else line


def node_locator(
    root: yaml.Node | None, line_map: Callable[[int], int] = lambda n: n + 1
) -> Locator:
    """`line_of` over a composed tree: the line of a mapping key, a sequence item, or the root.

    A key that a merge (`<<: *anchor`) brought in is found in the anchored mapping, where it was
    written; `line_map` turns a 0-based line of the parsed text into a 1-based line of the file.
    A mapping's keys are indexed on its first lookup: a line for each of 10,000 hosts would
    otherwise scan the hosts mapping 10,000 times.
    """
    index: dict[int, _Keys] = {}

    def locate(path: PathKey) -> int | None:
        if root is None:
            return None
        node, line = root, root.start_mark.line
        for step in path:
            found = _child(node, step, index)
            if found is None:
                break
            line, node = found
        return line_map(line)

    return locate


_Keys = tuple[dict[str, tuple[int, yaml.Node]], list[yaml.Node]]  # explicit keys, merged maps


def _keys(node: yaml.MappingNode) -> _Keys:
    explicit: dict[str, tuple[int, yaml.Node]] = {}
    merges = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            merges.append(value_node)
        elif key_node.tag == _STR:
            explicit.setdefault(key_node.value, (key_node.start_mark.line, value_node))
    return explicit, merges


def _child(
    node: yaml.Node, step: str | int, index: dict[int, _Keys]
) -> tuple[int, yaml.Node] | None:
    if isinstance(node, yaml.SequenceNode):
        if isinstance(step, int) and 0 <= step < len(node.value):
            item = node.value[step]
            return item.start_mark.line, item
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    keys = index.get(id(node))
    if keys is None:
        keys = index[id(node)] = _keys(node)
    explicit, merges = keys
    found = explicit.get(step) if isinstance(step, str) else None
    if found is not None:
        return found
    for merged in merges:  # explicit keys win over merged ones, earlier merges over later
        found = _child(merged, step, index) if isinstance(merged, yaml.MappingNode) else None
        if found is not None:
            return found
    return None


class Unsafe(Exception):
    """The graph is past a limit (or cannot be built here): `check_graph` says where."""


class Builder:
    """Python data from a composed tree; an aliased node becomes one shared object, as in PyYAML.

    `sizes` holds each container's size with aliases expanded and its height, as
    `yamlguard.check_graph` counts them, so a file within the limits is not walked twice.
    """

    def __init__(self, doc: YamlDoc, line_map: Callable[[int], int] = lambda n: n + 1) -> None:
        self.doc = doc
        self.line_map = line_map
        self.built: dict[int, tuple[yaml.Node, Any]] = {}
        self.sizes: dict[int, tuple[int, int]] = {}
        self.scalar_slots = 0  # scalars under the containers built (the unique scalars, unless a
        # scalar is aliased: aliased scalars expand linearly, never into a bomb)
        self.scalars = yaml.constructor.SafeConstructor()
        self.constructors = self.scalars.yaml_constructors

    def checked(self, node: yaml.Node, path: PathKey) -> Any:
        """`build`, raising Unsafe when the graph is past a limit (check_graph names it)."""
        try:
            value = self.build(node, path)
        except RecursionError:
            raise Unsafe from None
        size, height = self.sizes.get(id(node), (1, 1))
        unique = len(self.sizes) + self.scalar_slots
        if height > MAX_DEPTH or size > unique + max(ALIAS_ALLOWANCE, 10 * unique):
            raise Unsafe  # check_graph's limits, on the same counts: it names the place
        return value

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.tag == _STR else self._scalar(node, path)
        done = self.built.get(id(node))
        if done is not None:
            if id(node) not in self.sizes:
                raise Unsafe  # an alias to a value still being built: a cycle
            return done[1]
        problem = tag_problem(node)
        if problem:
            self._problem(node, path, problem)
            return None
        if isinstance(node, yaml.MappingNode):
            value: Any = {}
            self.built[id(node)] = (node, value)
            self._mapping(node, path, value)
        else:
            value = []
            self.built[id(node)] = (node, value)
            value.extend(self._item(item, path, i) for i, item in enumerate(node.value))
        self._measure(node)
        return value

    def _measure(self, node: yaml.Node) -> None:
        """Size (aliases expanded) and height, counted as check_graph counts them."""
        size, height = 1, 1
        pairs = isinstance(node, yaml.MappingNode)
        kids = [n for pair in node.value for n in pair] if pairs else node.value
        sizes = self.sizes
        for kid in kids:
            measured = sizes.get(id(kid))
            if measured is None:  # a scalar
                size += 1
                self.scalar_slots += 1
                if height < 2:
                    height = 2
                continue
            size += measured[0]
            if measured[1] >= height:
                height = measured[1] + 1
        sizes[id(node)] = (size, height)

    def _item(self, node: yaml.Node, path: PathKey, index: int) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
            return node.value
        return self.build(node, (*path, index))

    def _scalar(self, node: yaml.Node, path: PathKey) -> Any:
        problem = tag_problem(node)
        if problem:
            self._problem(node, path, problem)
            return None
        constructor = self.constructors.get(node.tag)
        try:
            if constructor is None:  # a core tag on the wrong kind of node: PyYAML says why
                return self.scalars.construct_object(node, deep=True)
            return constructor(self.scalars, node)
        except (ValueError, yaml.YAMLError) as exc:  # 2027-13-01
            reason = getattr(exc, "problem", None) or str(exc)
            self._problem(node, path, f"invalid value {node.value!r}: {reason}")
            return None

    def _key(self, node: yaml.Node, path: PathKey) -> str | None:
        """A mapping key: text only (`12345:`, `true:`, `~:` are a number, a bool, a null)."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
            return str(node.value)
        if not isinstance(node, yaml.ScalarNode) or tag_problem(node):
            self._problem(node, path, "a mapping key must be a plain value")
            return None
        key = self.build(node, path)
        self._problem(
            node, path, f"key {node.value!r} is read as a {_kind(key)}, not as text; quote it"
        )
        return None

    def _mapping(self, node: yaml.MappingNode, path: PathKey, result: dict[Any, Any]) -> None:
        merges: list[yaml.Node] = []
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merges.append(value_node)
                continue
            key = self._key(key_node, path)
            if key is None:
                continue
            if key in result:
                self._problem(
                    key_node, path, f"duplicate key '{key}' (first defined on line {first[key]})"
                )
                continue
            first[key] = self.line_map(key_node.start_mark.line)
            if isinstance(value_node, yaml.ScalarNode) and value_node.tag == _STR:
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, (*path, key))
        for merge_node in merges:  # `<<: *anchor`: explicit keys win over merged ones
            self._merge(merge_node, self.build(merge_node, path), path, result)

    def _merge(self, node: yaml.Node, merged: Any, path: PathKey, result: dict[Any, Any]) -> None:
        items = merged if isinstance(merged, list) else [merged]
        if not all(isinstance(item, dict) for item in items):
            self._problem(node, path, "'<<' merges mappings: use <<: *anchor (or a list of them)")
            return
        for item in items:
            for k, v in item.items():
                result.setdefault(k, v)

    def _problem(self, node: yaml.Node, path: PathKey, message: str) -> None:
        dotted = ".".join(str(p) for p in path)
        line = self.line_map(node.start_mark.line)
        self.doc.problems.append(Problem(self.doc.file, line, message, dotted))


def _kind(value: Any) -> str:
    names = {bool: "true/false value", int: "number", float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def decode_text(raw: bytes, name: str) -> tuple[str | None, Problem | None]:
    """A file's bytes as text, or the problem: too large, or not UTF-8 (line of the byte)."""
    if len(raw) > MAX_BYTES:
        return None, Problem(
            name, 0, f"too large ({len(raw) >> 20} MiB, at most {MAX_BYTES >> 20})"
        )
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        return None, Problem(name, line, f"not UTF-8 text (byte 0x{byte:02X}); save it as UTF-8")


def read_text(path: Path, name: str) -> tuple[str | None, Problem | None]:
    """A file's text, or the problem: unreadable, too large, or not UTF-8 (line of the byte)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            size = path.stat().st_size // (1024 * 1024)
            return None, Problem(name, 0, f"too large ({size} MiB, at most {MAX_BYTES >> 20})")
        raw = read_regular(path)
    except OSError as exc:
        return None, Problem(name, 0, f"cannot read: {exc.strerror}")
    return decode_text(raw, name)


def compose_text(text: str, name: str) -> tuple[yaml.Node | None, Problem | None]:
    """The composed tree, or why the text is not YAML."""
    try:
        return compose(text), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        return None, Problem(name, line, f"malformed YAML: {_reason(exc, text)}")
    except yaml.YAMLError as exc:
        return None, Problem(name, 0, f"malformed YAML: {exc}")


_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")


def _reason(exc: yaml.MarkedYAMLError, text: str) -> str:
    """PyYAML's problem, with its context where the problem alone says nothing: a duplicate anchor
    (a host block copied with its `&anchor`) is reported as just "second occurrence"."""
    first, second = exc.context_mark, exc.problem_mark
    if exc.problem == "second occurrence" and first and second:
        anchor = _ANCHOR.match(text, second.index)  # no copy of the rest of a 32 MiB file
        name = f" '{anchor.group(1)}'" if anchor else ""
        return f"duplicate anchor{name} (first defined on line {first.line + 1})"
    return exc.problem or exc.context or "invalid YAML"


def parse_text(text: str, name: str) -> tuple[YamlDoc, yaml.Node | None]:
    """One YAML text as a YamlDoc; syntax errors, duplicate keys and limits become problems."""
    doc = YamlDoc(name, None)
    node, problem = compose_text(text, name)
    if problem is not None:
        doc.problems.append(problem)
        return doc, None
    if node is None:
        doc.data = {}
        return doc, None
    try:
        doc.data = Builder(doc).checked(node, ())
    except Unsafe:
        broken = check_graph(node)
        if broken is not None:  # (the bound above is loose: the exact check decides)
            doc.problems = [Problem(name, broken[0].start_mark.line + 1, broken[1])]
            doc.data = None
            return doc, None
        doc.problems = []
        doc.data = Builder(doc).build(node, ())
    doc.locate = node_locator(node)
    return doc, node


def load_yaml(path: Path, shown_as: str | None = None) -> YamlDoc:
    """Parse one YAML file; syntax errors and duplicate keys become problems, not exceptions."""
    name = shown_as or str(path)
    text, problem = read_text(path, name)
    if text is None:
        return YamlDoc(name, None, [problem or Problem(name, 0, "cannot read")])
    return parse_text(text, name)[0]


def validate_model(
    model: type[M], raw: Any, doc: YamlDoc, at: PathKey, problems: list[Problem]
) -> M | None:
    """`raw` (found at `at` in `doc`) as a `model`; each validation error becomes a file:line problem."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            path = _data_path(raw, err["loc"])
            missing = err["loc"][-1:] if err["type"] == "missing" else ()
            where = ".".join(str(p) for p in (*at, *path, *missing))
            message = pydantic_message(err, model) or str(err["msg"])
            problems.append(Problem(doc.file, doc.line_of((*at, *path)), message, where))
        return None


def _data_path(raw: Any, loc: tuple[int | str, ...]) -> PathKey:
    """Pydantic's error location minus its own steps (union tags), so it maps to a YAML line."""
    path: list[str | int] = []
    node = raw
    for step in loc:
        if isinstance(node, list):
            if isinstance(step, int) and step < len(node):
                node = node[step]
                path.append(step)
        elif isinstance(node, dict) and step in node:
            node = node[step]
            path.append(step)
    return tuple(path)
