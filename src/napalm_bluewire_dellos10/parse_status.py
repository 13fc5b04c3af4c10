"""Parsers for the OS10 `show` output behind the address, ARP and environment getters.

Formats as the Dell SmartFabric OS10 User Guide prints them: `show ip interface brief`,
`show ipv6 interface brief`, `show ip arp`, `show environment`, `show system` (both the older
PSU table with fan columns and the 10.5.5.5+ one with `Power(w)`), `show processes node-id 1`.
Interface names come back in the driver's form (`ethernet1/1/1`, `vlan10`, `mgmt1/1/1`).
"""

from __future__ import annotations

import re
from typing import Any

from napalm_bluewire_dellos10.parse import port_name

_PORT = re.compile(r"^([A-Za-z][A-Za-z-]*) (\d[\d/:]*)\s")
_V4 = re.compile(r"^(\d+\.\d+\.\d+\.\d+)/(\d+)$")
_V6 = re.compile(r"^([0-9a-fA-F]*:[0-9a-fA-F:.]*)/(\d+)$")
_ARP = re.compile(r"^(\d+\.\d+\.\d+\.\d+)\s+([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})\s+(\S+)")
_SENSOR = re.compile(r"^\s*(\d+)\s+(\d+)\s+(.+?)\s+(-?\d+(?:\.\d+)?)\s*$")
# {port: {"ipv4"|"ipv6": {address: {"prefix_length": n}}}}, NAPALM's get_interfaces_ip
Addresses = dict[str, dict[str, dict[str, dict[str, int]]]]


def ip_brief(output: str) -> Addresses:
    """`show ip interface brief`: each interface's (primary) IPv4 address."""
    out: Addresses = {}
    for line in output.splitlines():
        m = _PORT.match(line)
        words = line.split()
        found = [_V4.match(w) for w in words[2:4]] if m else []
        address = next((a for a in found if a), None)
        if m and address:
            table = out.setdefault(port_name(m[1], m[2]), {"ipv4": {}})["ipv4"]
            table[address[1]] = {"prefix_length": int(address[2])}
    return out


def ipv6_brief(output: str) -> Addresses:
    """`show ipv6 interface brief` (an interface's further addresses on the lines below it)."""
    out: Addresses = {}
    current = ""
    for line in output.splitlines():
        m = _PORT.match(line)
        if m:
            current = port_name(m[1], m[2])
        elif line[:1].strip():  # a header or rule at the left margin ends the interface
            current = ""
        for word in line.split():
            v6 = _V6.match(word)
            if v6 and current:
                table = out.setdefault(current, {"ipv6": {}})["ipv6"]
                table[v6[1].lower()] = {"prefix_length": int(v6[2])}
    return out


def arp(output: str) -> list[dict[str, Any]]:
    """`show ip arp` rows; OS10 prints no age, so age is -1.0 (NAPALM's "unknown")."""
    rows = []
    for line in output.splitlines():
        m = _ARP.match(line.strip())
        if m:
            rows.append({"interface": m[3], "mac": m[2].upper(), "ip": m[1], "age": -1.0})
    return rows


def temperatures(output: str) -> dict[str, dict[str, Any]]:
    """`show environment` thermal sensors. OS10 prints no thresholds there, so no alerts."""
    out: dict[str, dict[str, Any]] = {}
    rows = output.split("Thermal sensors", 1)[-1] if "Thermal sensors" in output else ""
    for line in rows.splitlines():
        m = _SENSOR.match(line)
        if m:
            name = m[3] if m[1] == "1" else f"Unit {m[1]} {m[3]}"
            out[name] = {"temperature": float(m[4]), "is_alert": False, "is_critical": False}
    return out


def _section(output: str, title: str) -> list[str]:
    """The lines of one `-- Title --` section of `show system`."""
    lines: list[str] = []
    inside = False
    for line in output.splitlines():
        if line.startswith("-- "):
            inside = line.strip("- ").lower() == title.lower()
        elif inside:
            lines.append(line)
    return lines


def power(system: str) -> dict[str, dict[str, Any]]:
    """PSUs from `show system`; `Power(w)` is the output where OS10 prints it (else -1.0)."""
    lines = _section(system, "Power Supplies")
    header = next((line.split() for line in lines if line.startswith("PSU-ID")), [])
    col = header.index("Power(w)") if "Power(w)" in header else -1
    out: dict[str, dict[str, Any]] = {}
    for line in lines:
        words = line.split()
        if not words or not words[0].isdigit() or line[:1].isspace():
            continue
        watts = words[col] if 0 <= col < len(words) else ""
        output = float(watts) if re.fullmatch(r"\d+(\.\d+)?", watts) else -1.0
        out[f"PSU {words[0]}"] = {"status": words[1] == "up", "output": output, "capacity": -1.0}
    return out


def fans(system: str) -> dict[str, dict[str, bool]]:
    """Fans from `show system`: a tray's row names its first fan, indented rows the others."""
    out: dict[str, dict[str, bool]] = {}
    tray, tray_up = "", False
    for line in _section(system, "Fan Status"):
        words = line.split()
        if len(words) >= 6 and words[0].isdigit():
            tray, tray_up = words[0], words[1] == "up"
            fan, status = words[3], words[5]
        elif len(words) == 3 and words[0].isdigit() and tray:
            fan, status = words[0], words[2]
        else:
            continue
        out[f"FanTray {tray} Fan {fan}"] = {"status": tray_up and status == "up"}
    return out


def cpu_memory(top: str) -> tuple[float, dict[str, int]]:
    """(%usage, memory) from `show processes node-id 1`; memory in KiB as `top` prints it."""
    idle = re.search(r"%Cpu\(s\):.*?([\d.]+)\s+id", top)
    mem = re.search(r"KiB Mem\s*:\s*(\d+) total,\s*(\d+) free,\s*(\d+) used", top)
    usage = round(100.0 - float(idle[1]), 1) if idle else -1.0
    memory = {"available_ram": int(mem[1]), "used_ram": int(mem[3])} if mem else {}
    return usage, memory or {"available_ram": -1, "used_ram": -1}
