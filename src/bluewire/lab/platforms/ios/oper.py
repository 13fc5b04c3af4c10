"""IOS-XE operational commands beyond facts/interfaces/BGP summary: what NAPALM's other getters read.

Each function returns what a Catalyst 9000 on IOS-XE 17.x prints, trimmed to what napalm/ios/
ios.py (and its textfsm templates) parse. The data comes from the running config and the lab's
wiring (bluewire.lab.oper), so it follows changes.
"""

from __future__ import annotations

import ipaddress
import re

from bluewire.config import tree
from bluewire.config.tree import Node
from bluewire.lab import oper, topology
from bluewire.lab.device import Device
from bluewire.lab.platforms.ios.show import dotted, interfaces, short

_BAR = "-" * 43


def _root(device: Device) -> Node:
    return tree.parse(device.running, "ios")


# ------------------------------------------------------------------ interfaces
def ip_interface(device: Device) -> str:
    blocks = []
    for port in oper.facts(device).ports:
        up = "up" if topology.port_up(device, port.name, port.enabled) else "down"
        admin = up if port.enabled else "administratively down"
        lines = [f"{port.name} is {admin}, line protocol is {up}"]
        v4 = [a for a in port.addresses if a.version == 4]
        if not v4:
            lines.append("  Internet protocol processing disabled")
        for i, address in enumerate(v4):
            kind = "Internet address is" if i == 0 else "Secondary address"
            lines.append(f"  {kind} {address.ip}/{address.network.prefixlen}")
        if v4:
            lines += ["  Broadcast address is 255.255.255.255", "  MTU is 1500 bytes"]
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + "\n"


def interface_summary(device: Device) -> str:
    head = (
        " *: interface is up\n IHQ: pkts in input hold queue     IQD: pkts dropped from input queue\n"
        " OHQ: pkts in output hold queue    OQD: pkts dropped from output queue\n\n"
        "  Interface                   IHQ       IQD       OHQ       OQD      RXBS      RXPS"
        "      TXBS      TXPS      TRTL\n" + "-" * 110 + "\n"
    )
    rows = [
        f"* {node.text.split()[1]:<27} 0 0 0 0 1000 2 1000 2 0"
        for node in interfaces(device.running)
    ]
    return head + "\n".join(rows) + "\n"


def transceivers(device: Device) -> str:
    head = (
        "If device is externally calibrated, only calibrated values are printed.\n"
        "                                     Optical   Optical\n"
        "            Temperature  Voltage  Current   Tx Power  Rx Power\n"
        "Port        (Celsius)    (Volts)  (mA)      (dBm)     (dBm)\n"
        "---------   -----------  -------  --------  --------  --------\n"
    )
    rows = [
        f"{short(link.local_port):<12}34.6         3.29     6.5       -2.0      -3.5"
        for link in topology.lldp_of(device) or []
        if re.match(r"^(TwentyFive|Ten|Forty|Hundred|Gigabit)", link.local_port)
    ]
    return head + "\n".join(rows) + "\n"


# ------------------------------------------------------------------ neighbours and L2
def arp(device: Device) -> str:
    rows = ["Protocol  Address          Age (min)  Hardware Addr   Type   Interface"]
    for port in oper.facts(device).ports:
        for address in port.addresses if port.enabled else ():
            mine = dotted(oper.mac(device.name, port.name))
            rows.append(f"Internet  {address.ip!s:<16} {'-':>9}   {mine}  ARPA   {port.name}")
    for n in oper.arp(device):
        rows.append(f"Internet  {n.ip:<16} {'2':>9}   {dotted(n.mac)}  ARPA   {n.port}")
    return "\n".join(rows) + "\n"


def mac_table(device: Device) -> str:
    rows = [
        "          Mac Address Table",
        _BAR,
        "",
        "Vlan    Mac Address       Type        Ports",
        "----    -----------       --------    -----",
    ]
    access = {
        n.text.split()[1]: _untagged([c.text for c in n.children])
        for n in interfaces(device.running)
        if not any(c.text.startswith("ip address ") for c in n.children)
    }
    for link in topology.lldp_of(device) or []:
        if link.local_port in access:
            mac = dotted(oper.mac(link.remote_host, link.remote_port))
            rows.append(f"{access[link.local_port]:>4}    {mac}    DYNAMIC     {link.local_port}")
    rows.append(f"Total Mac Addresses for this criterion: {len(rows) - 5}")
    return "\n".join(rows) + "\n"


def _untagged(texts: list[str]) -> str:
    """The VLAN a switchport's untagged frames belong to (access VLAN, or the trunk's native)."""
    for prefix in ("switchport access vlan ", "switchport trunk native vlan "):
        found = next((t.split()[-1] for t in texts if t.startswith(prefix)), "")
        if found.isdigit():
            return found
    return "1"


