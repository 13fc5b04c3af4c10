"""NAPALM's getters for OS10: which `show` commands answer each one, and the dict NAPALM defines.

Each getter is a function of `send` (one CLI command in, its output out), so the driver class
stays the session and config machinery and each getter can be read on its own. The dicts follow
napalm.base.models; tests/lab/test_getters.py checks them with NAPALM's own model helpers
through the real driver against the lab.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from napalm_bluewire_dellos10 import parse, parse_config, parse_status

Send = Callable[[str], str]


def facts(send: Send) -> dict[str, Any]:
    ver = parse.version(send("show version"))
    inv = parse.version(send("show inventory"))
    running = send("show running-configuration")
    host, domain = parse.hostname(running), parse.domain(running)
    return {
        "uptime": parse.uptime_seconds(ver.get("Up Time", "")),
        "vendor": "Dell",
        "os_version": ver.get("OS Version", ""),
        "serial_number": inv.get("Service Tag") or inv.get("Product Serial Number", ""),
        "model": ver.get("System Type", ""),
        "hostname": host,
        "fqdn": f"{host}.{domain}" if domain else host,
        "interface_list": list(parse.interfaces(send("show interface"))),
    }


def interfaces_ip(send: Send) -> dict[str, Any]:
    """IPv4 from `show ip interface brief` (the primary address of each interface: OS10's brief
    view shows no secondaries), IPv6 (link-local included) from `show ipv6 interface brief`."""
    out: dict[str, Any] = parse_status.ip_brief(send("show ip interface brief"))
    v6 = send("show ipv6 interface brief")
    for name, table in ({} if parse.errors(v6) else parse_status.ipv6_brief(v6)).items():
        out.setdefault(name, {}).update(table)
    return out


def arp_table(send: Send, vrf: str = "") -> list[dict[str, Any]]:
    return parse_status.arp(send(f"show ip arp vrf {vrf}" if vrf else "show ip arp"))


def environment(send: Send) -> dict[str, Any]:
    system = send("show system")
    usage, memory = parse_status.cpu_memory(send("show processes node-id 1"))
    return {
        "fans": parse_status.fans(system),
        "temperature": parse_status.temperatures(send("show environment")),
        "power": parse_status.power(system),
        "cpu": {0: {"%usage": usage}},
        "memory": memory,
    }


def users(send: Send) -> dict[str, Any]:
    return parse_config.users(send("show running-configuration"))


def ntp_servers(send: Send) -> dict[str, Any]:
    return parse_config.ntp_servers(send("show running-configuration"))


def snmp_information(send: Send) -> dict[str, Any]:
    return parse_config.snmp(send("show running-configuration"))


def bgp_neighbors(send: Send) -> dict[str, Any]:
    router_id, local_as, rows = parse.bgp_summary(send("show ip bgp summary"))
    if not router_id:
        return {"global": {"router_id": "", "peers": {}}}
    descriptions = parse.bgp_descriptions(send("show running-configuration"))
    peers = {row["address"]: _peer(row, local_as, descriptions) for row in rows}
    return {"global": {"router_id": router_id, "peers": peers}}


def _peer(row: dict[str, Any], local_as: int, descriptions: dict[str, str]) -> dict[str, Any]:
    prefixes = max(row["prefixes"], 0) if row["is_up"] else -1
    return {
        "local_as": local_as,
        "remote_as": row["remote_as"],
        "remote_id": row["address"] if row["is_up"] else "0.0.0.0",
        "is_up": row["is_up"],
        "is_enabled": row["is_enabled"],
        "description": descriptions.get(row["address"], ""),
        "uptime": row["uptime"],
        "address_family": {
            "ipv4": {
                "received_prefixes": prefixes,
                "accepted_prefixes": prefixes,
                "sent_prefixes": -1,
            }
        },
    }
