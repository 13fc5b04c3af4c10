"""Lab OS10 `show` output for addresses, ARP and the chassis (what NAPALM's getters read).

Formats follow the Dell SmartFabric OS10 User Guide's examples: `show ip interface brief` and
`show ipv6 interface brief` (the Interface Name / IP-Address / OK / Method / Status / Protocol and
admin/protocol / IPV6 Address/Link-Local Address tables), `show ip arp` (Address, Hardware
address, Interface, Egress Interface), `show environment` (unit state, then the thermal sensors),
`show system` (node, power supplies with their wattage as 10.5.5.5+ prints it on an S5248F-ON,
fan trays) and `show processes node-id 1` (a `top` snapshot). The numbers are the lab's own:
steady, healthy readings, the same for a device on every call.

Addresses, link state and ARP come from the running config and the lab's wiring (`lab.oper`,
`lab.topology`); the management gateway (`management route ... <gateway>`) is always in ARP,
as on a switch that is managed at all.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re

from bluewire.config import tree
from bluewire.lab import oper, topology
from bluewire.lab.device import Device
from bluewire.lab.platforms.dellos10.show import LONG, interfaces, uptime_text

_V6 = re.compile(r"^ipv6 address (\S+/\d+)( link-local)?$")
_GATEWAY = re.compile(r"^management route \S+ (\d+\.\d+\.\d+\.\d+)$")


def _seed(device: Device, what: str, span: int) -> int:
    """A small number that differs between devices and readings but never between calls."""
    return hashlib.sha256(f"{device.name}/{what}".encode()).digest()[0] % span


def _children(running: str) -> dict[str, list[str]]:
    root = tree.parse(running, "dellos10")
    return {
        n.text.split(None, 1)[1]: [c.text for c in n.children]
        for n in root.startswith("interface ")
    }


# ------------------------------------------------------------------ addresses
def show_ip_interface_brief(device: Device) -> str:
    ports = {p.name: p for p in oper.facts(device).ports}
    config = _children(device.running)
    lines = [
        f"{'Interface Name':<26}{'IP-Address':<20}{'OK':<9}{'Method':<13}{'Status':<11}Protocol",
        "=" * 89,
    ]
    for i in interfaces(device.running):
        v4 = [a for a in (ports[i.name].addresses if i.name in ports else ()) if a.version == 4]
        dhcp = "ip address dhcp" in config.get(i.name, [])
        address = str(v4[0]) if v4 else "unassigned"
        method = "manual" if v4 else ("DHCP" if dhcp else "unset")
        up = topology.port_up(device, i.name, i.enabled)
        name = f"{LONG[i.kind]} {i.number}"
        row = f"{name:<26}{address:<20}{'YES' if up else 'NO':<9}{method:<13}"
        lines.append(f"{row}{'up' if i.enabled else 'down':<11}{'up' if up else 'down'}")
    return "\n".join(lines) + "\n"


def _link_local(device: Device, port: str) -> str:
    """fe80::/64 with the EUI-64 of the port's MAC, as OS10 derives it."""
    octets = [int(b, 16) for b in oper.mac(device.name, port).split(":")]
    octets[0] ^= 0x02
    eui = [*octets[:3], 0xFF, 0xFE, *octets[3:]]
    words = [f"{eui[i] << 8 | eui[i + 1]:x}" for i in range(0, 8, 2)]
    return f"fe80::{':'.join(words)}/64"


def show_ipv6_interface_brief(device: Device) -> str:
    config = _children(device.running)
    lines = [
        f"{'Interface Name':<22}{'admin/protocol':<17}{'IPV6 Address/Link-Local Address':<38}"
        "IPv6 Oper Status",
        "=" * 91,
    ]
    for i in interfaces(device.running):
        found = [m for t in config.get(i.name, []) if (m := _V6.match(t))]
        if not found and "ipv6 enable" not in config.get(i.name, []):
            continue
        local = next((m[1] for m in found if m[2]), _link_local(device, i.name))
        up = topology.port_up(device, i.name, i.enabled)
        state = f"{'up' if i.enabled else 'down'} / {'up' if up else 'down'}"
        addresses = [local, *(str(ipaddress.ip_interface(m[1])) for m in found if not m[2])]
        name = f"{LONG[i.kind]} {i.number}"
        for n, address in enumerate(addresses):
            last = "Enabled" if n == len(addresses) - 1 else ""
            lines.append(
                f"{name if n == 0 else '':<22}{state if n == 0 else '':<17}{address:<38}{last}"
            )
    return "\n".join(lines) + "\n"


