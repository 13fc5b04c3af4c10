"""The strongest plain-Nornir inventory a competent engineer would write: SimpleInventory, but the
YAML read by PyYAML's C loader (libyaml) instead of ruamel's pure-Python one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ruamel.yaml
import yaml
from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.inventory import Inventory
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.core.plugins.inventory import InventoryPluginRegister
from nornir.core.plugins.runners import RunnersPluginRegister
from nornir.plugins.inventory import simple


class _CYaml:
    """What SimpleInventory.load asks of `ruamel.yaml.YAML(typ="safe")`, done by libyaml."""

    def __init__(self, typ: str = "safe") -> None:
        self.typ = typ

    def load(self, stream: Any) -> Any:
        return yaml.load(stream, Loader=yaml.CSafeLoader)


class CSimpleInventory(simple.SimpleInventory):
    """SimpleInventory with the C loader; everything else (hosts, groups, defaults) unchanged."""

    def load(self) -> Inventory:
        real = ruamel.yaml.YAML
        setattr(ruamel.yaml, "YAML", _CYaml)  # noqa: B010 - the name SimpleInventory.load reads
        try:
            return super().load()
        finally:
            setattr(ruamel.yaml, "YAML", real)  # noqa: B010


InventoryPluginRegister.register("CSimpleInventory", CSimpleInventory)


def preload() -> None:
    """Import every plugin InitNornir would import (entry points: napalm, netmiko...) now, so
    a timed InitNornir pays for loading the inventory, not for imports."""
    InventoryPluginRegister.auto_register()
    RunnersPluginRegister.auto_register()
    ConnectionPluginRegister.auto_register()


def init_nornir(folder: Path, *, c_loader: bool = True, workers: int = 20) -> Nornir:
    inv = folder / "inventory"
    return InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": workers}},
        inventory={
            "plugin": "CSimpleInventory" if c_loader else "SimpleInventory",
            "options": {
                "host_file": str(inv / "hosts.yaml"),
                "group_file": str(inv / "groups.yaml"),
                "defaults_file": str(inv / "defaults.yaml"),
            },
        },
        logging={"enabled": False},
    )
