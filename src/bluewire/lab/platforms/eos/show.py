"""EOS `show` command models (eAPI JSON shapes as NAPALM's eos driver reads them).

Operational state is derived from the running config, so a post-change check sees the change:
a `shutdown` interface is down, a `neighbor ... shutdown` BGP peer is idle.
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
FLASH_TOTAL = 3_957_878_784  # a 7050X3's 4 GB flash
IMAGE_SIZE = 1_016_869_156  # an EOS .swi image is about 1 GB
_SPEED = {"Ethernet": 10_000_000_000, "Management": 1_000_000_000}


def show_version(device: Device) -> JSON:
    build = "35442176"
    return {
        "mfgName": "Arista",
        "modelName": device.model,
        "hardwareRevision": "11.00",
        "serialNumber": device.serial,
        "systemMacAddress": oper.mac(device.name),
        "hwMacAddress": oper.mac(device.name),
        "configMacAddress": "00:00:00:00:00:00",
        "version": device.os_version,
        "architecture": "x86_64",
        "internalVersion": f"{device.os_version}-{build}.{device.os_version.replace('.', '')}",
        "internalBuildId": "d0a1d7e4-0000-4000-8000-000000000000",
        "imageFormatVersion": "3.0",
        "imageOptimization": "Default",
        "bootupTimestamp": device.boot_time,
        "uptime": device.uptime_s(),
        "memTotal": 8_000_000,
        "memFree": 5_000_000,
        "isIntlVersion": False,
    }


def version_text(device: Device) -> str:
    v = show_version(device)
    return (
        f"Arista {v['modelName']}\nHardware version: {v['hardwareRevision']}\n"
        f"Serial number: {v['serialNumber']}\nSystem MAC address: {v['systemMacAddress']}\n\n"
        f"Software image version: {v['version']}\nArchitecture: {v['architecture']}\n"
        f"Internal build version: {v['internalVersion']}\n\n"
        f"Uptime: {int(v['uptime'])} seconds\n"
    )


def _value(root: Node, *prefixes: str) -> str | None:
    for prefix in prefixes:
        for node in root.children:
            if node.text.startswith(prefix + " "):
                return node.text[len(prefix) + 1 :].strip()
    return None


def show_hostname(device: Device) -> JSON:
    root = tree.parse(device.running, "eos")
    name = _value(root, "hostname") or device.name
    domain = _value(root, "dns domain", "ip domain-name")
    return {"hostname": name, "fqdn": f"{name}.{domain}" if domain else name}


def _interfaces(root: Node) -> list[Node]:
    return [n for n in root.children if n.text.startswith("interface ")]


def _interface(device: Device, node: Node) -> JSON:
    name = node.text.split(None, 1)[1]
    shut = node.child("shutdown") is not None
    up = topology.port_up(device, name, not shut)
    kids = {c.text.split(" ", 1)[0]: c.text for c in node.children}
    mtu = int(kids["mtu"].split()[1]) if "mtu" in kids else 1500
    kind = re.match(r"[A-Za-z-]+", name)
    addrs = [c.text.split()[2] for c in node.children if re.match(r"ip address \S+/\d+", c.text)]
    return {
        "name": name,
        "description": kids.get("description", "description ")[len("description ") :],
        "interfaceStatus": "disabled" if shut else "connected" if up else "notconnect",
        "lineProtocolStatus": "up" if up else "down",
        "mtu": mtu,
        "bandwidth": _SPEED.get(kind.group(0) if kind else "", 0),
        "physicalAddress": oper.mac(device.name, name),
        "burnedInAddress": oper.mac(device.name, name),
        "lastStatusChangeTimestamp": device.boot_time,
        "forwardingModel": "routed"
        if addrs or node.child("no switchport") is not None
        else "bridged",
        "hardware": "ethernet",
        "interfaceAddress": [
            {"primaryIp": {"address": a.split("/")[0], "maskLen": int(a.split("/")[1])}}
            for a in addrs
        ],
    }


def show_interfaces(device: Device) -> JSON:
    root = tree.parse(device.running, "eos")
    out = {}
    for node in _interfaces(root):
        entry = _interface(device, node)
        out[entry["name"]] = entry
    return {"interfaces": out}


def show_lldp_neighbors(device: Device) -> JSON:
    """The lab topology's neighbours; alone, as the descriptions name them (`<host> <port>`)."""
    links = topology.lldp_of(device)
    if links is not None:
        listed: list[JSON] = [
            {"port": x.local_port, "neighborDevice": x.remote_host, "neighborPort": x.remote_port}
            for x in links
        ]
        return {"lldpNeighbors": [{**f, "ttl": 120} for f in listed], "tablesLastChangeTime": 0}
    root = tree.parse(device.running, "eos")
    found = []
    for node in _interfaces(root):
        desc = _value(node, "description")
        if node.child("shutdown") is not None or not desc:
            continue
        m = re.fullmatch(r"([a-z][a-z0-9-]*\d)\s+(\S+)", desc)
        if m:
            port = node.text.split(None, 1)[1]
            found.append({"port": port, "neighborDevice": m[1], "neighborPort": m[2], "ttl": 120})
    return {"lldpNeighbors": found, "tablesLastChangeTime": device.boot_time}


