"""What the lab IOS-XE box prints for its show/dir/verify commands, shaped for NAPALM's parsers.

Each function returns text with `\\n` line ends (the shell turns them into `\\r\\n`). Formats follow
real Catalyst 9000 / IOS-XE 17.9 output closely enough for napalm's ios driver (get_facts,
get_interfaces, get_config) and netmiko's file-transfer helpers (`dir`, `verify /md5`).
"""

from __future__ import annotations

import hashlib
import re
import time

from bluewire.config import tree
from bluewire.config.tree import Node
from bluewire.lab import facts, oper, topology
from bluewire.lab.device import Device

FLASH_TOTAL = 1621966848
_STAMP = "%H:%M:%S UTC %a %b %d %Y"


def hostname(running: str, default: str) -> str:
    m = re.search(r"^hostname (\S+)$", running, re.M)
    return m.group(1) if m else default


def show_running(device: Device) -> str:
    body = device.running.rstrip("\n") + "\nend\n"
    stamp = time.strftime(_STAMP, time.gmtime())
    head = f"!\n! Last configuration change at {stamp} by {device.username}\n!\n"
    text = head + body
    return f"Building configuration...\n\nCurrent configuration : {len(text)} bytes\n{text}"


def show_startup(device: Device) -> str:
    body = device.startup.rstrip("\n") + "\nend\n"
    stamp = time.strftime(_STAMP, time.gmtime())
    # Real IOS starts with `Using N out of 33554432 bytes`, which NAPALM passes through; the lab
    # leaves it out so startup reads back as config (bluewire's parser must still tolerate it).
    return f"!\n! NVRAM config last updated at {stamp}\n!\n{body}"


