"""The project's playbooks: `playbooks/NAME.yml`, each described by its header comment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bluewire.errors import BluewireError
from bluewire.project import Project


@dataclass(frozen=True)
class PlaybookInfo:
    name: str
    path: Path
    description: str  # the header comment's first paragraph


def describe(path: Path) -> str:
    """The leading `#` comment block up to its first blank comment line, as one line of text."""
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("---") and not words:
            continue
        if not line.startswith("#"):
            break
        text = line.lstrip("#").strip()
        if not text:
            if words:
                break
            continue
        words.append(text)
    return " ".join(words)


def catalog(project: Project) -> list[PlaybookInfo]:
    folder = project.playbooks_dir
    paths = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    return [PlaybookInfo(p.stem, p, describe(p)) for p in paths]


def find_playbook(project: Project, name: str) -> PlaybookInfo:
    """The playbook called `name` (with or without `.yml`); an unknown name lists the known ones."""
    stem = name.removesuffix(".yml")
    known = catalog(project)
    for info in known:
        if info.name == stem:
            return info
    names = ", ".join(i.name for i in known) or "none"
    raise BluewireError(
        f"no playbook {stem!r} in {project.relative(project.playbooks_dir)}/ (known: {names})"
    )