def bgp_peers(device: Device) -> tuple[str, str, list[JSON]]:
    root = tree.parse(device.running, "eos")
    bgp = next((n for n in root.children if n.text.startswith("router bgp ")), None)
    if bgp is None:
        return "", "", []
    asn = bgp.text.split()[2]
    router_id = _value(bgp, "router-id") or "0.0.0.0"
    peers: dict[str, JSON] = {}
    for node in bgp.children:
        m = re.match(r"neighbor (\S+) (remote-as \S+|description .+|shutdown)$", node.text)
        if m:
            peer = peers.setdefault(m[1], {"address": m[1], "asn": "", "description": ""})
            key, _, value = m[2].partition(" ")
            peer[{"remote-as": "asn", "description": "description"}.get(key, key)] = value or True
    for peer in peers.values():
        session = topology.bgp_session(device, peer["address"])  # None: a device started alone
        alive = not peer.get("shutdown") and (session is None or session.up)
        peer["state"] = "Established" if alive else "Idle" if peer.get("shutdown") else "Active"
        peer["routerId"] = (session.remote_id if session else peer["address"]) if alive else ""
        peer["prefixes"] = (session.prefixes if session else 1) if alive else 0
    return asn, router_id, list(peers.values())


def show_bgp_summary(device: Device) -> JSON:
    asn, router_id, peers = bgp_peers(device)
    if not asn:
        return {"vrfs": {}}
    entries = {
        p["address"]: {
            "peerState": p["state"],
            "asn": p["asn"],
            "description": p["description"],
            "prefixReceived": p["prefixes"],
            "prefixAccepted": p["prefixes"],
            "upDownTime": device.boot_time,
            "underMaintenance": False,
        }
        for p in peers
    }
    return {
        "vrfs": {"default": {"routerId": router_id, "asn": asn, "vrf": "default", "peers": entries}}
    }


def show_bgp_summary_v6(device: Device) -> JSON:
    """IPv6 sessions: none in the lab, but the VRFs exist (NAPALM indexes them by v4 VRF)."""
    data = show_bgp_summary(device)
    for vrf in data["vrfs"].values():
        vrf["peers"] = {}
    return data


def show_bgp_neighbors(device: Device) -> JSON:
    asn, _router_id, peers = bgp_peers(device)
    if not asn:
        return {"vrfs": {}}
    listed = [
        {
            "peerAddress": p["address"],
            "asn": p["asn"],
            "localAsn": asn,
            "routerId": p["routerId"] or "0.0.0.0",
            "state": p["state"],
            "idleReason": "Administratively shut down" if p.get("shutdown") else "",
            "description": p["description"],
            "establishedTime": int(time.time() - device.boot_time),
            "prefixesReceived": p["prefixes"],
            "prefixesSent": 0,
            "v6PrefixesReceived": 0,
            "v6PrefixesSent": 0,
        }
        for p in peers
    ]
    return {"vrfs": {"default": {"peerList": listed}}}


def empty_bgp(_device: Device) -> JSON:
    return {"vrfs": {}}


def dir_flash(device: Device) -> str:
    """`dir flash:` as EOS prints it: the image it booted, files copied to flash, free space.

    Text only, as on the box (eAPI has no JSON model for `dir`); Ansible's eos_command reads it
    for upgrade pre-checks (image present, bytes free).
    """
    files = {f"EOS-{device.os_version}.swi": IMAGE_SIZE}
    for key, data in device.files.items():
        if key.startswith("flash:"):
            files[key.split(":", 1)[1].lstrip("/")] = len(data)
    stamp = time.strftime("%b %d %H:%M", time.gmtime(device.boot_time))
    rows = [
        f"       -rwx {size:>12}           {stamp}  {name}" for name, size in sorted(files.items())
    ]
    free = FLASH_TOTAL - sum(files.values())
    return (
        "Directory of flash:/\n\n"
        + "\n".join(rows)
        + f"\n\n{FLASH_TOTAL} bytes total ({free} bytes free)\n"
    )
