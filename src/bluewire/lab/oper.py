"""Operational data every platform reports, derived once from configs and the lab's wiring.

The show modules of the four platforms print the same facts in their own formats: a device's
interface addresses, the ARP entries its links give it, where a destination is routed, whether a
ping gets an answer, and the MAC address of any port in the lab (the same on both ends of a link,
so an ARP entry on one box names the MAC the other box shows for its port).
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass

from bluewire.lab import topology
from bluewire.lab.device import Device
from bluewire.lab.facts import Facts, Port, facts_of

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def mac(device: str, port: str = "") -> str:
    """A stable, locally administered MAC for `device`'s `port` (its chassis MAC without one)."""
    digest = hashlib.sha256(f"{device}/{port}".encode()).digest()
    return "02:" + ":".join(f"{b:02x}" for b in digest[:5])


def facts(device: Device) -> Facts:
    """The device's facts (the lab's cached copy when it is in one)."""
    wiring = device.topology
    if isinstance(wiring, topology.Topology) and device.name in wiring.devices:
        return wiring.facts(device.name)
    return facts_of(device.running, device.platform)


@dataclass(frozen=True)
class Neighbor:
    """An ARP entry: a far-end address on one of the device's links."""

    port: str
    ip: str
    mac: str


def arp(device: Device) -> list[Neighbor]:
    """The far ends of the device's up links that share a subnet with the local port."""
    wiring = device.topology
    if not isinstance(wiring, topology.Topology):
        return []
    entries: list[Neighbor] = []
    for port in facts(device).ports:
        far = wiring.far_end(device.name, port.name)
        if far is None or not topology.port_up(device, port.name, port.enabled):
            continue
        nets = {a.network for a in port.addresses}
        for address in far[1].addresses:
            if address.network in nets:
                entries.append(Neighbor(port.name, str(address.ip), mac(far[0], far[1].name)))
    return entries


@dataclass(frozen=True)
class Route:
    prefix: str
    protocol: str  # "connected" or "bgp"
    port: str
    next_hop: str = ""


def table(device: Device) -> list[Route]:
    """The device's routes: its connected subnets, and what its BGP peers advertise."""
    connected = [
        Route(str(a.network), "connected", port.name)
        for port in _up_ports(device)
        for a in port.addresses
    ]
    wiring = device.topology
    if not isinstance(wiring, topology.Topology) or device.name not in wiring.devices:
        return connected
    learned = []
    for prefix, hop in wiring.learned(device.name):
        via = _longest(connected, hop)
        if via and not device.check_fails(hop):
            learned.append(Route(prefix, "bgp", via[0].port, hop))
    return connected + learned


def routes(device: Device, destination: str) -> list[Route]:
    """The routes to `destination` (an address or prefix): the longest matches."""
    return _longest(table(device), destination)


def _longest(candidates: list[Route], destination: str) -> list[Route]:
    try:
        wanted = ipaddress.ip_network(destination, strict=False)
    except ValueError:
        return []
    best: list[tuple[int, Route]] = []
    for route in candidates:
        net = ipaddress.ip_network(route.prefix)
        if net.version == wanted.version and wanted.subnet_of(net):  # type: ignore[arg-type]
            best.append((net.prefixlen, route))
    longest = max((length for length, _ in best), default=-1)
    return [route for length, route in best if length == longest]


def reachable(device: Device, destination: str) -> bool:
    """A ping answers: the address is the device's own, or the device has a route to it and it
    belongs to an enabled port of a lab device that is up."""
    if any(str(a.ip) == destination for p in _up_ports(device) for a in p.addresses):
        return True
    wiring = device.topology
    if not isinstance(wiring, topology.Topology) or not routes(device, destination):
        return False
    owner = wiring.wiring()[0].get(destination)
    return owner is not None and not wiring.devices[owner[0]].is_down()


def _up_ports(device: Device) -> list[Port]:
    return [p for p in facts(device).ports if topology.port_up(device, p.name, p.enabled)]
