"""The one object that knows where a bluewire project's data folders are."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bluewire.errors import ProjectError

MARKERS = ("inventory/hosts.yaml",)


@dataclass(frozen=True)
class Project:
    """A bluewire repository: inventory, templates, golden configs and policy."""

    root: Path

    @property
    def inventory_dir(self) -> Path:
        return self.root / "inventory"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def golden_dir(self) -> Path:
        return self.root / "golden_configs"

    @property
    def playbooks_dir(self) -> Path:
        return self.root / "playbooks"

    @property
    def compliance_policy(self) -> Path:
        """Site compliance policy: profile choice, parameter overrides, waivers."""
        return self.inventory_dir / "policy" / "compliance.yaml"

    @property
    def software_policy(self) -> Path:
        """Approved OS versions per platform and model (drift's software compliance)."""
        return self.inventory_dir / "policy" / "software.yaml"

    @property
    def change_policy(self) -> Path:
        """Change approval policy for apply/restore: change-id pattern, windows, emergencies."""
        return self.inventory_dir / "policy" / "change.yaml"

    @property
    def state_dir(self) -> Path:
        """Local, git-ignored state: caches, lab state files."""
        return self.root / ".bluewire"

    def relative(self, path: Path | str) -> str:
        """A path as shown to users: relative to the root when inside it."""
        p = Path(path)
        try:
            return str(p.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(p)

    def golden_path(self, host: str) -> Path:
        return self.golden_dir / f"{host}.cfg"


def find_project_root(start: Path | None = None) -> Project:
    """Walk up from `start` (or $BLUEWIRE_PROJECT, or the cwd) to the folder holding inventory/."""
    env = os.environ.get("BLUEWIRE_PROJECT")
    origin = (start or (Path(env) if env else Path.cwd())).resolve()
    for folder in (origin, *origin.parents):
        if any((folder / m).is_file() for m in MARKERS):
            return Project(folder)
    raise ProjectError(
        f"{origin}: not inside a bluewire project (no inventory/hosts.yaml here or above); "
        "run from the repository or set BLUEWIRE_PROJECT"
    )
