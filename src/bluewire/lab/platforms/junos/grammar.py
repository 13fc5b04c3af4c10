"""The Junos config language for the lab: curly-brace text, `set`/`delete` lines, `show | compare`.

What is valid where is data (`schema.yaml`, checked by schema.py), so a typo anywhere the schema
covers (`system { hostnme fw1; }`, `set interfaces ge-0/0/0 unit 0 family inte ...`) is refused
with `syntax error` as on the box, as are unbalanced braces and unterminated statements. New `set`
paths are placed with a few structural rules (`unit 0`, `family inet`, `interfaces <name>`, the
keyword tables in schema.yaml) so that the result renders as the device would show it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bluewire.config.tree import Node, parse_braces, render_braces
from bluewire.lab.device import ConfigRejected
from bluewire.lab.platforms.junos.schema import (
    CONTAINERS,
    KEYED,
    NAMED_CHILDREN,
    SINGLE,
    UnknownStatement,
    check_braces,
    descend,
    load_schema,
    strip_tags,
    words_of,
)


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
        node.text = strip_tags(node.text)
    return root


# ------------------------------------------------------------------------------ curly-brace merge
def merge_tree(into: Node, new: Node) -> None:
    """`load merge`/`load replace`: add `new`, honouring `replace:` and `delete:` tags."""
    for node in new.children:
        text = strip_tags(node.text)
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
    return (*key, "*" if named else words_of(strip_tags(child.text))[0])


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
