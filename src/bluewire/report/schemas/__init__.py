"""JSON Schemas of bluewire's JSON outputs, shipped in the package (draft 2020-12).

`envelope` is what every JSON output carries (format_version, command, exit_code); `check`
(also `render`), `plan` and `compliance` describe those commands' `--format json` output.
Tools reading bluewire's JSON can validate against them: `bluewire.report.schemas.load("plan")`.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

NAMES = ("envelope", "check", "plan", "compliance")


def load(name: str) -> dict[str, Any]:
    """The schema `name` (one of NAMES) as a dict."""
    text = resources.files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
