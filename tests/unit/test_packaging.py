"""Packages are found, not listed: every package under src/ ships, and tasks/ as bluewire.tasks."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from setuptools.discovery import PEP420PackageFinder

REPO = Path(__file__).resolve().parents[2]


def _setuptools() -> dict[str, Any]:
    config: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text())
    return dict(config["tool"]["setuptools"])


def found_packages() -> set[str]:
    """What setuptools' own finder discovers with pyproject's settings (as a wheel build does)."""
    find = _setuptools()["packages"]["find"]
    found: set[str] = set()
    for where in find["where"]:
        found |= set(
            PEP420PackageFinder.find(
                str(REPO / where), include=find["include"], exclude=find["exclude"]
            )
        )
    return found


def test_every_package_under_src_is_found() -> None:
    found = found_packages()
    for init in (REPO / "src").rglob("__init__.py"):
        if "__pycache__" in init.parts:
            continue
        package = ".".join(init.parent.relative_to(REPO / "src").parts)
        assert package in found, f"{package} would be left out of the wheel"


def test_tasks_ship_as_bluewire_tasks_and_the_driver_under_its_napalm_name() -> None:
    found = found_packages()
    assert {"bluewire.tasks", "napalm_bluewire_dellos10"} <= found
    # Dell's PyPI package napalm-dellos10 owns that import name: shipping it would break one of two.
    assert "napalm_dellos10" not in found
    assert not {p for p in found if p == "tasks" or p.endswith("__pycache__")}
    package_dir = _setuptools()["package-dir"]
    assert package_dir["bluewire.tasks"] == "tasks"


def test_the_tasks_link_points_at_tasks() -> None:
    """mypy and editable installs see bluewire.tasks through this link (see ARCHITECTURE.md)."""
    link = REPO / "src" / "bluewire" / "tasks"
    assert link.is_symlink(), "src/bluewire/tasks must link to ../../tasks (git core.symlinks)"
    assert link.resolve() == (REPO / "tasks").resolve()
