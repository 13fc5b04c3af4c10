"""Operational `show` output of the lab OS10 device, derived from its running config.

Formats follow the examples in the Dell SmartFabric OS10 User Guide (`show version`,
`show interface status`, `show lldp neighbors`, `show ip bgp summary`, `dir`), trimmed to the
columns bluewire's driver and a human need. Admin state follows the config (`shutdown`); LLDP
and BGP state come from the lab topology: a device started alone has no neighbours, and none of
its BGP sessions is Established.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

from bluewire.config import tree
from bluewire.config.tree import Node
from bluewire.lab import oper, topology
from bluewire.lab.device import Device

_IFACE = re.compile(r"^interface (ethernet|port-channel|vlan|loopback|mgmt)(\S+)$")
_SHORT = {"ethernet": "Eth", "port-channel": "Po", "vlan": "Vl", "loopback": "Lo", "mgmt": "Ma"}
LONG = {  # how `show` output writes each kind of port: `Ethernet 1/1/1`
    "ethernet": "Ethernet",
    "port-channel": "Port-channel",
    "vlan": "Vlan",
    "loopback": "Loopback",
    "mgmt": "Management",
}


@dataclass(frozen=True)
class Interface:
    kind: str
    number: str
    description: str
    enabled: bool
    mtu: int

    @property
    def name(self) -> str:
        return f"{self.kind}{self.number}"


def interfaces(running: str) -> list[Interface]:
    """Interfaces configured in `running`; an unconfigured OS10 port is `no shutdown`."""
    out: list[Interface] = []
    for node in tree.parse(running, "dellos10").children:
        m = _IFACE.match(node.text)
        if not m:
            continue
        texts = [c.text for c in node.children]
        desc = next((t.split(" ", 1)[1] for t in texts if t.startswith("description ")), "")
        mtu = next((int(t.split()[1]) for t in texts if re.match(r"^mtu \d+$", t)), 1532)
        out.append(Interface(m[1], m[2], desc.strip('"'), "shutdown" not in texts, mtu))
    return out


def show_version(device: Device) -> str:
    return (
        "Dell SmartFabric OS10 Enterprise\n"
        "Copyright (c) 1999-2024 by Dell Inc. All Rights Reserved.\n"
        f"OS Version: {device.os_version}\n"
        f"Build Version: {device.os_version}.0\n"
        "Build Time: 2024-01-01T00:00:00+0000\n"
        f"System Type: {device.model}\n"
        "Architecture: x86_64\n"
        f"Up Time: {uptime_text(device.uptime_s())}\n"
    )


def uptime_text(seconds: float) -> str:
    days, rest = divmod(int(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    clock = f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    if days:
        return f"{days} day{'s' if days > 1 else ''} {clock}"
    return clock


def show_inventory(device: Device) -> str:
    return (
        f"Product               : {device.model}\n"
        f"Description           : {device.model} lab switch\n"
        f"Software version      : {device.os_version}\n"
        f"Product Serial Number : {device.serial}\n"
        f"Service Tag           : {device.serial}\n"
    )


def show_interface_status(device: Device) -> str:
    rule = "-" * 90
    lines = [rule, f"{'Port':<16}{'Description':<24}{'Status':<9}{'Speed':<9}Duplex", rule]
    for i in interfaces(device.running):
        port = f"{_SHORT[i.kind]} {i.number}"
        state = "up" if topology.port_up(device, i.name, i.enabled) else "down"
        lines.append(f"{port:<16}{i.description[:23]:<24}{state:<9}{'10G':<9}full")
    return "\n".join(lines) + "\n"


def show_interface(device: Device) -> str:
    blocks: list[str] = []
    for i in interfaces(device.running):
        mac = oper.mac(device.name, i.name)
        up = topology.port_up(device, i.name, i.enabled)
        state = "up" if up else "down"
        admin = "up" if i.enabled else "admin down"
        blocks.append(
            f"{LONG[i.kind]} {i.number} is {admin}, line protocol is {state}\n"
            f"Description: {i.description}\n"
            f"Hardware is Eth, address is {mac}\n"
            f"    Current address is {mac}\n"
            f"Interface index is {abs(hash(i.name)) % 100000000}\n"
            f"MTU {i.mtu} bytes, IP MTU {max(i.mtu - 32, 576)} bytes\n"
            "LineSpeed 10G, Auto-Negotiation off\n"
            'Last clearing of "show interface" counters: never\n'
        )
    return "\n".join(blocks)


def show_lldp_neighbors(device: Device) -> str:
    rows = topology.lldp_of(device) or []
    enabled = {i.name for i in interfaces(device.running) if i.enabled}
    lines = [
        f"{'Loc PortID':<20}{'Rem Host Name':<21}{'Rem Port Id':<25}Rem Chassis Id",
        "-" * 86,
    ]
    for n in rows:
        if n.local_port in enabled:
            chassis = oper.mac(n.remote_host)
            lines.append(f"{n.local_port:<20}{n.remote_host:<21}{n.remote_port:<25}{chassis}")
    return "\n".join(lines) + "\n"


def _bgp(running: str) -> Node | None:
    root = tree.parse(running, "dellos10")
    return next((c for c in root.children if c.text.startswith("router bgp ")), None)


def bgp_neighbors(running: str) -> Iterator[tuple[str, str, bool]]:
    """(address, remote AS, admin-enabled) for each `neighbor` of `router bgp`."""
    bgp = _bgp(running)
    for n in bgp.children if bgp else []:
        if not n.text.startswith("neighbor "):
            continue
        texts = [c.text for c in n.children]
        remote = next((t.split()[1] for t in texts if t.startswith("remote-as ")), "0")
        yield n.text.split()[1], remote, "shutdown" not in texts


def show_ip_bgp_summary(device: Device) -> str:
    bgp = _bgp(device.running)
    if bgp is None:
        return "% Error: BGP is not configured.\n"
    asn = bgp.text.split()[2]
    rid = next((c.text.split()[1] for c in bgp.children if c.text.startswith("router-id ")), "")
    lines = [
        f"BGP router identifier {rid or '0.0.0.0'} local AS number {asn}",
        f"{'Neighbor':<16}{'AS':<12}{'MsgRcvd':<9}{'MsgSent':<9}{'Up/Down':<11}State/Pfx",
    ]
    uptime = uptime_text(device.uptime_s())
    for address, remote, enabled in bgp_neighbors(device.running):
        session = topology.bgp_session(device, address)  # None: a device alone, no peer up
        up = enabled and session is not None and session.up
        count = session.prefixes if session is not None else 0
        state = str(count) if up else ("Idle (Admin)" if not enabled else "Active")
        since = uptime if up else "never"
        lines.append(f"{address:<16}{remote:<12}{'0':<9}{'0':<9}{since:<11}{state}")
    return "\n".join(lines) + "\n"


def show_dir(files: dict[str, bytes], folder: str) -> str:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    lines = [
        f"Directory contents for folder: {folder}",
        "Date (modified)        Size (bytes)  Name",
        "---------------------  ------------  -----------",
    ]
    for key in sorted(files):
        scheme, _, name = key.partition("://")
        if scheme == folder:
            lines.append(f"{stamp:<23}{len(files[key]):<14}{name}")
    return "\n".join(lines) + "\n"
