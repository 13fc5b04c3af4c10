"""Compare freshly rendered configs with the committed golden_configs/ folder."""

from __future__ import annotations

import difflib
import os
from collections.abc import Collection, Mapping
from pathlib import Path

from bluewire.errors import ProjectError
from bluewire.project import Project
from bluewire.report.model import Finding, Kind


def unified(old: str, new: str, old_name: str, new_name: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name, n=2
    )
    return "".join(lines)


def compare_golden(
    project: Project,
    rendered: Mapping[str, str],
    inventory_hosts: set[str] | None,
    unchanged: Collection[str] = (),
) -> list[Finding]:
    """Stale, missing and orphaned golden configs, with diffs.

    Orphans are looked for only when `inventory_hosts` (every host of the inventory) is given,
    so a `--limit` run never calls the other hosts' files orphaned. Hosts in `unchanged` are known
    to match their golden file (the render cache saw it unchanged) and are not read.
    """
    findings: list[Finding] = []
    _check_folder(project)
    for host in sorted(rendered):
        if host in unchanged:
            continue
        config = rendered[host]
        path = project.golden_path(host)
        shown = project.relative(path)
        if not path.exists():
            findings.append(
                Finding(
                    host,
                    Kind.MISSING,
                    f"{shown} is missing",
                    unified("", config, "/dev/null", shown),
                )
            )
            continue
        current = read_golden(project, path)
        if current != config:
            findings.append(
                Finding(
                    host,
                    Kind.STALE,
                    f"{shown} is out of date",
                    unified(current, config, shown, f"{shown} (rendered)"),
                )
            )
    if inventory_hosts is not None:
        for path in _orphans(project, inventory_hosts):
            shown = project.relative(path)
            # One line: printing the whole file being deleted tells the reader nothing.
            findings.append(
                Finding(path.stem, Kind.ORPHANED, f"{shown} has no host in the inventory")
            )
    return findings


def read_golden(project: Project, path: Path) -> str:
    """A golden config's text. Anything else there (binary bytes, a folder, a pipe) is bad
    input located at `file:line`: it made `check` and `render` crash."""
    shown = project.relative(path)
    try:
        return project.read_text(path)
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise ProjectError(
            f"{shown}:{line}: not UTF-8 text (byte 0x{exc.object[exc.start]:02X}); "
            "a golden config is text: `bluewire render` writes it again"
        ) from None
    except OSError as exc:
        raise ProjectError(f"{shown}: cannot read: {exc.strerror}") from None


def _check_folder(project: Project) -> None:
    folder = project.inside(project.golden_dir)
    if folder.exists() and not folder.is_dir():
        raise ProjectError(f"{project.relative(folder)}: is a file; golden configs need a folder")


def _orphans(project: Project, inventory_hosts: set[str] | None) -> list[Path]:
    """The golden config files of no host in `inventory_hosts` (None: none is an orphan), sorted;
    a symlink among any of the files (or as the folder) is refused.

    The folder is checked once and its entries by their directory entry type (no further
    system call per file, no path object but for an orphan: 10,000 golden configs are listed
    in milliseconds).
    """
    folder = project.inside(project.golden_dir)
    if not folder.is_dir():
        return []
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".cfg"):
                if entry.is_symlink():
                    project.inside(folder / entry.name)  # refuses it, naming the link
                if inventory_hosts is not None and entry.name[:-4] not in inventory_hosts:
                    found.append(folder / entry.name)
    return sorted(found)


def write_golden(
    project: Project,
    rendered: Mapping[str, str],
    inventory_hosts: set[str] | None,
    unchanged: Collection[str] = (),
) -> list[str]:
    """Write changed configs (and delete orphans when every host was rendered); the paths touched.

    Every path is checked before anything is written, so a refused path writes nothing at all.
    Hosts in `unchanged` already match their golden file.
    """
    _check_folder(project)
    paths = {host: project.golden_path(host) for host in sorted(rendered) if host not in unchanged}
    current = {host: _current(project, path) for host, path in paths.items()}
    orphans = _orphans(project, inventory_hosts)
    project.inside(project.golden_dir).mkdir(parents=True, exist_ok=True)
    touched: list[str] = []
    for host, path in paths.items():
        if current[host] != rendered[host]:
            project.write_text(path, rendered[host])
            touched.append(project.relative(path))
    for path in orphans:
        path.unlink()
        touched.append(project.relative(path))
    return touched


def _current(project: Project, path: Path) -> str | None:
    """What a golden config holds now, None when absent or not text (render replaces it)."""
    if not path.exists():
        return None
    try:
        return read_golden(project, path)
    except ProjectError:
        if path.is_file():
            return None  # a regular file of garbage: rendering it again is the fix
        raise
