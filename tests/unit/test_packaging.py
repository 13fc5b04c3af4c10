"""pyproject lists packages explicitly (tasks/ lives outside src/); keep that list complete."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_package_is_listed() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    for init in (REPO / "src").rglob("__init__.py"):
        package = ".".join(init.parent.relative_to(REPO / "src").parts)
        assert package in listed, f"{package} is missing from [tool.setuptools] packages"
    assert "bluewire.tasks" in listed
