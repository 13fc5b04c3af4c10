"""The read-only EOS commands the lab answers, by name: JSON models and their text forms.

`show(device, cmd, fmt)` is what a `runCmds` request gets for a show command (None: not one of
these). A command EOS has only as text answers `{"output": ...}` in either format, as eAPI does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from bluewire.lab.device import Device
from bluewire.lab.platforms.eos import oper, text
from bluewire.lab.platforms.eos import show as eos_show

JSON = dict[str, Any]
Show = Callable[[Device], JSON]
SHOW_JSON: dict[str, Show] = {
    "show version": eos_show.show_version,
    "show hostname": eos_show.show_hostname,
    "show interfaces": eos_show.show_interfaces,
    "show lldp neighbors": eos_show.show_lldp_neighbors,
    "show lldp neighbors detail": oper.lldp_detail,
    "show ip bgp summary vrf all": eos_show.show_bgp_summary,
    "show ipv6 bgp summary vrf all": eos_show.show_bgp_summary_v6,
    "show ip bgp neighbors vrf all": eos_show.show_bgp_neighbors,
    "show ipv6 bgp peers vrf all": eos_show.empty_bgp,
    "show system environment cooling": oper.cooling,
    "show system environment temperature": oper.temperature,
    "show system environment power": oper.power,
    "show ip interface": oper.ip_interfaces,
    "show ipv6 interface": oper.ipv6_interfaces,
    "show arp vrf all": oper.arp,
    "show mac address-table": oper.mac_table,
    "show vlan": oper.vlans,
    "show interfaces transceiver": oper.transceivers,
    "show vrf": oper.vrf_table,
    "show snmp v2-mib chassis": lambda d: oper.snmp(d, "chassisId"),
    "show snmp v2-mib location": lambda d: oper.snmp(d, "location"),
    "show snmp v2-mib contact": lambda d: oper.snmp(d, "contact"),
    "show users accounts": oper.users,
}
# Text forms EOS prints where NAPALM asks for text (the others print their JSON).
SHOW_TEXT: dict[str, Callable[[Device], str]] = {
    "show version": eos_show.version_text,
    "show ip bgp neighbors vrf all": text.bgp_neighbors,
    "show ipv6 bgp peers vrf all": lambda d: "",
    "show processes top once": oper.processes_top,
    "show ntp associations": oper.ntp_associations,
    "dir": eos_show.dir_flash,
    "dir flash:": eos_show.dir_flash,
}
_ROUTE = re.compile(r"^show ip route vrf (\S+) (\S+)(?: longer-prefixes)?(?: (\S+))? detail$")
_TEXT_RE: list[tuple[re.Pattern[str], Callable[[Device, re.Match[str]], str]]] = [
    (
        re.compile(r"^show running-config \| (section|include) (.+)$"),
        lambda d, m: text.filtered_running(d, m[1], m[2]),
    ),
    (
        re.compile(r"^ping (\S+)(?: timeout \d+)?(?: size \d+)?(?: repeat (\d+))?.*$"),
        lambda d, m: text.ping(d, m[1], int(m[2] or 5)),
    ),
    (
        re.compile(r"^bash timeout \d+ traceroute (\S+).*$"),
        lambda d, m: text.traceroute(d, m[1]),
    ),
]


def show(device: Device, cmd: str, fmt: str) -> JSON | None:
    """The answer to read-only command `cmd` in `fmt` (json|text); None for other commands."""
    cmd = " ".join(cmd.split())
    if fmt == "text" and cmd in SHOW_TEXT:
        return {"output": SHOW_TEXT[cmd](device)}
    if cmd in SHOW_JSON:
        data = SHOW_JSON[cmd](device)
        return data if fmt == "json" else {"output": json.dumps(data, indent=2) + "\n"}
    if cmd in SHOW_TEXT:
        return {"output": SHOW_TEXT[cmd](device)}
    m = _ROUTE.match(cmd)
    if m:
        return oper.route(device, m[1], m[2])
    for pattern, render in _TEXT_RE:
        m = pattern.match(cmd)
        if m:
            return {"output": render(device, m)}
    return None
