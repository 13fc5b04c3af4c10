"""Rows of the bad-input table (tests/cli/test_bad_inputs.py): what a new user or an attacker
might feed bluewire, and the answer the CLI contract promises for it.

A row edits a copy of the example network, runs one command in-process and states the exit
code, the file the message must point at and a phrase it must hold. In an edit's text, the
marker `#!` names the line the message must point at (`file:LINE`), so the table checks the
exact line, not only the file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Edit = Callable[[Path], None]
MARK = "#!"
HOSTS = "inventory/hosts.yaml"
GROUPS = "inventory/groups.yaml"
DEFAULTS = "inventory/defaults.yaml"
POLICY = "inventory/policy/compliance.yaml"


@dataclass(frozen=True)
class Case:
    """One bad input and the promised answer."""

    id: str
    edits: tuple[Edit, ...] = ()
    argv: tuple[str, ...] = ("check",)
    code: int = 1
    where: str = ""  # the file the message points at (with a `#!` mark: at that line)
    says: str = ""  # a phrase the message holds (case-insensitive)
    env: dict[str, str] = field(default_factory=dict)
    max_s: float = 30.0  # a bad input fails fast
    absent: tuple[str, ...] = ()  # files (relative to the project) that must not exist after


def write(rel: str, content: str | bytes) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return edit


def append(rel: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def replace(rel: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{rel} has no {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def rewrite(rel: str, change: Callable[[bytes], bytes]) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        path.write_bytes(change(path.read_bytes()))

    return edit


def remove(rel: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        if path.is_dir():
            path.rmdir()
        else:
            path.unlink()

    return edit


def pipe(rel: str) -> Edit:
    """`rel` (replaced if it exists) as a named pipe nobody writes to: reading it waits forever."""

    def edit(root: Path) -> None:
        path = root / rel
        path.unlink(missing_ok=True)
        os.mkfifo(path)

    return edit


def link(rel: str, target: str) -> tuple[Edit, ...]:
    """`rel` replaced by a symbolic link to `target` (`{root}` is the project)."""

    def edit(root: Path) -> None:
        (root / rel).symlink_to(target.replace("{root}", str(root)))

    return (remove(rel), edit)


def host(name: str, body: str = "", groups: str = "ios, site-hq, role-access") -> str:
    """A host entry to append to hosts.yaml (a fresh management address, in the HQ groups)."""
    head = f"\n{name}:\n  hostname: 10.99.0.1\n  groups: [{groups}]\n"
    return head + (body or "  data: {model: C9300-48P}\n")


def marked_line(root: Path, rel: str) -> int | None:
    """The line of the `#!` mark in a file, if an edit put one there."""
    path = root / rel
    if not path.is_file():
        return None
    for number, line in enumerate(path.read_bytes().split(b"\n"), 1):
        if MARK.encode() in line:
            return number
    return None