def show_ip_arp(device: Device) -> str:
    lines = [
        f"{'Address':<16}{'Hardware address':<20}{'Interface':<22}Egress Interface",
        "-" * 78,
    ]
    rows = [(n.ip, n.mac, n.port) for n in oper.arp(device)]
    mgmt = next((p for p in oper.facts(device).ports if p.name.startswith("mgmt")), None)
    for line in device.running.splitlines():
        m = _GATEWAY.match(line)
        if (
            m
            and mgmt
            and mgmt.enabled
            and any(ipaddress.ip_address(m[1]) in a.network for a in mgmt.addresses)
        ):
            rows.append((m[1], oper.mac(f"gateway-{m[1]}"), mgmt.name))
    for ip, mac, port in sorted(set(rows)):
        lines.append(f"{ip:<16}{mac:<20}{port:<22}{port}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ chassis
def show_environment(device: Device) -> str:
    sensors = [
        "CPU On-Board",
        "Switch board",
        "System Inlet Ambient-1",
        "System Inlet Ambient-2",
        "NPU",
    ]
    temps = [28 + _seed(device, s, 12) + (14 if s == "NPU" else 0) for s in sensors]
    lines = [
        "Unit    State             Temperature",
        "-" * 38,
        f"1       up                {max(temps)}",
    ]
    lines += [
        "Thermal sensors",
        "Unit   Sensor-Id        Sensor-name                               Temperature",
        "-" * 78,
    ]
    for n, (name, temp) in enumerate(zip(sensors, temps, strict=True), 1):
        lines.append(f"1       {n:<12}{name + ' temp sensor':<46}{temp}")
    return "\n".join(lines) + "\n"


def show_system(device: Device) -> str:
    lines = [
        "Node Id              : 1",
        f"MAC                  : {oper.mac(device.name)}",
        "Number of MACs       : 256",
        f"Up Time              : {_uptime(device)}",
        "-- Unit 1 --",
        "Status                     : up",
        f"Required Type              : {device.model.removesuffix('-ON')}",
        f"Current Type               : {device.model.removesuffix('-ON')}",
        f"Software Version           : {device.os_version}",
        "-- Power Supplies --",
        "PSU-ID Status Type Power(w) AvgPower(w) AvgPowerStartTime AirFlow",
        "-" * 66,
    ]
    for psu in (1, 2):
        watts = 150 + _seed(device, f"psu{psu}", 40)
        lines.append(f"{psu:<7}up     AC   {watts:<9}{watts:<12}01/01/2024-00:00  NORMAL")
    lines += ["-- Fan Status --", "FanTray  Status  AirFlow   Fan  Speed(rpm)  Status", "-" * 51]
    for tray in range(1, 5):
        for fan in (1, 2):
            rpm = 7400 + _seed(device, f"fan{tray}/{fan}", 200) * 4
            head = f"{tray:<9}up      NORMAL    " if fan == 1 else " " * 27
            lines.append(f"{head}{fan:<5}{rpm:<12}up")
    return "\n".join(lines) + "\n"


def _uptime(device: Device) -> str:
    return uptime_text(device.uptime_s())


def show_processes(device: Device) -> str:
    idle = 90.0 + _seed(device, "idle", 80) / 10
    total, used = 16_331_244, 2_400_000 + _seed(device, "mem", 200) * 1000
    free, cache = total - used - 900_000, 900_000
    return (
        f"top - 00:00:00 up {_uptime(device)},  1 user,  load average: 0.31, 0.35, 0.33\n"
        "Tasks: 233 total,   1 running, 232 sleeping,   0 stopped,   0 zombie\n"
        f"%Cpu(s):  {100 - idle - 1.0:.1f} us,  1.0 sy,  0.0 ni, {idle:.1f} id,  0.0 wa,  0.0 hi,"
        "  0.0 si,  0.0 st\n"
        f"KiB Mem : {total} total, {free} free, {used} used, {cache} buff/cache\n"
        f"KiB Swap:        0 total,        0 free,        0 used. {free + cache} avail Mem\n"
        "  PID USER      PR  NI    VIRT    RES    SHR S  %CPU %MEM     TIME+ COMMAND\n"
        " 1502 root      20   0 3861204 351288 109316 S   2.0  2.2  12:03.41 base_nas\n"
    )
