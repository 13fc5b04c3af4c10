"""Junos configs in either format a device prints: curly braces, or `display set` lines.

`detect_format` tells them apart by the first statement; the brace parser (strict) and the `set`
parser (`junos_set`) refuse what is neither, or both (a `set` line in a brace config, braces in a
`set` config), with the line that gave it away.

Brace syntax (Junos CLI User Guide, "Understanding the Junos OS configuration"): statements end
in `;` or open a `{ }` block; a quoted string is one word; `/* ... */` is an annotation of the
statement after it; `#` starts a comment running to the end of the line (`## Last commit: ...`,
`## SECRET-DATA` after a secret, `## Warning: ...`). A comment after a statement's `;` on the same
line belongs to that statement, any other to the statement after it (or the block it closes).
Tags (`inactive:`, `protect:`, `replace:`) before a statement's words become `Node.tags`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from bluewire.config.model import INACTIVE, NO_TAGS, PROTECT, REPLACE, ConfigSyntaxError, Node

SET_VERBS = frozenset({"set", "delete", "activate", "deactivate", "insert", "protect", "unprotect"})
TAG_WORDS = {f"{t}:": t for t in (INACTIVE, PROTECT, REPLACE)}
_TOKEN = re.compile(
    r'\n|"(?:\\.|[^"\\])*"|/\*.*?\*/|#[^\n]*|[{};]|[^\s{};"]+|"|/\*', re.S
)  # newline | string | annotation | comment | punctuation | word | unterminated string/annotation
_SPECIAL = frozenset("{};#")

Format = Literal["braces", "set"]


def detect_format(text: str) -> Format:
    """`set` when the first statement is a configuration-mode command, else `braces`."""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "/*", "*")):
            continue
        first = line.split(None, 1)[0]
        if first in SET_VERBS and not line.endswith(("{", ";")):
            return "set"
        return "braces"
    return "braces"


def parse_braces(text: str, *, tags: bool = False, strict: bool = False) -> Node:
    """Junos curly-brace text as a tree.

    `tags=False, strict=False` is the form the device lab reads its own stored text in: tags stay
    in the node text (its `load replace` reads `replace:` there) and stray braces are tolerated.
    The engine parses with both on, through `tree.parse`.
    """
    builder = _Builder(tags, strict)
    words = builder.words
    for tok in _TOKEN.findall(text):  # the hot loop: words and newlines inline
        first = tok[0]
        if first == "\n":
            builder.line += 1
            builder.fresh = True
        elif first in _SPECIAL or tok[:2] == "/*" or tok == '"':
            builder.special(tok)
        else:
            if not words:
                builder.word_line = builder.line
            words.append(tok)
            if first == '"':
                builder.line += tok.count("\n")
    return builder.finish()


def brace_tokens(text: str) -> Iterator[tuple[str, int]]:
    """The tokens of Junos brace text and their line numbers, comments and newlines left out:
    the device lab checks structure on these, so it tokenizes exactly as `parse_braces` does."""
    line = 1
    for tok in _TOKEN.findall(text):
        first = tok[0]
        if first == "\n":
            line += 1
            continue
        if first != "#" and tok[:2] != "/*" and tok != '"':
            yield tok, line
        line += tok.count("\n") if first in '"/' else 0


class _Builder:
    """The state of one brace parse; `special` takes every token but words and newlines."""

    __slots__ = (
        "fresh",
        "last",
        "line",
        "notes",
        "opened",
        "root",
        "stack",
        "strict",
        "tags",
        "word_line",
        "words",
    )

    def __init__(self, tags: bool, strict: bool) -> None:
        self.tags, self.strict = tags, strict
        self.root = Node("")
        self.stack = [self.root]
        self.opened: list[int] = []  # line of each open `{`
        self.words: list[str] = []
        self.notes: list[str] = []  # for the next statement
        self.word_line = 0
        self.line = 1
        self.fresh = True  # no statement ended on this line yet
        self.last: Node | None = None  # the statement the last `;`, `{` or `}` ended

    def special(self, tok: str) -> None:
        if tok[0] in "{;}":
            self._punct(tok)
            self.fresh = False
        elif tok in _UNTERMINATED_OPENERS:
            if self.strict:  # the lab's reading skips the stray character, as it always did
                raise ConfigSyntaxError(self.line, _UNTERMINATED_OPENERS[tok])
        else:
            self._comment(tok)
            self.line += tok.count("\n")

    def _comment(self, tok: str) -> None:
        last = self.last
        if last is not None and not self.words and not self.fresh:
            last.notes = (*last.notes, tok)
        elif last is None and not self.words and tok[0] == "#":
            self.root.notes = (*self.root.notes, tok)  # `## Last commit: ...` is the file's
        else:
            self.notes.append(tok)

    def _punct(self, tok: str) -> None:
        if tok == "}":
            self._close()
        elif self.words:
            node = self._statement()
            self.stack[-1].children.append(node)
            if tok == "{":
                self.stack.append(node)
                self.opened.append(node.line)
            self.last = node
        elif tok == "{":
            self._bare_open()

    def _statement(self) -> Node:
        words = self.words
        found = NO_TAGS
        if self.tags and words[0] in TAG_WORDS:
            found = frozenset(TAG_WORDS[w] for w in words if w in TAG_WORDS)
            while len(words) > 1 and words[0] in TAG_WORDS:
                del words[0]
        if self.strict and len(self.stack) == 1 and words[0] in SET_VERBS:
            raise ConfigSyntaxError(self.word_line, _MIXED_SET)
        node = Node(" ".join(words), self.word_line, [], found)
        words.clear()
        if self.notes:
            node.notes, self.notes = tuple(self.notes), []
        return node

    def _bare_open(self) -> None:
        if self.strict:
            raise ConfigSyntaxError(self.line, "'{' without a statement before it")
        node = Node("", self.line)  # tolerated for the lab, as before
        self.stack[-1].children.append(node)
        self.stack.append(node)
        self.opened.append(node.line)

    def _close(self) -> None:
        if self.words and self.strict:
            raise ConfigSyntaxError(self.word_line, "statement not terminated before '}'")
        self.words.clear()
        if len(self.stack) == 1:
            if self.strict:
                raise ConfigSyntaxError(self.line, "'}' without a matching '{'")
            return
        closed = self.stack.pop()
        self.opened.pop()
        if self.notes:
            closed.notes, self.notes = (*closed.notes, *self.notes), []
        self.last = closed

    def finish(self) -> Node:
        if self.words:
            if not self.strict:
                return self.root
            reason = _MIXED_SET if self.words[0] in SET_VERBS else _UNTERMINATED
            raise ConfigSyntaxError(self.word_line, reason)
        if self.strict and self.opened:
            raise ConfigSyntaxError(self.opened[-1], "'{' is never closed with '}'")
        if self.notes:
            self.root.notes = (*self.root.notes, *self.notes)
        return self.root


_UNTERMINATED_OPENERS = {'"': "unterminated quoted string", "/*": "unterminated /* comment"}
_MIXED_SET = "a `set` command in a brace-format Junos config (mixed formats)"
_UNTERMINATED = "statement not terminated with ';' or '{' (not a Junos config, or a truncated one)"
