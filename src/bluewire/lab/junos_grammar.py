"""The Junos config language for the lab: curly-brace text, `set`/`delete` lines, `show | compare`.

What is valid where is data (`grammars/junos.yaml`: the statements each hierarchy level accepts,
with wildcard levels for names), so a typo anywhere the schema covers (`system { hostnme fw1; }`,
`set interfaces ge-0/0/0 unit 0 family inte ...`) is refused with `syntax error` as on the box,
as are unbalanced braces and unterminated statements. New `set` paths are placed with a few
structural rules (`unit 0`, `family inet`, `interfaces <name>`) so that the result renders as the
device would show it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bluewire.config.tree import _COMMENT_LINE, _TOKEN, Node, parse_braces, render_braces
from bluewire.lab.device import ConfigRejected, LabError

SCHEMA_FILE = Path(__file__).parent / "grammars" / "junos.yaml"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Keywords whose value names a container (`unit 0 { ... }`), with the number of words in the name.
KEYED = {
    "unit": 1, "family": 1, "group": 1, "neighbor": 1, "security-zone": 1, "functional-zone": 1,
    "policy": 1, "term": 1, "policy-statement": 1, "filter": 1, "prefix-list": 1, "user": 1,
    "application": 1, "application-set": 1, "address-book": 1, "address-set": 1, "zone": 1,
    "community": 1, "from-zone": 3, "rule-set": 1, "rule": 1, "pool": 1, "vlan": 1, "file": 1,
    "host": 1, "server": 1, "interface": 1, "area": 1, "instance": 1, "class": 1,
}  # fmt: skip
# One-word containers (`services { ssh; }`); a `set` path through them nests there.
CONTAINERS = _words(
    """services ssh netconf telnet web-management ntp syslog login zones policies
    host-inbound-traffic system-services protocols static bgp ospf ospf3 lldp lldp-med
    root-authentication name-server screen nat source destination flow alg ike ipsec
    tacplus-server radius-server archival configuration management-instance inet inet6
    policy-options then from to match permit deny application-identification utm
    address-book global traceoptions ethernet-switching radius-server tacplus-server
    accounting destination password retry-options authentication"""
)
# Containers whose children are named entries (`interfaces { ge-0/0/0 { ... } }`).
NAMED_CHILDREN = frozenset(
    {
        "interfaces",
        "vlans",
        "routing-instances",
        "groups",
        "logical-systems",
        "radius-server",
        "tacplus-server",
    }
)
# Leaves that hold one value: a new `set` replaces the old one instead of adding a second.
SINGLE = _words(
    """host-name domain-name description mtu time-zone location contact router-id
    autonomous-system local-as peer-as type speed native-vlan-id vlan-id encrypted-password
    local-address authentication-key class version then action"""
)
TAGS = ("replace:", "inactive:", "protect:", "delete:")
_WORD = re.compile(r'"(?:\\.|[^"\\])*"|\S+')


def words_of(text: str) -> list[str]:
    """A statement's words, a quoted string counting as one."""
    return _WORD.findall(text)


def _strip_tags(text: str) -> str:
    for tag in TAGS:
        if text.startswith(tag + " "):
            return text[len(tag) + 1 :]
    return text


# ------------------------------------------------------------------------------ schema
class SchemaError(LabError):
    """`grammars/junos.yaml` is malformed."""


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
            below = descend(level, words_of(_strip_tags(child.text)))
        except UnknownStatement as err:
            raise ConfigRejected(f"syntax error: {err.word}", child.text, child.line) from None
        if below is not None:
            _check(child, below)


def check_braces(text: str) -> Node:
    """Parse curly-brace text, rejecting what `load` rejects (structure, unknown statements)."""
    depth, words, line, last = 0, 0, 1, 0
    blanked = _COMMENT_LINE.sub(lambda c: " " * len(c.group(0)), text)
    for m in _TOKEN.finditer(blanked):
        tok = m.group(0)
        line, last = line + blanked.count("\n", last, m.start()), m.start()
        if tok.startswith("/*"):
            continue
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


