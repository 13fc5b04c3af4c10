"""Nornir for device work: bluewire's inventory, credentials from the environment, or the lab.

Credentials never come from the repository: BLUEWIRE_DEVICE_USERNAME / BLUEWIRE_DEVICE_PASSWORD
(and BLUEWIRE_ENABLE_SECRET for an enable secret) at run time; for the lab, the caller passes
the lab's endpoints (address, port and lab credentials per host).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import warnings
from collections.abc import Mapping
from typing import Any

from nornir.core import Nornir
from nornir.core.configuration import Config
from nornir.core.exceptions import ConflictingConfigurationWarning
from nornir.core.inventory import ConnectionOptions, Host
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir_napalm.plugins.connections import Napalm

from bluewire.device.napalm_fixes import fix_napalm
from bluewire.device.ops import POLICY
from bluewire.device.runner import GRACE_S, InterruptibleRunner
from bluewire.errors import DeviceError
from bluewire.inventory.model import Endpoint, Inventory
from bluewire.inventory.nornir_plugin import to_nornir_inventory
from bluewire.platforms import profile


def make_nornir(
    inventory: Inventory,
    hosts: list[str],
    *,
    endpoints: Mapping[str, Endpoint] | None = None,
    workers: int = 50,
    cancel: threading.Event | None = None,
    grace_s: float = GRACE_S,
) -> Nornir:
    """A Nornir over `hosts` of the already loaded `inventory`; at `endpoints` when given.

    Its runner stops within seconds when `cancel` is set or on Ctrl-C (device/runner.py):
    hosts in flight get `grace_s` to finish, then their sessions are closed.
    """
    ConnectionPluginRegister.auto_register()  # what InitNornir does: finds nornir_napalm
    fix_napalm()
    config = _config(workers)
    nr = Nornir(
        inventory=to_nornir_inventory(inventory, hosts),
        runner=InterruptibleRunner(workers, cancel=cancel, grace_s=grace_s),
        config=config,
    )
    missing = sorted(set(hosts) - set(endpoints)) if endpoints is not None else []
    if missing:
        raise DeviceError(
            f"no stand-in device for {', '.join(missing)}: the lab was started without "
            "them (`bluewire lab down`, then `lab up` with these hosts), or use --limit"
        )
    for host in nr.inventory.hosts.values():
        if endpoints is not None:
            point_at(host, endpoints[host.name])
        else:
            _real_credentials(host)
    return nr


def _config(workers: int) -> Config:
    """Nornir's own config, with its logger set so a failed host is not a traceback on stderr.

    A failed host is data (its error row, secrets masked); Nornir would otherwise log the raw
    exception, unmasked, through Python's last-resort handler. No log file is written either.
    """
    config = Config.from_dict(
        runner={"plugin": "threaded", "options": {"num_workers": workers}},
        logging={"enabled": True, "level": "CRITICAL", "log_file": "", "to_console": False},
    )
    with warnings.catch_warnings():  # the warning is about handlers others (pytest) installed
        warnings.simplefilter("ignore", ConflictingConfigurationWarning)
        config.logging.configure()
    quiet_device_libraries()
    return config


DEVICE_LIBRARIES = ("paramiko", "netmiko", "napalm", "ncclient", "jnpr", "pyeapi", "urllib3")


def quiet_device_libraries() -> None:
    """The drivers' own loggers say nothing on stderr by default.

    paramiko logs a failed SSH handshake (a port that answers but does not speak SSH) from its
    transport thread as an ERROR with a traceback, which Python's last-resort handler printed on
    stderr, unmasked, next to the host's one-line error. A handler in the hierarchy (a null one)
    turns that off; a script that configures logging itself still gets the records.
    """
    for name in DEVICE_LIBRARIES:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _napalm_extras(host: Host, extra: dict[str, Any]) -> None:
    """NAPALM extras as Nornir resolves them (host, groups, defaults), plus bluewire's own.

    The connection's platform is the registry's NAPALM driver name, which may differ from the
    inventory's platform (`dellos10` is reached through bluewire's `bluewire_dellos10` driver).
    """
    prof = profile(host.platform or "")
    extras = dict(host.get_connection_parameters("napalm").extras or {})
    optional = {**prof.napalm_args, **extras.get("optional_args", {})}
    extras["optional_args"] = {**optional, **extra}
    extras.setdefault("timeout", POLICY.timeout_s)
    host.connection_options["napalm"] = ConnectionOptions(
        platform=prof.napalm_driver, extras=extras
    )


def point_at(host: Host, endpoint: Endpoint) -> None:
    """Connect `host` to a stand-in device (the lab): address, credentials, NAPALM options."""
    host.hostname = endpoint.address
    host.port = endpoint.port
    host.username = endpoint.username
    host.password = endpoint.password
    extra: dict[str, Any] = {"port": endpoint.port}
    if profile(host.platform or "").enable:
        extra["secret"] = endpoint.password  # the lab's enable secret is its login password
    _napalm_extras(host, extra)


def _real_credentials(host: Host) -> None:
    host.username = os.environ.get("BLUEWIRE_DEVICE_USERNAME") or host.username
    host.password = os.environ.get("BLUEWIRE_DEVICE_PASSWORD")
    extra: dict[str, Any] = {}
    if profile(host.platform or "").enable and os.environ.get("BLUEWIRE_ENABLE_SECRET"):
        extra["secret"] = os.environ["BLUEWIRE_ENABLE_SECRET"]
    _napalm_extras(host, extra)


# A second NAPALM session per host, opened after a commit: post-checks must prove that a *new*
# session can still log in (no management lockout), and the first session must stay open (on EOS
# closing it would abort the pending commit-timer session, which rolls the change back).
FRESH = "napalm_fresh"


def add_fresh_connection(nr: Nornir) -> None:
    """Let tasks open `FRESH` next to `napalm`, with the same parameters."""
    if FRESH not in ConnectionPluginRegister.available:
        ConnectionPluginRegister.register(FRESH, Napalm)
    for host in nr.inventory.hosts.values():
        host.connection_options[FRESH] = host.connection_options["napalm"]


def close_quietly(host: Host, connection: str) -> None:
    """Close `connection` if open; a session that already died is simply dropped."""
    if connection in host.connections:
        with contextlib.suppress(Exception):
            host.close_connection(connection)
        host.connections.pop(connection, None)
