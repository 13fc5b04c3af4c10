"""Parsers for the OS10 `show` output the driver reads (formats of the OS10 User Guide)."""

from __future__ import annotations

import re
from typing import Any

_IF_HEAD = re.compile(r"^(\S+) (\S+) is (up|down|admin down), line protocol is (up|down)", re.M)
_LONG = {
    "ethernet": "ethernet",
    "port-channel": "port-channel",
    "vlan": "vlan",
    "loopback": "loopback",
    "management": "mgmt",
}


def port_name(kind: str, number: str) -> str:
    """The driver's name for an OS10 port written `Ethernet 1/1/1`, `Management 1/1/1`, ..."""
    return _LONG.get(kind.lower(), kind.lower()) + number


def errors(output: str) -> list[str]:
    """The `% Error` lines OS10 prints for a rejected command."""
    return [line.strip() for line in output.splitlines() if line.strip().startswith("% Error")]


def version(output: str) -> dict[str, str]:
    fields = dict(re.findall(r"^([A-Za-z ]+?)\s*:\s*(.*)$", output, re.M))
    return {k.strip(): v.strip() for k, v in fields.items()}


def uptime_seconds(text: str) -> float:
    """`1 day 00:54:13` / `3 weeks 2 days 01:02:03` / `00:00:53` as seconds."""
    total = 0.0
    for number, unit in re.findall(r"(\d+)\s+(week|day)s?", text):
        total += int(number) * (604800 if unit == "week" else 86400)
    clock = re.search(r"(\d+):(\d+):(\d+)", text)
    if clock:
        h, m, s = (int(x) for x in clock.groups())
        total += h * 3600 + m * 60 + s
    return total


def hostname(running: str) -> str:
    m = re.search(r"^hostname (\S+)$", running, re.M)
    return m[1] if m else "OS10"


def domain(running: str) -> str:
    m = re.search(r"^ip domain-name (\S+)$", running, re.M)
    return m[1] if m else ""


def interfaces(output: str) -> dict[str, dict[str, Any]]:
    """`show interface` blocks as NAPALM get_interfaces entries."""
    out: dict[str, dict[str, Any]] = {}
    heads = list(_IF_HEAD.finditer(output))
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(output)
        body = output[head.start() : end]
        name = port_name(head[1], head[2])
        desc = re.search(r"^Description: ?(.*)$", body, re.M)
        mac = re.search(r"address is (\S+)", body)
        mtu = re.search(r"^MTU (\d+) bytes", body, re.M)
        speed = re.search(r"LineSpeed (\d+)([MG])", body)
        mbps = float(speed[1]) * (1000 if speed[2] == "G" else 1) if speed else 0.0
        out[name] = {
            "is_up": head[4] == "up",
            "is_enabled": head[3] != "admin down",
            "description": desc[1].strip() if desc else "",
            "last_flapped": -1.0,
            "speed": mbps,
            "mtu": int(mtu[1]) if mtu else 0,
            "mac_address": mac[1] if mac else "",
        }
    return out


def lldp_neighbors(output: str) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for line in output.splitlines():
        cols = line.split()
        if len(cols) >= 3 and re.match(r"^(ethernet|mgmt)\d", cols[0]):
            out.setdefault(cols[0], []).append({"hostname": cols[1], "port": cols[2]})
    return out


def bgp_summary(output: str) -> tuple[str, int, list[dict[str, Any]]]:
    """(router id, local AS, rows) from `show ip bgp summary`."""
    head = re.search(r"BGP router identifier (\S+) local AS number (\d+)", output)
    rows: list[dict[str, Any]] = []
    for line in output.splitlines():
        m = re.match(
            r"^(\d+\.\d+\.\d+\.\d+|[0-9a-fA-F:]+:\S*)\s+(\d+)\s+\d+\s+\d+\s+(\S+)\s+(.+)$", line
        )
        if not m:
            continue
        state = m[4].strip()
        rows.append(
            {
                "address": m[1],
                "remote_as": int(m[2]),
                "uptime": uptime_seconds(m[3]) if m[3] != "never" else -1.0,
                "is_up": state.isdigit(),
                "is_enabled": "Admin" not in state,
                "prefixes": int(state) if state.isdigit() else -1,
            }
        )
    if head is None:
        return "", 0, rows
    return head[1], int(head[2]), rows


def bgp_descriptions(running: str) -> dict[str, str]:
    """Neighbor descriptions from the `router bgp` block of the running config."""
    out: dict[str, str] = {}
    current = ""
    for line in running.splitlines():
        m = re.match(r"^ +neighbor (\S+)$", line)
        if m:
            current = m[1]
            continue
        d = re.match(r"^ +description (.+)$", line)
        if d and current:
            out.setdefault(current, d[1].strip('"'))
        if line and not line.startswith(" "):
            current = ""
    return out