@dataclass(frozen=True)
class JunosGrammar:
    """Junos `load override|merge|replace|set` semantics on brace text (the `Grammar` protocol)."""

    def replace(self, current: str, new_text: str) -> str:
        return render_braces(_clean(check_braces(new_text)))

    def merge(self, current: str, commands: list[str]) -> str:
        root = parse_braces(current)
        if any("{" in c for c in commands):
            merge_tree(root, check_braces("\n".join(commands)))
        else:
            shapes = learn_shapes(root)
            for lineno, command in enumerate(commands, 1):
                apply_set(root, command, lineno, shapes)
        return render_braces(root)


def _clean(root: Node) -> Node:
    """Drop `replace:`-style tags (meaningful only while merging)."""
    for _, node in root.walk():
        node.text = _strip_tags(node.text)
    return root


# ------------------------------------------------------------------------------ curly-brace merge
def merge_tree(into: Node, new: Node) -> None:
    """`load merge`/`load replace`: add `new`, honouring `replace:` and `delete:` tags."""
    for node in new.children:
        text = _strip_tags(node.text)
        existing = into.child(text)
        if node.text.startswith("delete: "):
            into.children = [c for c in into.children if c.text != text]
        elif node.text.startswith("replace: ") or existing is None:
            fresh = _clean(Node("", children=[node])).children[0]
            _put_leaf(into, fresh) if not fresh.children else _put(into, fresh)
        elif node.children:
            merge_tree(existing, node)


def _put(into: Node, node: Node) -> None:
    for i, c in enumerate(into.children):
        if c.text == node.text:
            into.children[i] = node
            return
    into.children.append(node)


def _put_leaf(into: Node, leaf: Node) -> None:
    """Add a leaf; a single-valued keyword replaces its previous value."""
    if into.child(leaf.text) is not None:
        return
    key = words_of(leaf.text)[0]
    for i, c in enumerate(into.children):
        if key in SINGLE and not c.children and words_of(c.text)[0] == key:
            into.children[i] = leaf
            return
    into.children.append(leaf)


# ------------------------------------------------------------------------------ set / delete
Shape = tuple[int, int]  # (words naming the container, words of the leaf form); 0: not seen
Shapes = dict[tuple[str, ...], dict[str, Shape]]


def learn_shapes(root: Node) -> Shapes:
    """Per container (as a keyword path, and as its last keyword alone): each child keyword's
    word count and whether it is a container.

    The config a device already runs is the best schema the lab has: a `set` path is placed
    the way the same statement is already shaped elsewhere in the tree.
    """
    shapes: Shapes = {}

    def visit(node: Node, key: tuple[str, ...]) -> None:
        for where in (key, key[-1:]):
            kinds = shapes.setdefault(where, {})
            for c in node.children:
                words = words_of(c.text)
                box, leaf = kinds.get(words[0], (0, 0))
                seen = (box or len(words), leaf) if c.children else (box, leaf or len(words))
                kinds[words[0]] = seen
        for c in node.children:
            if c.children:
                visit(c, _child_key(node, key, c))

    visit(root, ("",))
    return shapes


def _child_key(parent: Node, key: tuple[str, ...], child: Node) -> tuple[str, ...]:
    """A container's place in the schema: named entries (interface names...) count as `*`."""
    named = parent.text in NAMED_CHILDREN
    return (*key, "*" if named else words_of(_strip_tags(child.text))[0])


def apply_set(root: Node, command: str, lineno: int = 0, shapes: Shapes | None = None) -> None:
    """One `set ...` or `delete ...` line (blank lines and `#` comments are skipped)."""
    words = words_of(command)
    if not words or words[0].startswith("#"):
        return
    verb, path = words[0], words[1:]
    if verb not in ("set", "delete") or not path:
        raise ConfigRejected("unknown command", command, lineno)
    try:
        descend(load_schema()[0], path)
    except UnknownStatement as err:
        raise ConfigRejected(f"syntax error: {err.word}", command, lineno) from None
    if verb == "set":
        _set_path(root, ("",), path, shapes or {})
    else:
        _delete_path(root, path)


