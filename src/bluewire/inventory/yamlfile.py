"""YAML loading that remembers where every value came from (file:line) and rejects duplicate keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bluewire.errors import Problem
from bluewire.hints import pydantic_message
from bluewire.inventory.yamlguard import MAX_BYTES, check_graph, tag_problem

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

PathKey = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass
class YamlDoc:
    """A parsed YAML file: its data, the line of every path in it, and what was wrong."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: PathKey) -> int:
        """Line of the deepest known prefix of `path` (pydantic locations can go deeper)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


class _Builder:
    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        problem = tag_problem(node)
        if problem:
            self._problem(node, path, problem)
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.scalars.construct_object(node, deep=True)
        except ValueError as exc:  # a timestamp-looking scalar that is no date (2027-13-01)
            self._problem(node, path, f"invalid value {node.value!r}: {exc}")
            return None

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merges.append(value_node)
                continue
            key = self._key(key_node, path)
            if key is None:
                continue
            if key in result:
                first = self.doc.lines.get((*path, key), 0)
                self._problem(
                    key_node, path, f"duplicate key '{key}' (first defined on line {first})"
                )
                continue
            self.doc.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*path, key))
        explicit = set(result)
        for merge_node in merges:  # `<<: *anchor`: explicit keys win over merged ones
            self._merge(merge_node, path, result, explicit)
        return result

    def _key(self, node: yaml.Node, path: PathKey) -> str | None:
        """A mapping key: text only (`12345:`, `true:`, `~:` are a number, a bool, a null)."""
        if not isinstance(node, yaml.ScalarNode) or tag_problem(node):
            self._problem(node, path, "a mapping key must be a plain value")
            return None
        key = self.build(node, path)
        if not isinstance(key, str):
            self._problem(
                node, path, f"key {node.value!r} is read as a {_kind(key)}, not as text; quote it"
            )
            return None
        return key

    def _merge(
        self, node: yaml.Node, path: PathKey, result: dict[Any, Any], explicit: set[Any]
    ) -> None:
        own_lines, self.doc.lines = self.doc.lines, {}
        try:
            merged = self.build(node, path)
        finally:
            merged_lines, self.doc.lines = self.doc.lines, own_lines
        for p, line in merged_lines.items():
            if len(p) > len(path) and p[len(path)] not in explicit:
                self.doc.lines.setdefault(p, line)
        items = merged if isinstance(merged, list) else [merged]
        if not all(isinstance(item, dict) for item in items):
            self._problem(node, path, "'<<' merges mappings: use <<: *anchor (or a list of them)")
            return
        for item in items:
            for k, v in item.items():
                result.setdefault(k, v)

    def _problem(self, node: yaml.Node, path: PathKey, message: str) -> None:
        dotted = ".".join(str(p) for p in path)
        self.doc.problems.append(Problem(self.doc.file, node.start_mark.line + 1, message, dotted))


def _kind(value: Any) -> str:
    names = {bool: "true/false value", int: "number", float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def read_text(path: Path, name: str) -> tuple[str | None, Problem | None]:
    """A file's text, or the problem: unreadable, too large, or not UTF-8 (line of the byte)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            size = path.stat().st_size // (1024 * 1024)
            return None, Problem(name, 0, f"too large ({size} MiB, at most {MAX_BYTES >> 20})")
        raw = path.read_bytes()
    except OSError as exc:
        return None, Problem(name, 0, f"cannot read: {exc.strerror}")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start]
        return None, Problem(name, line, f"not UTF-8 text (byte 0x{byte:02X}); save it as UTF-8")


def load_yaml(path: Path, shown_as: str | None = None) -> YamlDoc:
    """Parse one YAML file; syntax errors and duplicate keys become problems, not exceptions."""
    name = shown_as or str(path)
    doc = YamlDoc(name, None)
    text, problem = read_text(path, name)
    if text is None:
        doc.problems.append(problem or Problem(name, 0, "cannot read"))
        return doc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        reason = exc.problem or exc.context or "invalid YAML"
        doc.problems.append(Problem(name, line, f"malformed YAML: {reason}"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(name, 0, f"malformed YAML: {exc}"))
        return doc
    if node is None:
        doc.data = {}
        return doc
    broken = check_graph(node)
    if broken is not None:
        doc.problems.append(Problem(name, broken[0].start_mark.line + 1, broken[1]))
        return doc
    doc.data = _Builder(doc).build(node, ())
    return doc


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
