"""Imports point down the layers (ARCHITECTURE.md): CLI -> runs -> tasks -> device / engine.

Read from the source with `ast`, so a forbidden import fails here even inside a function body
or under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "bluewire"
# The packages only the outer layers may import.
OUTER = {"cli", "runs", "tasks", "lab"}
# Who may import each outer package (besides itself).
ALLOWED: dict[str, set[str]] = {
    "cli": {"__main__"},  # `python -m bluewire` is the console script's twin
    "runs": {"cli"},
    "tasks": {"runs"},
    "lab": {"cli", "runs", "interop"},  # interop: the plugin's `lab` option for users' scripts
}


def _room(path: Path) -> str:
    """The first-level package or module a file belongs to (`tasks` for tasks/)."""
    if path.is_relative_to(REPO / "tasks"):
        return "tasks"
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def _imports(source: str) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "bluewire":
                yield from ((node.lineno, f"bluewire.{a.name}") for a in node.names)
            else:
                yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names)


def _sources() -> list[Path]:
    files = [p for p in SRC.rglob("*.py") if "tasks" not in p.relative_to(SRC).parts[:1]]
    return files + sorted((REPO / "tasks").glob("*.py"))


def violations(room: str, source: str, where: str) -> list[str]:
    """`where:line: room imports module` for every import of an outer layer `room` may not use."""
    found = []
    for line, module in _imports(source):
        parts = module.split(".")
        if parts[0] != "bluewire" or len(parts) < 2:
            continue
        target = parts[1]
        if target in OUTER and target != room and room not in ALLOWED[target]:
            found.append(f"{where}:{line}: {room} imports {module}")
    return found


def test_imports_point_down_the_layers() -> None:
    found = [
        v
        for path in _sources()
        for v in violations(_room(path), path.read_text(encoding="utf-8"), str(path))
    ]
    assert found == []
    assert len(_sources()) > 50  # the walk saw the tree


@pytest.mark.parametrize(
    ("room", "module"),
    [
        ("runs", "bluewire.cli.output"),
        ("plan", "bluewire.runs.plan"),
        ("diff", "bluewire.lab.fleet"),
        ("device", "bluewire.lab.state"),
        ("cli", "bluewire.tasks.plan"),
        ("compliance", "bluewire.tasks.fetch"),
    ],
)
def test_an_upward_import_is_reported(room: str, module: str) -> None:
    """The checker itself: a planted upward import is found, in either import form."""
    package, _, name = module.rpartition(".")
    for source in (f"import {module}\n", f"def f():\n    from {package} import {name}\n"):
        assert len(violations(room, source, "probe.py")) == 1, source


def test_allowed_imports_are_not_reported() -> None:
    source = "from bluewire.runs.plan import run_plan\nfrom bluewire.plan.model import Plan\n"
    assert violations("cli", source, "x.py") == []
    assert violations("runs", "from bluewire.tasks.plan import plan_host\n", "x.py") == []
