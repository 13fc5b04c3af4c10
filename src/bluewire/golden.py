"""Compare freshly rendered configs with the committed golden_configs/ folder."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from bluewire.project import Project
from bluewire.report.model import Finding, Kind


def unified(old: str, new: str, old_name: str, new_name: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name, n=2
    )
    return "".join(lines)


def compare_golden(
    project: Project, rendered: dict[str, str], inventory_hosts: set[str] | None
) -> list[Finding]:
    """Stale, missing and orphaned golden configs, with diffs.

    Orphans are looked for only when `inventory_hosts` (every host of the inventory) is given,
    so a `--limit` run never calls the other hosts' files orphaned.
    """
    findings: list[Finding] = []
    for host, config in sorted(rendered.items()):
        path = project.golden_path(host)
        shown = project.relative(path)
        if not path.is_file():
            findings.append(
                Finding(
                    host,
                    Kind.MISSING,
                    f"{shown} is missing",
                    unified("", config, "/dev/null", shown),
                )
            )
            continue
        current = path.read_text(encoding="utf-8")
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
        for path in sorted(_golden_files(project)):
            if path.stem not in inventory_hosts:
                shown = project.relative(path)
                findings.append(
                    Finding(
                        path.stem,
                        Kind.ORPHANED,
                        f"{shown} has no host in the inventory",
                        unified(path.read_text(encoding="utf-8"), "", shown, "/dev/null"),
                    )
                )
    return findings


def _golden_files(project: Project) -> Iterable[Path]:
    return project.golden_dir.glob("*.cfg") if project.golden_dir.is_dir() else []


def write_golden(
    project: Project, rendered: dict[str, str], inventory_hosts: set[str] | None
) -> list[str]:
    """Write changed configs (and delete orphans when every host was rendered); the paths touched."""
    project.golden_dir.mkdir(parents=True, exist_ok=True)
    touched: list[str] = []
    for host, config in sorted(rendered.items()):
        path = project.golden_path(host)
        if not path.is_file() or path.read_text(encoding="utf-8") != config:
            path.write_text(config, encoding="utf-8")
            touched.append(project.relative(path))
    if inventory_hosts is not None:
        for path in sorted(_golden_files(project)):
            if path.stem not in inventory_hosts:
                path.unlink()
                touched.append(project.relative(path))
    return touched
