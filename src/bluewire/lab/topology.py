"""Operational state that follows the lab's wiring: BGP sessions and LLDP neighbours.

One module for every platform, so a session is up or down on both ends for the same reason. It
reads each device's *running* config (through `bluewire.config.tree`, the one parser):

- a BGP session from A to address X is Established when X sits on an enabled interface of lab
  device B, B has a neighbor statement back to an address of A's enabled interfaces, each side's
  `remote-as` equals the other's local AS, and neither neighbor is shut. Break either side and
  the session is down on both, as on real routers.
- an LLDP neighbour is seen on an enabled physical port whose description names a lab host and
  its port (`<host> <port>`, as the example inventory writes them), or that shares a /30 or /31
  with an enabled port of another lab device. A shut port on either end hides the neighbour.

Fronts reach it through the device (`attach` sets `device.lab_topology`; EOS also gets its
`bgp_peer_up` hook); a device started alone has no topology and keeps its front's default.
"""

from __future__ import annotations

import ipaddress
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from bluewire.config import tree
from bluewire.config.tree import Node
from bluewire.lab.device import Device

Address = ipaddress.IPv4Interface | ipaddress.IPv6Interface
_LOGICAL = re.compile(
    r"^(port-channel|vlan|loopback|management|mgmt|tunnel|vxlan|nve|bvi|null|ae\d|irb|lo\d|"
    r"reth|st\d|fxp|em\d|me\d|vme|po\d)",
    re.IGNORECASE,
)
_PORT_NAME = re.compile(r"^([A-Za-z-]*)(.*)$")
_QUOTED = re.compile(r'"[^"]*"|\S+')


@dataclass(frozen=True)
class Port:
    name: str
    enabled: bool
    description: str
    addresses: tuple[Address, ...]


@dataclass(frozen=True)
class Peer:
    address: str
    remote_as: str
    local_as: str
    enabled: bool


@dataclass(frozen=True)
class Facts:
    ports: tuple[Port, ...]
    peers: dict[str, Peer]

    def port(self, written: str) -> Port | None:
        """The port `written` names, abbreviations allowed (`Et50/1`, `Twe1/0/5`)."""
        want = _split_port(written)
        for port in self.ports:
            have = _split_port(port.name)
            if port.name.lower() == written.lower():
                return port
            if want[0] and want[1] == have[1] and have[0].startswith(want[0]):
                return port
        return None


@dataclass(frozen=True)
class Link:
    """One LLDP neighbour as the local device sees it."""

    local_port: str
    remote_host: str
    remote_port: str
    remote_description: str = ""


def _split_port(name: str) -> tuple[str, str]:
    """(lower-case letters, the rest): `Et50/1` → ("et", "50/1")."""
    m = _PORT_NAME.match(name)
    return (m[1].lower(), m[2]) if m else ("", name)


# ------------------------------------------------------------------ config → facts
def _address(words: list[str]) -> Address | None:
    """`ip address A/L`, `ip address A MASK` or Junos `address A/L`, else None."""
    try:
        if len(words) >= 2 and re.fullmatch(r"\d+\.\d+\.\d+\.\d+", words[1]):
            return ipaddress.ip_interface(f"{words[0]}/{words[1]}")
        return ipaddress.ip_interface(words[0])
    except ValueError:
        return None


def _unquote(text: str) -> str:
    return text.strip().strip('"')


def _indented_port(node: Node) -> Port:
    texts = [c.text for c in node.children]
    desc = next((t.split(" ", 1)[1] for t in texts if t.startswith("description ")), "")
    found = (_address(t.split()[2:]) for t in texts if t.startswith("ip address "))
    addresses = tuple(a for a in found if a is not None)
    shut = "shutdown" in texts or "shut" in texts
    return Port(node.text.split(None, 1)[1], not shut, _unquote(desc), addresses)


