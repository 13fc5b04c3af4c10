"""The IOS-XE operational commands NAPALM's getters send, beyond the session's own table.

Each entry is (regex, action(shell, match)); the session appends them to its privileged EXEC
table. Outputs come from oper.py and show.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from bluewire.lab.device import Device
from bluewire.lab.platforms.ios import bgp, oper


class HasDevice(Protocol):
    device: Device


Action = Callable[[HasDevice, re.Match[str]], str]
COMMANDS: list[tuple[str, Action]] = [
    (r"^sh(ow)? ip int(erface)?$", lambda s, m: oper.ip_interface(s.device)),
    (r"^sh(ow)? ipv6 (interface|neighbors)$", lambda s, m: ""),  # the lab runs no IPv6
    (r"^sh(ow)? int(erface)? summary$", lambda s, m: oper.interface_summary(s.device)),
    (r"^sh(ow)? int(erfaces)? transceiver$", lambda s, m: oper.transceivers(s.device)),
    (r"^sh(ow)? arp( vrf \S+)?( \| exclude Incomplete)?$", lambda s, m: oper.arp(s.device)),
    (r"^sh(ow)? mac address-table$", lambda s, m: oper.mac_table(s.device)),
    (r"^sh(ow)? vlan (all-ports|brief)$", lambda s, m: oper.vlans(s.device)),
    (r"^sh(ow)? proc(esses)? cpu$", lambda s, m: oper.cpu()),
    (r"^sh(ow)? memory statistics$", lambda s, m: oper.memory()),
    (r"^sh(ow)? env(ironment)? temperature status$", lambda s, m: oper.temperature()),
    (r"^sh(ow)? ntp associations$", lambda s, m: oper.ntp_associations(s.device)),
    (r"^sh(ow)? snmp chassis$", lambda s, m: oper.snmp_chassis(s.device)),
    (
        r"^sh(ow)? ip route (\d+\.\d+\.\d+\.\d+)(?: (\d+\.\d+\.\d+\.\d+))?$",
        lambda s, m: oper.route(s.device, m[2], m[3] or ""),
    ),
    (r"^sh(ow)? ip route vrf \S+ .*$", lambda s, m: "% Network not in table\n"),
    (r"^sh(ow)? ip protocols \| include bgp$", lambda s, m: oper.protocols_bgp(s.device)),
    (
        r"^sh(ow)? ip bgp all sum(mary)?$",
        lambda s, m: bgp.show_bgp_summary(s.device, per_family=True),
    ),
    (
        r"^sh(ow)? ip bgp ipv4 unicast neigh(bors)? (\S+)$",
        lambda s, m: bgp.show_bgp_neighbors(s.device, m[3]),
    ),
    (r"^sh(ow)? ip bgp (\d+\.\d+\.\d+\.\d+\S*)$", lambda s, m: "% Network not in table\n"),
    (r"^ping (\S+)( .*)?$", lambda s, m: oper.ping(s.device, m[1])),
    (r"^traceroute (\S+)( .*)?$", lambda s, m: oper.traceroute(s.device, m[1])),
]
