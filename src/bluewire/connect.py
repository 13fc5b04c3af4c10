"""Nornir for device work: bluewire's inventory, credentials from the environment, or the lab.

Credentials never come from the repository: BLUEWIRE_DEVICE_USERNAME / BLUEWIRE_DEVICE_PASSWORD
(and BLUEWIRE_ENABLE_SECRET for IOS enable) at run time; with --lab, the lab's own credentials.
"""

from __future__ import annotations

import os
from typing import Any

from nornir import InitNornir
from nornir.core import Nornir
from nornir.core.inventory import ConnectionOptions, Host

from bluewire.lab.state import LabEndpoint, require_state
from bluewire.project import Project

# NAPALM optional_args bluewire always passes, by platform.
PLATFORM_ARGS: dict[str, dict[str, Any]] = {
    "eos": {"transport": "https"},
    "ios": {"dest_file_system": "flash:"},
    "junos": {},
    "dellos10": {},
}


def make_nornir(project: Project, hosts: list[str], *, lab: bool, workers: int = 50) -> Nornir:
    """A Nornir over `hosts`, pointed at the running lab when `lab` is set."""
    nr = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": workers}},
        inventory={"plugin": "BluewireInventory", "options": {"project_dir": str(project.root)}},
        logging={"enabled": False},
    )
    wanted = set(hosts)
    nr = nr.filter(filter_func=lambda h: h.name in wanted)
    endpoints = require_state(project).endpoints if lab else None
    for host in nr.inventory.hosts.values():
        if endpoints is not None:
            _point_at_lab(host, endpoints[host.name])
        else:
            _real_credentials(host)
    return nr


def _napalm_extras(host: Host, extra: dict[str, Any]) -> None:
    options = host.connection_options.get("napalm") or ConnectionOptions(extras={})
    extras = dict(options.extras or {})
    optional = {**PLATFORM_ARGS.get(host.platform or "", {}), **extras.get("optional_args", {})}
    extras["optional_args"] = {**optional, **extra}
    extras.setdefault("timeout", 30)
    host.connection_options["napalm"] = ConnectionOptions(extras=extras)


def _point_at_lab(host: Host, endpoint: LabEndpoint) -> None:
    host.hostname = endpoint.address
    host.port = endpoint.port
    host.username = endpoint.username
    host.password = endpoint.password
    extra: dict[str, Any] = {"port": endpoint.port}
    if host.platform == "ios":
        extra["secret"] = endpoint.password
    _napalm_extras(host, extra)


def _real_credentials(host: Host) -> None:
    host.username = os.environ.get("BLUEWIRE_DEVICE_USERNAME") or host.username
    host.password = os.environ.get("BLUEWIRE_DEVICE_PASSWORD")
    extra: dict[str, Any] = {}
    if host.platform == "ios" and os.environ.get("BLUEWIRE_ENABLE_SECRET"):
        extra["secret"] = os.environ["BLUEWIRE_ENABLE_SECRET"]
    _napalm_extras(host, extra)