def _indented_peers(bgp: Node) -> dict[str, Peer]:
    local_as = bgp.text.split()[2]
    attrs: dict[str, dict[str, str]] = {}
    for _depth, node in bgp.walk():
        words = node.text.split()
        if len(words) < 2 or words[0] != "neighbor":
            continue
        entry = attrs.setdefault(words[1], {})
        for rest in [words[2:], *(c.text.split() for c in node.children)]:
            if rest and rest[0] in ("remote-as", "shutdown", "peer-group", "peer"):
                entry[rest[0]] = rest[-1] if len(rest) > 1 else "yes"
    peers: dict[str, Peer] = {}
    for name, entry in attrs.items():
        group = attrs.get(entry.get("peer-group") or entry.get("peer", ""), {})
        remote = entry.get("remote-as") or group.get("remote-as", "")
        enabled = "shutdown" not in entry and "shutdown" not in group
        peers[name] = Peer(name, remote, local_as, enabled)
    return peers


def indented_facts(running: str, platform: str) -> Facts:
    root = tree.parse(running, platform)
    ports = tuple(_indented_port(n) for n in root.children if n.text.startswith("interface "))
    peers: dict[str, Peer] = {}
    for bgp in root.startswith("router bgp "):
        if len(bgp.text.split()) > 2:
            peers.update(_indented_peers(bgp))
    return Facts(ports, peers)


def _words(node: Node) -> list[str]:
    return [_unquote(w) for w in _QUOTED.findall(node.text)]


def _leaf(node: Node | None, key: str) -> str:
    for child in node.children if node else []:
        words = _words(child)
        if len(words) > 1 and words[0] == key:
            return words[1]
    return ""


def _junos_port(node: Node) -> Port:
    enabled = node.child("disable") is None
    addresses: list[Address] = []
    for unit in node.startswith("unit "):
        if unit.child("disable") is not None:
            continue
        for _depth, leaf in unit.walk():
            words = _words(leaf)
            if words[0] == "address" and len(words) > 1:
                found = _address(words[1:2])
                addresses += [found] if found else []
    return Port(node.text.split()[0], enabled, _leaf(node, "description"), tuple(addresses))


def _junos_peers(base: Node, local_as: str) -> Iterator[Peer]:
    bgp = _child_path(base, "protocols", "bgp")
    for group in bgp.startswith("group ") if bgp else []:
        group_as = _leaf(group, "peer-as")
        group_local = _leaf(group, "local-as") or local_as
        for nb in group.startswith("neighbor "):
            enabled = nb.child("shutdown") is None and group.child("shutdown") is None
            remote = _leaf(nb, "peer-as") or group_as or group_local
            yield Peer(_words(nb)[1], remote, _leaf(nb, "local-as") or group_local, enabled)


def _child_path(node: Node | None, *texts: str) -> Node | None:
    for text in texts:
        node = node.child(text) if node else None
    return node


def junos_facts(running: str) -> Facts:
    root = tree.parse(running, "junos")
    interfaces = root.child("interfaces")
    ports = tuple(_junos_port(n) for n in interfaces.children) if interfaces else ()
    local_as = _leaf(root.child("routing-options"), "autonomous-system")
    bases = [root, *(_child_path(root, "routing-instances") or Node("")).children]
    peers: dict[str, Peer] = {}
    for base in bases:
        base_as = _leaf(base.child("routing-options"), "autonomous-system") or local_as
        peers.update((p.address, p) for p in _junos_peers(base, base_as))
    return Facts(ports, peers)


def facts_of(running: str, platform: str) -> Facts:
    if platform == "junos":
        return junos_facts(running)
    return indented_facts(running, platform)


