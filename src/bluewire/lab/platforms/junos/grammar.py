"""The Junos config language for the lab: curly-brace text, `set` lines, `show | compare`.

What is valid where is data (`schema.yaml`, checked by schema.py), so a typo anywhere the schema
covers (`system { hostnme fw1; }`, `set interfaces ge-0/0/0 unit 0 family inte ...`) is refused
with `syntax error` as on the box, as are unbalanced braces and unterminated statements.

`load set` is bluewire's one `set` reader (`bluewire.config.junos_set`): the candidate is read as
the `display set` lines the device would print, the new commands are applied after them
(`set`, `delete`, `activate`, `deactivate`, `protect`, `unprotect`, `insert`), and the result is
shaped by the same table the parser uses, so a pushed statement looks as the device shows it
(`then accept;`, `authentication-order [ radius password ];`). `inactive:` and `protect:` tags
are kept in the stored text, as Junos shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bluewire.config.junos import SET_VERBS, TAG_WORDS, detect_format
from bluewire.config.junos_set import display_set, parse_set_lines, words_of
from bluewire.config.model import ConfigSyntaxError
from bluewire.config.tree import Node, parse_braces, render_braces
from bluewire.lab.device import ConfigRejected
from bluewire.lab.platforms.junos.schema import (
    SINGLE,
    UnknownStatement,
    check_braces,
    descend,
    load_schema,
    strip_tags,
)
from bluewire.lab.platforms.junos.schema import words_of as statement_words

# What a captured `show configuration` prints around the config: the CLI's status line of a
# virtual chassis or cluster member (`{master:0}`, `{primary:node0}`), not config.
_CAPTURE = re.compile(
    r"^\{(?:master|backup|linecard|primary|secondary|hold|ineligible)(?::[\w-]+)?\}[ \t]*$", re.M
)
MERGE_TAGS = ("replace:", "delete:")  # meaningful while loading only; never stored
_NOT_WORDS = frozenset({"{", "}", ";", "delete:", *TAG_WORDS})


@dataclass(frozen=True)
class JunosGrammar:
    """Junos `load override|merge|replace|set` semantics on brace text (the `Grammar` protocol)."""

    def replace(self, current: str, new_text: str) -> str:
        new_text = _CAPTURE.sub("", new_text)
        if detect_format(new_text) == "set":  # a `display set` backup boots as `load set`
            return self.merge("", new_text.splitlines())
        return render_braces(_clean(check_braces(new_text)))

    def merge(self, current: str, commands: list[str]) -> str:
        if any("{" in c for c in commands):
            root = parse_braces(current)
            merge_tree(root, check_braces("\n".join(commands)))
            return render_braces(root)
        return load_set(current, commands)


def _clean(root: Node) -> Node:
    """Drop the load-only tags (`replace:`, `delete:`); `inactive:`/`protect:` stay."""
    for _, node in root.walk():
        while node.text.startswith(MERGE_TAGS):
            node.text = node.text.split(" ", 1)[1]
    return root


def _bare(text: str) -> str:
    """A statement's words without any tag."""
    while (stripped := strip_tags(text)) != text:
        text = stripped
    return text


# ------------------------------------------------------------------------------ curly-brace merge
def merge_tree(into: Node, new: Node) -> None:
    """`load merge`/`load replace`: add `new`, honouring `replace:` and `delete:` tags."""
    for node in new.children:
        text = _bare(node.text)
        existing = next((c for c in into.children if _bare(c.text) == text), None)
        if node.text.startswith("delete: "):
            into.children = [c for c in into.children if _bare(c.text) != text]
        elif node.text.startswith("replace: ") or existing is None:
            fresh = _clean(Node("", children=[node])).children[0]
            _put_leaf(into, fresh) if not fresh.children else _put(into, fresh)
        elif node.children:
            merge_tree(existing, node)


def _put(into: Node, node: Node) -> None:
    for i, c in enumerate(into.children):
        if _bare(c.text) == _bare(node.text):
            into.children[i] = node
            return
    into.children.append(node)


def _put_leaf(into: Node, leaf: Node) -> None:
    """Add a leaf; a single-valued keyword replaces its previous value."""
    if any(_bare(c.text) == _bare(leaf.text) for c in into.children):
        return
    key = statement_words(_bare(leaf.text))[0]
    for i, c in enumerate(into.children):
        if key in SINGLE and not c.children and statement_words(_bare(c.text))[0] == key:
            into.children[i] = leaf
            return
    into.children.append(leaf)


# ------------------------------------------------------------------------------ load set
def load_set(current: str, commands: list[str]) -> str:
    """`load set`: `commands` applied to `current` as the device applies them."""
    for lineno, command in enumerate(commands, 1):
        check_command(command, lineno)
    base = display_set(parse_braces(current, tags=True))
    try:
        root = parse_set_lines([*base, *commands])
    except ConfigSyntaxError as err:
        lineno = err.line - len(base)
        raise ConfigRejected(err.reason, commands[lineno - 1], lineno) from None
    return render_braces(root)


def _punctuation(word: str) -> bool:
    """Brace syntax, a comment or a tag where a `set` path needs words."""
    return word in _NOT_WORDS or word.startswith("/*")


def check_command(command: str, lineno: int) -> None:
    """Refuse an unknown verb or a path the schema does not accept, as `load set` does."""
    try:
        words = words_of(command, lineno)[0]
    except ConfigSyntaxError as err:
        raise ConfigRejected(err.reason, command, lineno) from None
    if not words:
        return
    verb, path = words[0], words[1:]
    if verb not in SET_VERBS or not path:
        raise ConfigRejected("unknown command", command, lineno)
    bad = next((w for w in path if _punctuation(w)), None)
    if bad is not None or path[0] == "[" or path.count("[") != path.count("]"):
        raise ConfigRejected(f"syntax error: {bad or '['}", command, lineno)
    if verb == "insert":
        ends = [i for i, w in enumerate(path) if w in ("before", "after")]
        path = path[: ends[-1]] if ends else path
    try:
        descend(load_schema()[0], path)
    except UnknownStatement as err:
        raise ConfigRejected(f"syntax error: {err.word}", command, lineno) from None


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
