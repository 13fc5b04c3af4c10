"""Start a fleet of lab devices in-process: one Device and one protocol front per host.

Fronts are looked up lazily by platform so a platform whose front is missing fails with a clear
message instead of breaking the whole lab import. Everything binds 127.0.0.1 on free ports.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, cast

from bluewire.config import tree
from bluewire.config.tree import Node
from bluewire.lab.clock import Clock
from bluewire.lab.device import Device, Grammar, LabError
from bluewire.lab.topology import Topology, attach_device

HOST = "127.0.0.1"
FRONTS = {
    "eos": "bluewire.lab.eos",
    "ios": "bluewire.lab.ios",
    "junos": "bluewire.lab.junos",
    "dellos10": "bluewire.lab.os10",
}
# What `show version` reports when the inventory says nothing (EOS must be >= 4.23 for NAPALM).
DEFAULT_MODEL = {
    "eos": ("DCS-7050SX3-48YC8", "4.31.2F"),
    "ios": ("C9300-48P", "17.9.4a"),
    "junos": ("SRX345", "22.4R3-S2"),
    "dellos10": ("S5248F-ON", "10.5.5.5"),
}


class Front(Protocol):
    """A running protocol server for one device (contract 1 of the lab brief)."""

    port: int

    def stop(self) -> None: ...


class ServeFn(Protocol):
    def __call__(self, device: Device, host: str = ..., port: int = ...) -> Front: ...


@dataclass(frozen=True)
class LabHostSpec:
    """One lab host: its name, platform and the config it boots with."""

    name: str
    platform: str
    config: str
    username: str = "admin"
    password: str = "admin"
    model: str = ""
    os_version: str = ""
    serial: str = ""


@dataclass
class Lab:
    """The running lab: devices and their fronts by host name."""

    devices: dict[str, Device] = field(default_factory=dict)
    fronts: dict[str, Front] = field(default_factory=dict)
    host: str = HOST
    topology: Topology | None = None  # BGP/LLDP state derived from the devices' running configs

    def device(self, name: str) -> Device:
        return self.devices[name]

    def address(self, name: str) -> tuple[str, int]:
        return self.host, self.fronts[name].port

    def stop(self) -> None:
        for name in list(self.fronts):
            self.fronts.pop(name).stop()
        for device in self.devices.values():
            device.cancel_pending()


def grammar_for(platform: str) -> Grammar:
    """The config grammar of `platform` (YAML-driven for indentation platforms)."""
    if platform == "junos":
        module = importlib.import_module("bluewire.lab.junos_grammar")
        return cast(Grammar, module.JunosGrammar())
    from bluewire.lab.cli_grammar import load_grammar

    return load_grammar(platform)


def front_for(platform: str) -> ServeFn:
    """The `serve` function of the platform's front module."""
    module_name = FRONTS.get(platform)
    if module_name is None:
        raise LabError(f"no lab front for platform {platform!r} (known: {', '.join(FRONTS)})")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise LabError(f"lab front {module_name} for {platform} is not available: {exc}") from exc
    return cast(ServeFn, module.serve)


def make_device(spec: LabHostSpec, clock: Clock) -> Device:
    """A device booted with `spec.config`, validated and shown as the platform prints it."""
    model, version = DEFAULT_MODEL.get(spec.platform, ("lab", "lab"))
    grammar = grammar_for(spec.platform)
    return Device(
        name=spec.name,
        platform=spec.platform,
        grammar=grammar,
        running=grammar.replace("", spec.config),
        clock=clock,
        username=spec.username,
        password=spec.password,
        enable_secret=spec.password,
        model=spec.model or model,
        os_version=spec.os_version or version,
        serial=spec.serial or f"LAB{abs(hash(spec.name)) % 10**8:08d}",
    )


def start_device(spec: LabHostSpec, clock: Clock, host: str = HOST) -> tuple[Device, Front]:
    """One device and its front on a free port (what per-test fixtures use)."""
    device = make_device(spec, clock)
    return device, front_for(spec.platform)(device, host, 0)


