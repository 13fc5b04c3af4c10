"""Nornir for device work: bluewire's inventory, credentials from the environment, or the lab.

Credentials never come from the repository: BLUEWIRE_DEVICE_USERNAME / BLUEWIRE_DEVICE_PASSWORD
(and BLUEWIRE_ENABLE_SECRET for IOS enable) at run time; with --lab, the lab's own credentials.
"""

from __future__ import annotations

import os
from typing import Any

from nornir.core import Nornir
from nornir.core.inventory import ConnectionOptions, Host
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.plugins.runners import ThreadedRunner

from bluewire.inventory.model import Inventory
from bluewire.inventory.nornir_plugin import to_nornir_inventory
from bluewire.lab.state import LabEndpoint, require_state
from bluewire.platforms import profile
from bluewire.project import Project


def make_nornir(
    project: Project, inventory: Inventory, hosts: list[str], *, lab: bool, workers: int = 50
) -> Nornir:
    """A Nornir over `hosts` of the already loaded `inventory`, pointed at the lab if `lab`."""
    ConnectionPluginRegister.auto_register()  # what InitNornir does: finds nornir_napalm
    nr = Nornir(
        inventory=to_nornir_inventory(inventory, hosts), runner=ThreadedRunner(num_workers=workers)
    )
    endpoints = require_state(project).endpoints if lab else None
    for host in nr.inventory.hosts.values():
        if endpoints is not None:
            _point_at_lab(host, endpoints[host.name])
        else:
            _real_credentials(host)
    return nr


def _napalm_extras(host: Host, extra: dict[str, Any]) -> None:
    """NAPALM extras as Nornir resolves them (host, groups, defaults), plus bluewire's own."""
    extras = dict(host.get_connection_parameters("napalm").extras or {})
    optional = {**profile(host.platform or "").napalm_args, **extras.get("optional_args", {})}
    extras["optional_args"] = {**optional, **extra}
    extras.setdefault("timeout", 30)
    host.connection_options["napalm"] = ConnectionOptions(extras=extras)


def _point_at_lab(host: Host, endpoint: LabEndpoint) -> None:
    host.hostname = endpoint.address
    host.port = endpoint.port
    host.username = endpoint.username
    host.password = endpoint.password
    extra: dict[str, Any] = {"port": endpoint.port}
    if profile(host.platform or "").enable:
        extra["secret"] = endpoint.password
    _napalm_extras(host, extra)


def _real_credentials(host: Host) -> None:
    host.username = os.environ.get("BLUEWIRE_DEVICE_USERNAME") or host.username
    host.password = os.environ.get("BLUEWIRE_DEVICE_PASSWORD")
    extra: dict[str, Any] = {}
    if profile(host.platform or "").enable and os.environ.get("BLUEWIRE_ENABLE_SECRET"):
        extra["secret"] = os.environ["BLUEWIRE_ENABLE_SECRET"]
    _napalm_extras(host, extra)
