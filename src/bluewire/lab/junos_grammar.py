"""The Junos config language for the lab: curly-brace text, `set`/`delete` lines, `show | compare`.

Junos has a schema; the lab does not, so it validates what a push can get wrong in practice
(unbalanced braces, an unterminated statement, an unknown top-level stanza, a `set` path outside
any stanza) and places new `set` paths with a few structural rules (`unit 0`, `family inet`,
`interfaces <name>`) so that the result renders as the device would show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bluewire.config.tree import _COMMENT_LINE, _TOKEN, Node, parse_braces, render_braces
from bluewire.lab.device import ConfigRejected


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TOP_LEVEL = _words(
    """version groups apply-groups system chassis services security interfaces snmp
    routing-options protocols policy-options firewall routing-instances class-of-service
    applications forwarding-options vlans access access-profile event-options multi-chassis
    poe switch-options bridge-domains logical-systems tenants virtual-chassis
    ethernet-switching-options schedulers session-limit-group dynamic-profiles jsrc smtp rtsp"""
)
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


def check_braces(text: str) -> Node:
    """Parse curly-brace text, rejecting what `load` rejects (structure, top-level stanzas)."""
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
    for node in root.children:
        first = words_of(_strip_tags(node.text))[0]
        if first not in TOP_LEVEL:
            raise ConfigRejected("syntax error", first, node.line)
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
    if path[0] not in TOP_LEVEL:
        raise ConfigRejected(f"syntax error: {path[0]}", command, lineno)
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
