"""A Nornir inventory plugin that serves bluewire's validated, cached inventory.

`InitNornir(inventory={"plugin": "BluewireInventory", "options": {"project_dir": "."}})`
gives Nornir the same hosts `bluewire` sees, with group data already resolved into each host.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nornir.core.inventory import (
    ConnectionOptions,
    Defaults,
    Group,
    Groups,
    Host,
    Hosts,
    Inventory,
    ParentGroups,
)

from bluewire.inventory.load import load_inventory
from bluewire.inventory.model import Inventory as BluewireInv
from bluewire.platforms import profile
from bluewire.project import find_project_root


def _connection_options(raw: dict[str, Any]) -> dict[str, ConnectionOptions]:
    return {
        name: ConnectionOptions(
            hostname=opts.get("hostname"),
            port=opts.get("port"),
            username=opts.get("username"),
            password=opts.get("password"),
            platform=opts.get("platform"),
            extras=opts.get("extras"),
        )
        for name, opts in raw.items()
    }


def to_nornir_inventory(
    inv: BluewireInv, names: Iterable[str] | None = None, password: str | None = None
) -> Inventory:
    """bluewire's validated inventory as Nornir objects (only `names`, when given)."""
    groups = Groups()
    for name, raw in inv.groups.items():
        groups[name] = Group(
            name=name,
            platform=raw.get("platform"),
            port=raw.get("port"),
            connection_options=_connection_options(raw.get("connection_options") or {}),
        )
    for name, raw in inv.groups.items():
        groups[name].groups = ParentGroups(groups[g] for g in raw.get("groups") or [])
    hosts = Hosts()
    for name in inv.hosts if names is None else names:
        host = inv.hosts[name]
        hosts[name] = Host(
            name=name,
            hostname=host.hostname,
            username=host.username,
            password=password,
            platform=host.platform,
            port=host.port,
            groups=ParentGroups(groups[g] for g in host.groups),
            data=dict(host.data),
            connection_options=_with_napalm_driver(
                _connection_options(host.connection_options), host.platform
            ),
        )
    return Inventory(hosts=hosts, groups=groups, defaults=Defaults())


def _with_napalm_driver(
    options: dict[str, ConnectionOptions], platform: str
) -> dict[str, ConnectionOptions]:
    """NAPALM reaches a host through its platform's driver (bluewire.platforms), which may be
    named otherwise (`dellos10` -> `bluewire_dellos10`); group extras still apply."""
    napalm = options.setdefault("napalm", ConnectionOptions())
    if napalm.platform is None:
        napalm.platform = profile(platform).napalm_driver
    return options


class BluewireInventory:
    def __init__(self, project_dir: str | None = None, password: str | None = None) -> None:
        self.project = find_project_root(Path(project_dir) if project_dir else None)
        self.password = password

    def load(self) -> Inventory:
        return to_nornir_inventory(load_inventory(self.project), password=self.password)
