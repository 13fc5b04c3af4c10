"""`BluewireInventory`: bluewire's validated inventory as a Nornir inventory plugin.

    from nornir import InitNornir
    nr = InitNornir(inventory={"plugin": "BluewireInventory",
                               "options": {"project_dir": ".", "lab": True}})

Hosts carry their fully resolved data (bluewire merges mappings all the way down, so
`host["mgmt"]["networks"]` is the value bluewire renders with); groups and defaults keep their
own `data` too, as in a SimpleInventory. Hosts without a `role` load (bluewire only needs it to
pick a template). `lab: True` points every host at the running device lab (`bluewire lab up`):
address, port, lab credentials, and the NAPALM options each platform needs (IOS enable secret,
EOS eAPI transport), exactly as `bluewire --lab` connects. A bad inventory raises
`InventoryError` whose message lists every problem as `file:line: what is wrong`.
"""

from __future__ import annotations

from pathlib import Path

from nornir.core.inventory import Inventory

from bluewire.device.connect import point_at
from bluewire.errors import InventoryError
from bluewire.inventory.load import load_inventory
from bluewire.inventory.model import Inventory as BluewireInv
from bluewire.inventory.nornir_plugin import to_nornir_inventory
from bluewire.lab.state import require_state
from bluewire.project import Project, find_project_root


class BluewireInventory:
    """The Nornir inventory plugin (entry point `nornir.plugins.inventory`)."""

    def __init__(
        self, project_dir: str | None = None, password: str | None = None, lab: bool = False
    ) -> None:
        self.project = find_project_root(Path(project_dir) if project_dir else None)
        self.password = password
        self.lab = lab

    def load(self) -> Inventory:
        inventory = _load(self.project)
        nornir_inventory = to_nornir_inventory(inventory, password=self.password)
        if self.lab:
            endpoints = require_state(self.project).endpoints
            for host in nornir_inventory.hosts.values():
                if host.name in endpoints:
                    point_at(host, endpoints[host.name])
        return nornir_inventory


def _load(project: Project) -> BluewireInv:
    """The inventory; its problems in the exception's message, not only in an attribute."""
    try:
        return load_inventory(project)
    except InventoryError as exc:
        lines = "\n".join(f"  {line}" for line in exc.lines())
        raise InventoryError(f"{exc}:\n{lines}", exc.problems) from None