def _match_container(node: Node, path: list[str]) -> tuple[Node, int] | None:
    """The child container whose words begin `path` (longest match), and how many it used."""
    best: tuple[Node, int] | None = None
    for c in node.children:
        w = words_of(c.text)
        fits = c.children and w == path[: len(w)] and len(w) < len(path)
        if fits and (best is None or len(w) > best[1]):
            best = (c, len(w))
    return best


def _set_path(node: Node, key: tuple[str, ...], path: list[str], shapes: Shapes) -> None:
    while (found := _match_container(node, path)) is not None:
        node, key, path = found[0], _child_key(node, key, found[0]), path[found[1] :]
    size = _container_size(node, key, path, shapes)
    if size >= len(path):
        _put_leaf(node, Node(" ".join(path)))
        return
    child = Node(" ".join(path[:size]))
    bare = node.child(child.text)
    if bare is not None:  # a bare leaf (`unit 0;`) grows into a container
        node.children.remove(bare)
    node.children.append(child)
    _set_path(child, _child_key(node, key, child), path[size:], shapes)


def _container_size(node: Node, key: tuple[str, ...], path: list[str], shapes: Shapes) -> int:
    """How many leading words of `path` name a new container under `node` (all: a leaf)."""
    exact = shapes.get(key, {})
    for known in (exact, shapes.get(key[-1:], {})):
        if path[0] in known:
            box, leaf = known[path[0]]
            return box if box and len(path) != leaf else len(path)
    if node.text == "":
        return len(path) if path[0] == "version" else 1
    if node.text in NAMED_CHILDREN or path[0] in CONTAINERS or _all_named(exact):
        return 1
    if path[0] in KEYED:
        return 1 + KEYED[path[0]]
    return len(path)


def _all_named(known: dict[str, Shape]) -> bool:
    """Children seen so far are all one-word containers (`radius-server { 192.0.2.1 {...} }`)."""
    return len(known) > 1 and all(box == 1 and not leaf for box, leaf in known.values())


def _delete_path(node: Node, path: list[str]) -> None:
    while (found := _match_container(node, path)) is not None:
        node, path = found[0], path[found[1] :]
    node.children = [c for c in node.children if words_of(c.text)[: len(path)] != path]


# ------------------------------------------------------------------------------ show | compare
def compare(old_text: str, new_text: str) -> str:
    """Junos `show | compare` text: `[edit a b]` headers, then `-`/`+` statements."""
    out: list[str] = []
    _compare(parse_braces(old_text), parse_braces(new_text), [], out)
    return "\n".join(out) + "\n" if out else "\n"


def _compare(old: Node, new: Node, path: list[str], out: list[str]) -> None:
    old_by = {c.text: c for c in old.children}
    new_by = {c.text: c for c in new.children}
    lines: list[str] = []
    for c in old.children:
        n = new_by.get(c.text)
        if n is None or bool(n.children) != bool(c.children):
            _signed(c, "-", 0, lines)
    for c in new.children:
        o = old_by.get(c.text)
        if o is None or bool(o.children) != bool(c.children):
            _signed(c, "+", 0, lines)
    if lines:
        out.append("[edit" + "".join(" " + p for p in path) + "]")
        out.extend(lines)
    for c in new.children:
        o = old_by.get(c.text)
        if o is not None and o.children and c.children:
            _compare(o, c, [*path, c.text], out)


def _signed(node: Node, sign: str, depth: int, out: list[str]) -> None:
    pad = f"{sign}  " + "    " * depth
    if not node.children:
        out.append(f"{pad}{node.text};")
        return
    out.append(f"{pad}{node.text} {{")
    for c in node.children:
        _signed(c, sign, depth + 1, out)
    out.append(f"{pad}}}")
