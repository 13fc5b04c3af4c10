"""What a running config says about a device's wiring: its ports and its BGP peers.

One reader per config dialect (indentation platforms and Junos braces), through
`bluewire.config.tree`, the one parser. `topology.py` joins the facts of every lab device into
BGP sessions and LLDP neighbours; the platforms' `show` modules read those through
`Device.topology`, never from here directly, so a session is up or down on both ends for the
same reason.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bluewire.config import tree
from bluewire.config.tree import Node
from bluewire.platforms import profile

Address = ipaddress.IPv4Interface | ipaddress.IPv6Interface
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
    router_id: str = ""  # configured BGP router-id ("" when the config sets none)
    prefixes: tuple[str, ...] = ()  # what the device originates into BGP (`network`, statics)

    @property
    def advertised(self) -> tuple[str, ...]:
        """The prefixes a BGP peer learns from this device (at least its router-id as a /32)."""
        return self.prefixes or (f"{self.bgp_id}/32",)

    @property
    def bgp_id(self) -> str:
        """The router-id BGP uses: the configured one, else the highest loopback IPv4 address,
        else the highest IPv4 address (as IOS, EOS and Junos choose it)."""
        if self.router_id:
            return self.router_id
        loopbacks = [p for p in self.ports if p.name.lower().startswith(("loopback", "lo"))]
        for ports in (loopbacks, self.ports):
            found = [a.ip for p in ports for a in p.addresses if a.version == 4]
            if found:
                return str(max(found))
        return "0.0.0.0"

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
class Session:
    """A BGP session as one end sees it."""

    up: bool
    remote_id: str = ""  # the peer's router-id while established
    prefixes: int = 0  # prefixes received while established


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
    router_id, prefixes = "", []
    for bgp in root.startswith("router bgp "):
        if len(bgp.text.split()) > 2:
            peers.update(_indented_peers(bgp))
        for _depth, node in bgp.walk():
            words = node.text.split()
            if words[:1] == ["router-id"] or words[:2] == ["bgp", "router-id"]:
                router_id = words[-1]
            found = _network(words)
            prefixes += [found] if found else []
    return Facts(ports, peers, router_id, tuple(prefixes))


def _network(words: list[str]) -> str | None:
    """`network A mask M` (IOS) or `network A/L` (EOS, OS10) as a prefix."""
    if words[:1] != ["network"] or len(words) < 2:
        return None
    text = f"{words[1]}/{words[3]}" if words[2:3] == ["mask"] and len(words) > 3 else words[1]
    try:
        return str(ipaddress.ip_network(text, strict=False))
    except ValueError:
        return None


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
    root = tree.active(tree.parse(running, "junos"))  # inactive statements do not run
    interfaces = root.child("interfaces")
    ports = tuple(_junos_port(n) for n in interfaces.children) if interfaces else ()
    local_as = _leaf(root.child("routing-options"), "autonomous-system")
    bases = [root, *(_child_path(root, "routing-instances") or Node("")).children]
    peers: dict[str, Peer] = {}
    for base in bases:
        base_as = _leaf(base.child("routing-options"), "autonomous-system") or local_as
        peers.update((p.address, p) for p in _junos_peers(base, base_as))
    options = root.child("routing-options")
    static = _child_path(options, "static")
    routes = tuple(_words(r)[1] for r in static.startswith("route ")) if static else ()
    return Facts(ports, peers, _leaf(options, "router-id"), routes)


def facts_of(running: str, platform: str) -> Facts:
    if profile(platform).braces:
        return junos_facts(running)
    return indented_facts(running, platform)