# ------------------------------------------------------------------ the lab-wide view
class Topology:
    """The lab's wiring, recomputed from running configs as they change (cached per text)."""

    def __init__(self, devices: dict[str, Device]) -> None:
        self.devices = devices  # the lab's own dict: devices started later are seen too
        self._lock = threading.Lock()
        self._facts: dict[str, tuple[str, Facts]] = {}
        self._owners: dict[str, tuple[str, Port]] = {}
        self._owners_key: tuple[int, ...] = ()

    def facts(self, name: str) -> Facts:
        device = self.devices[name]
        running = device.running
        with self._lock:
            cached = self._facts.get(name)
            if cached is not None and cached[0] is running:
                return cached[1]
        found = facts_of(running, device.platform)
        with self._lock:
            self._facts[name] = (running, found)
        return found

    def owners(self) -> dict[str, tuple[str, Port]]:
        """Address → (device, port) for every enabled interface address in the lab."""
        all_facts = {name: self.facts(name) for name in list(self.devices)}
        key = tuple(id(f) for f in all_facts.values())
        with self._lock:
            if key == self._owners_key:
                return self._owners
        owners: dict[str, tuple[str, Port]] = {}
        for name, facts in all_facts.items():
            for port in facts.ports:
                for address in port.addresses if port.enabled else ():
                    owners[str(address.ip)] = (name, port)
        with self._lock:
            self._owners, self._owners_key = owners, key
        return owners

    # -------------------------------------------------------------- BGP
    def bgp_up(self, name: str, address: str) -> bool:
        """Whether the session from device `name` to `address` is Established."""
        mine = self.facts(name).peers.get(_canonical(address))
        owners = self.owners()
        other = owners.get(_canonical(address))
        if mine is None or not mine.enabled or other is None or other[0] == name:
            return False
        if self.devices[other[0]].faults.unreachable:
            return False
        theirs = self.facts(other[0]).peers.values()
        return any(
            peer.enabled
            and owners.get(peer.address, ("", None))[0] == name
            and peer.remote_as == mine.local_as
            and mine.remote_as == peer.local_as
            for peer in theirs
        )

    # -------------------------------------------------------------- LLDP
    def lldp(self, name: str) -> list[Link]:
        """Neighbours seen on the enabled physical ports of device `name`."""
        links: list[Link] = []
        for port in self.facts(name).ports:
            if port.enabled and not _LOGICAL.match(port.name):
                link = self._described(name, port) or self._shared(name, port)
                links += [link] if link else []
        return links

    def _described(self, name: str, port: Port) -> Link | None:
        words = port.description.split()
        if len(words) != 2 or words[0] == name or words[0] not in self.devices:
            return None
        remote = self.facts(words[0]).port(words[1])
        if remote is None:
            return Link(port.name, words[0], words[1])
        return (
            Link(port.name, words[0], remote.name, remote.description) if remote.enabled else None
        )

    def _shared(self, name: str, port: Port) -> Link | None:
        for address in port.addresses:
            if address.network.prefixlen < address.max_prefixlen - 2:
                continue
            for host in address.network:
                owner = self.owners().get(str(host))
                if owner and owner[0] != name and not _LOGICAL.match(owner[1].name):
                    return Link(port.name, owner[0], owner[1].name, owner[1].description)
        return None


def _canonical(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return address


# ------------------------------------------------------------------ what the fronts call
def attach(devices: dict[str, Device]) -> Topology:
    """One topology over `devices` (the lab's dict); later `attach_device` calls join it."""
    topology = Topology(devices)
    for device in devices.values():
        attach_device(device, topology)
    return topology


def attach_device(device: Device, topology: Topology) -> None:
    device.lab_topology = topology  # type: ignore[attr-defined]
    device.bgp_peer_up = bgp_of  # type: ignore[attr-defined]  # EOS front's hook


def of(device: Device) -> Topology | None:
    found = getattr(device, "lab_topology", None)
    return found if isinstance(found, Topology) and device.name in found.devices else None


def bgp_of(device: Device, address: str) -> bool | None:
    """Whether `device`'s session to `address` is up; None when the device is not in a lab."""
    topology = of(device)
    return None if topology is None else topology.bgp_up(device.name, address)


def lldp_of(device: Device) -> list[Link] | None:
    """`device`'s LLDP neighbours; None when the device is not in a lab."""
    topology = of(device)
    return None if topology is None else topology.lldp(device.name)