def _uptime(seconds: float) -> str:
    minutes = int(seconds // 60)
    weeks, minutes = divmod(minutes, 7 * 24 * 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    return f"{weeks} weeks, {days} days, {hours} hours, {minutes} minutes"


def show_version(device: Device) -> str:
    host = hostname(device.running, device.name)
    ver = device.os_version
    return (
        f"Cisco IOS XE Software, Version {ver}\n"
        f"Cisco IOS Software [Cupertino], Catalyst L3 Switch Software (CAT9K_IOSXE), "
        f"Version {ver}, RELEASE SOFTWARE (fc3)\n"
        "Technical Support: http://www.cisco.com/techsupport\n"
        "Copyright (c) 1986-2023 by Cisco Systems, Inc.\n"
        "Compiled Fri 20-Oct-23 10:44 by mcpre\n\n"
        "ROM: IOS-XE ROMMON\n"
        "BOOTLDR: System Bootstrap, Version 17.9.1r, RELEASE SOFTWARE (P)\n\n"
        f"{host} uptime is {_uptime(device.uptime_s())}\n"
        "System returned to ROM by Reload Command\n"
        'System image file is "flash:packages.conf"\n'
        "Last reload reason: Reload Command\n\n"
        f"cisco {device.model} (X86) processor with 1868878K/6147K bytes of memory.\n"
        f"Processor board ID {device.serial}\n"
        "11264000K bytes of physical memory.\n"
        "1638400K bytes of Crash Files at crashinfo:.\n"
        "11161600K bytes of Flash at flash:.\n\n"
        f"Model Number                       : {device.model}\n"
        f"System Serial Number               : {device.serial}\n\n"
        "Configuration register is 0x102\n"
    )


def show_hosts(running: str) -> str:
    domain = re.search(r"^ip domain[ -]name (?:vrf \S+ )?(\S+)$", running, re.M)
    servers = re.search(r"^ip name-server (?:vrf \S+ )?(.+)$", running, re.M)
    lines = [f"Default domain is {domain.group(1)}" if domain else "Default domain is not set"]
    lines.append("Name/address lookup uses domain service")
    if servers:
        lines.append("Name servers are " + ", ".join(servers.group(1).split()))
    lines += [
        "",
        "Codes: UN - unknown, EX - expired, OK - OK, ?? - revalidate",
        "       temp - temporary, perm - permanent",
        "       NA - Not Applicable None - Not defined",
        "",
        "Host                      Port  Flags      Age Type   Address(es)",
    ]
    return "\n".join(lines) + "\n"


def interfaces(running: str) -> list[Node]:
    root = tree.parse(running, "ios")
    return [n for n in root.children if re.match(r"^interface \S+$", n.text)]


def _address(node: Node) -> tuple[str, int] | None:
    for c in node.children:
        m = re.match(r"^ip address (\S+) (\S+)$", c.text)
        if m:
            bits = sum(bin(int(o)).count("1") for o in m.group(2).split("."))
            return m.group(1), bits
    return None


def _is_shut(node: Node) -> bool:
    return node.child("shutdown") is not None


def _state(device: Device, node: Node) -> tuple[str, str]:
    """(status, line protocol) as IOS prints them; oper state from the lab topology."""
    if _is_shut(node):
        return "administratively down", "down"
    up = topology.port_up(device, node.text.split()[1], True)
    return ("up", "up") if up else ("down", "down")


def show_ip_interface_brief(device: Device) -> str:
    out = ["Interface              IP-Address      OK? Method Status                Protocol"]
    for node in interfaces(device.running):
        name = node.text.split()[1]
        addr = _address(node)
        status, proto = _state(device, node)
        ip, method = (addr[0], "NVRAM") if addr else ("unassigned", "unset")
        out.append(f"{name:<22} {ip:<15} YES {method:<6} {status:<21} {proto}")
    return "\n".join(out) + "\n"


def dotted(mac: str) -> str:
    """`02:ab:cd:ef:01:23` as IOS writes it: `02ab.cdef.0123`."""
    digits = mac.replace(":", "")
    return f"{digits[:4]}.{digits[4:8]}.{digits[8:]}"


_COUNTERS = [
    "     5 minute input rate 1000 bits/sec, 2 packets/sec",
    "     5 minute output rate 1000 bits/sec, 2 packets/sec",
    "     182374 packets input, 23412877 bytes, 0 no buffer",
    "     Received 1204 broadcasts (988 multicasts)",
    "     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored",
    "     201947 packets output, 27718234 bytes, 0 underruns",
    "     0 output errors, 0 collisions, 1 interface resets",
]


def show_interfaces(device: Device) -> str:
    out: list[str] = []
    for node in interfaces(device.running):
        name = node.text.split()[1]
        state, proto = _state(device, node)
        mac = dotted(oper.mac(device.name, name))
        out.append(f"{name} is {state}, line protocol is {proto} ")
        out.append(f"  Hardware is Ethernet, address is {mac} (bia {mac})")
        desc = next((c.text[12:] for c in node.children if c.text.startswith("description ")), "")
        if desc:
            out.append(f"  Description: {desc}")
        addr = _address(node)
        if addr:
            out.append(f"  Internet address is {addr[0]}/{addr[1]}")
        mtu = next((c.text.split()[1] for c in node.children if c.text.startswith("mtu ")), "1500")
        out.append(f"  MTU {mtu} bytes, BW 1000000 Kbit/sec, DLY 10 usec, ")
        out.append("     reliability 255/255, txload 1/255, rxload 1/255")
        out.extend(_COUNTERS)
    return "\n".join(out) + "\n"


def flash_key(path: str) -> str:
    """`flash:x`, `flash:/x`, `'flash:/x'` all name the same file: key `flash:/x`."""
    path = path.strip().strip("'\"")
    fs, sep, rest = path.partition(":")
    if not sep:
        return f"flash:/{path.lstrip('/')}"
    return f"{fs}:/{rest.lstrip('/')}"


def no_such_file(path: str) -> str:
    return f"%Error opening {flash_key(path)} (No such file or directory)\n"


def dir_listing(device: Device, path: str) -> str:
    key = flash_key(path)
    free = FLASH_TOTAL - sum(len(v) for v in device.files.values())
    tail = f"\n{FLASH_TOTAL} bytes total ({free} bytes free)\n"
    if key.endswith(":/"):
        rows = [_dir_row(i, k, v) for i, (k, v) in enumerate(sorted(device.files.items()), 11)]
        return f"Directory of {key}\n\n" + "\n".join(rows) + "\n" + tail
    if key not in device.files:
        return no_such_file(key)
    return f"Directory of {key}\n\n{_dir_row(11, key, device.files[key])}\n" + tail


def _dir_row(index: int, key: str, data: bytes) -> str:
    stamp = time.strftime("%b %d %Y %H:%M:%S +00:00", time.gmtime())
    return f"{index:>6}  -rw-{len(data):>17}  {stamp}  {key.split(':/', 1)[1]}"


def verify_md5(device: Device, path: str) -> str:
    key = flash_key(path)
    if key not in device.files:
        return no_such_file(key)
    digest = hashlib.md5(device.files[key]).hexdigest()
    return f"...........MD5 of {key} Done!\nverify /md5 ({key}) = {digest}\n"


def contextual_diff(old: str, new: str) -> str:
    """`show archive config differences`: +/- lines at their indentation, parents as context."""
    lines: list[str] = []
    _diff(tree.parse(old, "ios"), tree.parse(new, "ios"), 0, lines)
    if not lines:
        return "!No changes were found\n"
    return "!Contextual Config Diffs:\n" + "\n".join(lines) + "\n"


def _diff(old: Node, new: Node, depth: int, out: list[str]) -> None:
    pad = " " * depth
    for child in new.children:
        mine = old.child(child.text)
        if mine is None:
            out.extend(f"+{pad}{' ' * d}{n.text}" for d, n in [(0, child), *child.walk(1)])
        elif child.children or mine.children:
            sub: list[str] = []
            _diff(mine, child, depth + 1, sub)
            if sub:
                out.append(f"{pad}{child.text}")
                out.extend(sub)
    for child in old.children:
        if new.child(child.text) is None:
            out.extend(f"-{pad}{' ' * d}{n.text}" for d, n in [(0, child), *child.walk(1)])


def incremental_diff(running: str, merge_text: str) -> str:
    """`show archive config incremental-diffs <file>`: the file's lines not already in running."""
    have = set(tree.parse(running, "ios").paths())
    listed: list[str] = []
    for path in tree.parse(merge_text, "ios").paths():
        negated = path[-1].startswith("no ")
        present = (*path[:-1], path[-1][3:]) in have if negated else path in have
        if negated != present:
            continue
        for depth, text in enumerate(path):
            line = " " * depth + text
            if depth < len(path) - 1 and line in listed:
                continue
            listed.append(line)
    if not listed:
        return "!List of Commands:\nend\n!No changes were found\n"
    return "!List of Commands:\n" + "\n".join(listed) + "\nend\n"


# ------------------------------------------------------------------ LLDP and BGP (lab topology)
_ABBREVIATIONS = {
    "TwentyFiveGigE": "Twe",
    "TwoGigabitEthernet": "Tw",
    "FortyGigabitEthernet": "Fo",
    "HundredGigE": "Hu",
    "TenGigabitEthernet": "Te",
    "GigabitEthernet": "Gi",
    "FastEthernet": "Fa",
    "Port-channel": "Po",
}


def short(port: str) -> str:
    """An interface name as IOS abbreviates it in tables (`TwentyFiveGigE1/0/5` -> `Twe1/0/5`)."""
    m = re.match(r"^([A-Za-z-]+)(.*)$", port)
    if not m:
        return port
    return f"{_ABBREVIATIONS.get(m[1], m[1][:2])}{m[2]}"


def show_lldp_neighbors(links: list[facts.Link]) -> str:
    head = (
        "Capability codes:\n    (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device\n"
        "    (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other\n\n"
        "Device ID           Local Intf     Hold-time  Capability      Port ID\n"
    )
    rows = "".join(
        f"{x.remote_host[:19]:<20}{short(x.local_port):<15}{'120':<11}{'B,R':<16}{x.remote_port}\n"
        for x in links
    )
    return f"{head}{rows}\nTotal entries displayed: {len(links)}\n"


def show_lldp_neighbors_detail(links: list[facts.Link]) -> str:
    blocks = [
        "------------------------------------------------\n"
        f"Local Intf: {x.local_port}\n"
        f"Chassis id: {dotted(oper.mac(x.remote_host))}\n"
        f"Port id: {x.remote_port}\n"
        f"Port Description: {x.remote_description or x.remote_port}\n"
        f"System Name: {x.remote_host}\n\n"
        "System Description: \nlab network device\n\n"
        "Time remaining: 104 seconds\n"
        "System Capabilities: B,R\n"
        "Enabled Capabilities: B,R\n"
        "Management Addresses - not advertised\n"
        "Auto Negotiation - not supported\n"
        "Physical media capabilities - not advertised\n"
        "Media Attachment Unit type - not advertised\n"
        "Vlan ID: - not advertised\n\n"
        for x in links
    ]
    return "".join(blocks) + f"\nTotal entries displayed: {len(links)}\n\n"
