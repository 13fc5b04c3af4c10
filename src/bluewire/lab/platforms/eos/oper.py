"""EOS operational `show` commands beyond facts/interfaces/BGP: what NAPALM's other getters read.

JSON shapes follow what napalm/eos/eos.py reads from eAPI (EOS 4.2x); the few commands EOS has
only as text (`show processes top once`, `show ntp associations`, ping, traceroute, `show ip bgp
neighbors` as NAPALM's textfsm template reads it) are printed as EOS prints them. The data comes
from the running config and the lab's wiring (bluewire.lab.oper), so it follows changes.
"""

from __future__ import annotations

import re
import time
from typing import Any

from bluewire.config import tree
from bluewire.config.tree import Node
from bluewire.lab import oper, topology
from bluewire.lab.device import Device

JSON = dict[str, Any]


def _root(device: Device) -> Node:
    return tree.parse(device.running, "eos")


def _leaf(root: Node, prefix: str) -> str:
    found = next((n.text for n in root.children if n.text.startswith(prefix + " ")), "")
    return found[len(prefix) + 1 :]


# ------------------------------------------------------------------ environment
def cooling(device: Device) -> JSON:
    fans = [{"label": str(i), "status": "ok", "speed": 40} for i in range(1, 5)]
    return {"fanTraySlots": fans, "powerSupplySlots": [], "systemStatus": "coolingOk"}


def temperature(device: Device) -> JSON:
    sensors = [
        {"name": f"TempSensor{i}", "currentTemperature": 30.0 + i, "overheatThreshold": 85.0}
        | {"criticalThreshold": 95.0, "hwStatus": "ok"}
        for i in range(1, 4)
    ]
    return {"tempSensors": sensors, "cardSlots": [], "powerSupplySlots": []}


def power(device: Device) -> JSON:
    psu = {"state": "ok", "capacity": 650.0, "outputPower": 140.0, "modelName": "PWR-650AC"}
    return {"powerSupplies": {"1": psu, "2": dict(psu)}}


def processes_top(device: Device) -> str:
    return (
        f"top - {time.strftime('%H:%M:%S')} up 1 day, 1 user, load average: 0.31, 0.28, 0.25\n"
        "Tasks: 290 total,   1 running, 289 sleeping,   0 stopped,   0 zombie\n"
        "%Cpu(s):  4.2 us,  0.9 sy,  0.0 ni, 94.6 id,  0.0 wa,  0.1 hi,  0.2 si,  0.0 st\n"
        "KiB Mem :  8000000 total,  5000000 free,  2500000 used,   500000 buff/cache\n"
        "KiB Swap:        0 total,        0 free,        0 used.  5400000 avail Mem\n"
    )


# ------------------------------------------------------------------ interfaces and L2
def lldp_detail(device: Device) -> JSON:
    out: JSON = {}
    for link in topology.lldp_of(device) or []:
        info = {
            "chassisIdType": "macAddress",
            "chassisId": oper.mac(link.remote_host),
            "systemName": link.remote_host,
            "systemDescription": "bluewire lab device",
            "systemCapabilities": {"bridge": True, "router": True},
            "neighborInterfaceInfo": {
                "interfaceIdType": "interfaceName",
                "interfaceId": f'"{link.remote_port}"',
                "interfaceDescription": link.remote_description,
            },
        }
        out[link.local_port] = {"lldpNeighborInfo": [info]}
    return {"lldpNeighbors": out}


def ip_interfaces(device: Device) -> JSON:
    out: JSON = {}
    for port in oper.facts(device).ports:
        v4 = [a for a in port.addresses if a.version == 4]
        if not v4:
            continue
        primary, *secondary = v4
        address = {
            "primaryIp": {"address": str(primary.ip), "maskLen": primary.network.prefixlen},
            "secondaryIpsOrderedList": [
                {"address": str(a.ip), "maskLen": a.network.prefixlen} for a in secondary
            ],
        }
        up = topology.port_up(device, port.name, port.enabled)
        out[port.name] = {
            "name": port.name,
            "interfaceStatus": "connected" if up else "disabled",
            "lineProtocolStatus": "up" if up else "down",
            "interfaceAddress": address,
        }
    return {"interfaces": out}


def ipv6_interfaces(device: Device) -> JSON:
    return {"interfaces": {}}  # the lab configures no IPv6


def arp(device: Device) -> JSON:
    rows = [
        {"address": n.ip, "hwAddress": n.mac, "interface": n.port, "age": 120}
        for n in oper.arp(device)
    ]
    return {"vrfs": {"default": {"ipV4Neighbors": rows}}}


