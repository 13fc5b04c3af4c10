"""EOS commands NAPALM reads as text: running-config filters, BGP neighbor detail, ping, traceroute.

Shapes follow what napalm/eos/eos.py and its textfsm templates (`bgp_detail*.tpl`) parse.
"""

from __future__ import annotations

import re

from bluewire.config import tree
from bluewire.lab import oper
from bluewire.lab.device import Device
from bluewire.lab.platforms.eos.show import bgp_peers


def filtered_running(device: Device, how: str, pattern: str) -> str:
    """`show running-config | section X` (whole top-level blocks that mention X) or
    `| include X` (matching lines)."""
    regex = re.compile(pattern.strip())
    if how.startswith("inc"):
        return "".join(f"{line}\n" for line in device.running.splitlines() if regex.search(line))
    out: list[str] = []
    for node in tree.parse(device.running, "eos").children:
        lines = [node.text, *("   " * (d + 1) + n.text for d, n in node.walk())]
        if any(regex.search(line) for line in lines):
            out.extend(lines)
    return "".join(f"{line}\n" for line in out)


def bgp_neighbors(device: Device) -> str:
    """`show ip bgp neighbors vrf all`, as EOS prints it (what NAPALM's template reads)."""
    asn, router_id, peers = bgp_peers(device)
    blocks = []
    for p in peers:
        up = p["state"] == "Established"
        link = "internal" if p["asn"] == asn else "external"
        local = _local_address(device, p["address"])
        blocks.append(
            f"BGP neighbor is {p['address']}, remote AS {p['asn']}, {link} link\n"
            f"  BGP version 4, remote router ID {p['routerId'] or '0.0.0.0'}, VRF default\n"
            "  Hold time is 180, keepalive interval is 60 seconds\n"
            "  Configured hold time is 180, keepalive interval is 60 seconds\n"
            f"  BGP state is {p['state']}, {'up' if up else 'down'} for 00:10:00\n"
            "  Last state was OpenConfirm\n"
            "  Last event was RecvKeepAlive\n"
            "  Message Statistics:\n"
            "                         Sent      Rcvd\n"
            "    Updates:                1         1\n"
            "    Total messages:        12        12\n"
            "  Prefix Statistics:\n"
            "                         Sent      Rcvd\n"
            f"    IPv4 Unicast:           0 {p['prefixes']:>9}\n"
            "    IPv6 Unicast:           0         0\n"
            f"Local AS is {asn}, local router ID {router_id}\n"
            f"Local TCP address is {local}, local port is 179\n"
            f"Remote TCP address is {p['address']}, remote port is 54321\n"
            "  Send-Q: 0/16384\n"
        )
    return "\n".join(blocks)


def _local_address(device: Device, peer: str) -> str:
    for route in oper.routes(device, peer):
        for port in oper.facts(device).ports:
            for address in port.addresses if port.name == route.port else ():
                return str(address.ip)
    return "0.0.0.0"


def ping(device: Device, destination: str, count: int) -> str:
    head = f"PING {destination} ({destination}) 72(100) bytes of data.\n"
    if not oper.reachable(device, destination):
        stats = f"{count} packets transmitted, 0 received, 100% packet loss, time {count}ms\n"
        return f"{head}\n--- {destination} ping statistics ---\n{stats}"
    replies = "".join(
        f"80 bytes from {destination}: icmp_seq={i} ttl=64 time=0.0{40 + i} ms\n"
        for i in range(1, count + 1)
    )
    return (
        f"{head}{replies}\n--- {destination} ping statistics ---\n"
        f"{count} packets transmitted, {count} received, 0% packet loss, time {count}ms\n"
        "rtt min/avg/max/mdev = 0.041/0.043/0.045/0.002 ms, ipg/ewma 0.050/0.043 ms\n"
    )


def traceroute(device: Device, destination: str) -> str:
    head = f"traceroute to {destination} ({destination}), 30 hops max, 60 byte packets\n"
    if not oper.reachable(device, destination):
        return head + " 1  * * *\n"
    return head + f" 1  {destination} ({destination})  0.051 ms  0.043 ms  0.040 ms\n"
