"""bluewire's validated inventory as Nornir objects (the plugin itself is interop/nornir.py).

Hosts carry their resolved data (bluewire merges mappings all the way down); groups and
defaults keep their own `data`, as a SimpleInventory's do. Schema fields a host does not set
(None) are left out, so `host.data` holds what the inventory says, not bluewire's defaults.
"""

from __future__ import annotations

from collections.abc import Iterable
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

from bluewire.inventory.model import Inventory as BluewireInv
from bluewire.platforms import profile


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
            data=dict(raw.get("data") or {}),
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
            data={k: v for k, v in host.data.items() if v is not None},
            connection_options=_with_napalm_driver(
                _connection_options(host.connection_options), host.platform
            ),
        )
    defaults = Defaults(data=dict(inv.defaults.get("data") or {}))
    return Inventory(hosts=hosts, groups=groups, defaults=defaults)


def _with_napalm_driver(
    options: dict[str, ConnectionOptions], platform: str
) -> dict[str, ConnectionOptions]:
    """NAPALM reaches a host through its platform's driver (bluewire.platforms), which may be
    named otherwise (`dellos10` -> `bluewire_dellos10`); group extras still apply."""
    napalm = options.setdefault("napalm", ConnectionOptions())
    if napalm.platform is None:
        napalm.platform = profile(platform).napalm_driver
    return options
