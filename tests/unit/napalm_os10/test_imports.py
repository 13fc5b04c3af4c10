"""The OS10 driver uses bluewire's public engine API only (ARCHITECTURE.md, "The OS10 NAPALM
driver"): the diff engine and the config parser, never a private name or an outer layer."""

from __future__ import annotations

import ast
from pathlib import Path

import napalm_bluewire_dellos10

PACKAGE = Path(napalm_bluewire_dellos10.__file__).parent
ALLOWED = {"bluewire.diff", "bluewire.config.tree"}


def bluewire_imports() -> dict[str, set[str]]:
    """{module imported: names taken from it} for every bluewire import in the driver."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bluewire"):
                names = {a.name for a in node.names}
                if node.module == "bluewire":  # `from bluewire import diff`
                    for name in names:
                        found.setdefault(f"bluewire.{name}", set())
                    continue
                found.setdefault(str(node.module), set()).update(names)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("bluewire"):
                        found.setdefault(alias.name, set())
    return found


def test_the_driver_imports_only_the_engine_and_the_parser() -> None:
    found = bluewire_imports()
    assert "bluewire.diff" in found  # the one diff engine
    assert set(found) <= ALLOWED | {"bluewire.config"}
    assert not [n for names in found.values() for n in names if n.startswith("_")]