def start_lab(hosts: list[LabHostSpec], clock: Clock, host: str = HOST) -> Lab:
    """Start every host, wired into one topology; on a failure the started part is stopped."""
    lab = Lab(host=host)
    lab.topology = Topology(lab.devices)
    try:
        for spec in hosts:
            device = make_device(spec, clock)
            attach_device(device, lab.topology)
            front = front_for(spec.platform)(device, host, 0)
            lab.devices[spec.name] = device
            lab.fronts[spec.name] = front
    except BaseException:
        lab.stop()
        raise
    return lab


# ---------------------------------------------------------------- brownfield seeding
_EXTRA_USER = {
    "eos": "username temp-vendor privilege 15 role network-admin secret sha512 $6$lab$brownfield",
    "ios": "username temp-vendor privilege 15 secret 9 $9$lab$brownfield",
    "dellos10": "username temp-vendor password $6$lab$brownfield role sysadmin",
}
_INDENT = {"eos": 3, "ios": 1, "dellos10": 1}
_HAND_DESCRIPTION = "temporary - ask night shift"


def brownfield(config: str, platform: str, seed: int | str) -> str:
    """`config` with the drift a hand-run network accumulates, chosen deterministically by seed.

    Changed description, an extra local user, one NTP server removed, one shut port enabled.
    """
    rng = random.Random(f"{platform}:{seed}")
    root = tree.parse(config, platform)
    pairs = list(_with_parents(root, ()))
    _change_description(pairs, platform, rng)
    _remove_one(pairs, rng, _is_ntp_server)
    _remove_one(pairs, rng, _is_shutdown)
    _add_user(root, platform)
    if platform == "junos":
        return tree.render_braces(root)
    return tree.render_indented(root, _INDENT.get(platform, 1))


def _with_parents(node: Node, ancestors: tuple[Node, ...]) -> list[tuple[tuple[Node, ...], Node]]:
    out: list[tuple[tuple[Node, ...], Node]] = []
    for child in node.children:
        out.append(((*ancestors, node), child))
        out.extend(_with_parents(child, (*ancestors, node)))
    return out


def _change_description(
    pairs: list[tuple[tuple[Node, ...], Node]], platform: str, rng: random.Random
) -> None:
    found = [n for _, n in pairs if n.text.startswith("description ")]
    if found:
        text = f'"{_HAND_DESCRIPTION}"' if platform == "junos" else _HAND_DESCRIPTION
        rng.choice(found).text = f"description {text}"


def _is_ntp_server(ancestors: tuple[Node, ...], node: Node) -> bool:
    return node.text.startswith("ntp server ") or (
        ancestors[-1].text == "ntp" and node.text.startswith("server ")
    )


def _is_shutdown(ancestors: tuple[Node, ...], node: Node) -> bool:
    return node.text in ("shutdown", "disable") and any(
        a.text.startswith("interface") for a in ancestors
    )


def _remove_one(
    pairs: list[tuple[tuple[Node, ...], Node]],
    rng: random.Random,
    wanted: Callable[[tuple[Node, ...], Node], bool],
) -> None:
    found = [(a, n) for a, n in pairs if wanted(a, n)]
    if found:
        ancestors, node = rng.choice(found)
        ancestors[-1].children.remove(node)


def _add_user(root: Node, platform: str) -> None:
    if platform == "junos":
        system = root.child("system") or Node("system")
        if system not in root.children:
            root.children.append(system)
        login = system.child("login") or Node("login")
        if login not in system.children:
            system.children.append(login)
        auth = Node("authentication", children=[Node('encrypted-password "$6$lab$brownfield"')])
        user = Node("user temp-vendor", children=[Node("class super-user"), auth])
        login.children.append(user)
        return
    line = _EXTRA_USER.get(platform)
    if line is None:
        return
    users = [i for i, n in enumerate(root.children) if n.text.startswith("username ")]
    root.children.insert(users[-1] + 1 if users else len(root.children), Node(line))