def _vlan_of(node: Node) -> int | None:
    """The VLAN a switchport carries untagged (access VLAN, else 1 for trunks and access)."""
    texts = [c.text for c in node.children]
    if any(re.match(r"^(no switchport|ip address )", t) for t in texts):
        return None
    access = next((t.split()[-1] for t in texts if t.startswith("switchport access vlan ")), "")
    return int(access) if access.isdigit() else 1


def mac_table(device: Device) -> JSON:
    ports = {n.text.split()[1]: n for n in _root(device).startswith("interface ")}
    entries = []
    for link in topology.lldp_of(device) or []:
        node = ports.get(link.local_port)
        vlan = _vlan_of(node) if node is not None else None
        if vlan is not None:
            entries.append(
                {
                    "vlanId": vlan,
                    "macAddress": oper.mac(link.remote_host, link.remote_port),
                    "entryType": "dynamic",
                    "interface": link.local_port,
                    "moves": 1,
                    "lastMove": device.boot_time,
                }
            )
    return {"unicastTable": {"tableEntries": entries}, "multicastTable": {"tableEntries": []}}


def vlans(device: Device) -> JSON:
    root = _root(device)
    out: JSON = {}
    for node in root.startswith("vlan "):
        number = node.text.split()[1]
        if number.isdigit():
            name = next((c.text[5:] for c in node.children if c.text.startswith("name ")), "")
            out[number] = {"name": name or f"VLAN{int(number):04d}", "interfaces": {}}
            out[number]["status"] = "active"
    for node in root.startswith("interface "):
        vlan = _vlan_of(node)
        if vlan is not None and str(vlan) in out:
            out[str(vlan)]["interfaces"][node.text.split()[1]] = {"privatePromoted": False}
    return {"vlans": out}


def transceivers(device: Device) -> JSON:
    out: JSON = {}
    for link in topology.lldp_of(device) or []:
        if link.local_port.startswith("Ethernet"):
            out[link.local_port] = {"rxPower": -2.1, "txPower": -1.9, "txBias": 6.5}
            out[link.local_port] |= {"temperature": 31.0, "voltage": 3.3}
    return {"interfaces": out}


# ------------------------------------------------------------------ routing
def vrf_table(device: Device) -> JSON:
    root = _root(device)
    names = ["default", *(n.text.split()[2] for n in root.startswith("vrf instance "))]
    members: dict[str, list[str]] = {name: [] for name in names}
    for node in root.startswith("interface "):
        vrf = next((c.text.split()[1] for c in node.children if c.text.startswith("vrf ")), "")
        members.setdefault(vrf or "default", []).append(node.text.split()[1])
    return {
        "vrfs": {
            name: {"routeDistinguisher": "<not set>", "interfaces": ports, "vrfState": "up"}
            for name, ports in members.items()
        }
    }


def route(device: Device, vrf: str, destination: str) -> JSON:
    found = {} if vrf != "default" else _routes(device, destination)
    return {"vrfs": {vrf: {"routes": found, "allRoutesProgrammedHardware": True}}}


def _routes(device: Device, destination: str) -> JSON:
    return {
        r.prefix: {
            "routeType": r.protocol,
            "preference": 0,
            "metric": 0,
            "hardwareProgrammed": True,
            "vias": [{"interface": r.port}],
        }
        for r in oper.routes(device, destination)
    }


# ------------------------------------------------------------------ management
def snmp(device: Device, field: str) -> JSON:
    root = _root(device)
    if field == "chassisId":
        return {"chassisId": _leaf(root, "snmp-server chassis-id") or device.serial}
    return {field: _leaf(root, f"snmp-server {field}")}


def users(device: Device) -> JSON:
    out: JSON = {}
    for node in _root(device).startswith("username "):
        words = node.text.split()
        entry = out.setdefault(words[1], {"username": words[1], "privLevel": 1, "secret": ""})
        if "privilege" in words:
            entry["privLevel"] = int(words[words.index("privilege") + 1])
        if "secret" in words:
            entry["secret"] = words[-1]
        entry.setdefault("sshAuthorizedKey", "")
    return {"users": out}


def ntp_associations(device: Device) -> str:
    lines = [
        "     remote           refid      st t when  poll reach   delay   offset  jitter",
        "==============================================================================",
    ]
    for i, node in enumerate(_root(device).startswith("ntp server ")):
        words = node.text.split()
        server = words[4] if words[2] == "vrf" else words[2]
        mark = "*" if i == 0 else "+"
        lines.append(
            f"{mark}{server:<16} .GPS.            1 u   33   64  377    0.512   -0.031   0.018"
        )
    return "\n".join(lines) + "\n"