def vlans(device: Device) -> str:
    root = _root(device)
    members: dict[str, list[str]] = {}
    for node in interfaces(device.running):
        texts = [c.text for c in node.children]
        vlan = next((t.split()[-1] for t in texts if t.startswith("switchport access vlan ")), "")
        if vlan and "switchport mode trunk" not in texts:
            members.setdefault(vlan, []).append(short(node.text.split()[1]))
    rows = [
        "VLAN Name                             Status    Ports",
        "---- -------------------------------- --------- -------------------------------",
    ]
    for node in root.startswith("vlan "):
        number = node.text.split()[1]
        if not number.isdigit():
            continue
        name = next((c.text[5:] for c in node.children if c.text.startswith("name ")), "")
        ports = ", ".join(members.get(number, []))
        rows.append(f"{number:<4} {name or 'VLAN' + number.zfill(4):<32} active    {ports}")
    return "\n".join(rows) + "\n"


# ------------------------------------------------------------------ system
def cpu() -> str:
    return (
        "CPU utilization for five seconds: 3%/0%; one minute: 2%; five minutes: 2%\n"
        " PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process \n"
    )


def memory() -> str:
    return (
        "                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)\n"
        "Processor  7FEB8B4010  1868878232   412345678  1456532554  1384562548  1383762496\n"
        "      I/O  7FEB8C4010    33554432     6842112    26712320    26696320    26711036\n"
    )


def temperature() -> str:
    return (
        "Inlet Temperature Value: 27 Degree Celsius\n"
        "Temperature State: GREEN\n"
        "Yellow Threshold : 46 Degree Celsius\n"
        "Red Threshold    : 56 Degree Celsius\n"
    )


def ntp_associations(device: Device) -> str:
    servers = [_server(n.text.split()) for n in _root(device).startswith("ntp server ")]
    rows = ["  address         ref clock       st   when   poll reach  delay  offset   disp"]
    for i, server in enumerate(s for s in servers if re.match(r"^[\d.]+$", s)):
        mark = "*~" if i == 0 else "+~"
        rows.append(
            f"{mark}{server:<15} .GPS.            1     33     64   377  0.512  -0.031   0.018"
        )
    rows.append(" * sys.peer, # selected, + candidate, - outlyer, x falseticker, ~ configured")
    return "\n".join(rows) + "\n"


def _server(words: list[str]) -> str:
    """The address of `ntp server [vrf V] ADDRESS [options]`."""
    return words[4] if words[2] == "vrf" and len(words) > 4 else words[2]


def snmp_chassis(device: Device) -> str:
    found = re.search(r"^snmp-server chassis-id (.+)$", device.running, re.M)
    return (found[1] if found else device.serial) + "\n"


# ------------------------------------------------------------------ routing
def route(device: Device, prefix: str, netmask: str) -> str:
    destination = f"{prefix}/{netmask}" if netmask else prefix
    found = oper.routes(device, destination)
    if not found or (netmask and found[0].prefix != str(ipaddress.ip_network(destination))):
        return "% Network not in table\n"
    r = found[0]
    if r.protocol == "connected":
        via = f"  * directly connected, via {r.port}\n      Route metric is 0, traffic share count is 1\n"
        return (
            f'Routing entry for {r.prefix}\n  Known via "connected", distance 0, metric 0 (connected, via interface)\n'
            f"  Routing Descriptor Blocks:\n{via}"
        )
    asn = _local_as(device)
    return (
        f"Routing entry for {r.prefix}\n"
        f'  Known via "bgp {asn}", distance 20, metric 0\n'
        f"  Tag 65010, type external\n"
        f"  Last update from {r.next_hop} 00:10:00 ago\n"
        "  Routing Descriptor Blocks:\n"
        f"  * {r.next_hop}, from {r.next_hop}, 00:10:00 ago\n"
        "      Route metric is 0, traffic share count is 1\n"
        "      AS Hops 1\n"
    )


def _local_as(device: Device) -> str:
    found = re.search(r"^router bgp (\S+)$", device.running, re.M)
    return found[1] if found else "0"


def protocols_bgp(device: Device) -> str:
    asn = _local_as(device)
    return f'Routing Protocol is "bgp {asn}"\n' if asn != "0" else ""


def ping(device: Device, destination: str) -> str:
    head = (
        "Type escape sequence to abort.\n"
        f"Sending 5, 100-byte ICMP Echos to {destination}, timeout is 2 seconds:\n"
    )
    if oper.reachable(device, destination):
        return (
            head + "!!!!!\nSuccess rate is 100 percent (5/5), round-trip min/avg/max = 1/1/2 ms\n"
        )
    return head + ".....\nSuccess rate is 0 percent (0/5)\n"


def traceroute(device: Device, destination: str) -> str:
    head = f"Type escape sequence to abort.\nTracing the route to {destination}\nVRF info: (vrf in name/id, vrf out name/id)\n"
    if oper.reachable(device, destination):
        return head + f"  1 {destination} 1 msec 1 msec 1 msec\n"
    return head + "  1  *  *  * \n"
