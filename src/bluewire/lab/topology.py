"""Operational state that follows the lab's wiring: links, BGP sessions and LLDP neighbours.

One module for every platform, so a link or a session is up or down on both ends for the same
reason. It joins the `facts.py` view of every device's *running* config:

- a link joins two physical ports whose descriptions name each other (`<host> <port>`, as the
  example inventory writes them: both sides must agree), or two physical ports of different
  devices on the same /30 or /31. A port whose far end is shut (or whose far device is down)
  is operationally down; LLDP shows a neighbour only while both ends are up.
- a BGP session from A to address X is Established when X sits on an enabled interface of lab
  device B, B has a neighbor statement back to an address of A's enabled interfaces, each side's
  `remote-as` equals the other's local AS, and neither neighbor is shut. Break either side and
  the session is down on both. An established session reports the peer's router-id and the
  prefixes the peer originates.

The show modules of every platform read this only through `port_up`, `bgp_session`, `bgp_of`
and `lldp_of` below, which is also the one place the `failing-check` fault takes effect.
`fleet.start_lab` sets `device.topology`; a device started alone has none.
"""

from __future__ import annotations

import ipaddress
import re
import threading
from collections.abc import Iterable, Mapping

from bluewire.lab.device import Device
from bluewire.lab.facts import Facts, Link, Port, Session, facts_of

_LOGICAL = re.compile(
    r"^(port-channel|vlan|loopback|management|mgmt|tunnel|vxlan|nve|bvi|null|ae\d|irb|lo\d|"
    r"reth|st\d|fxp|em\d|me\d|vme|po\d)",
    re.IGNORECASE,
)
End = tuple[str, Port]  # (device name, port)


class Topology:
    """The lab's wiring, recomputed from running configs as they change (cached per text)."""

    def __init__(self, devices: dict[str, Device]) -> None:
        self.devices = devices  # the lab's own dict: devices started later are seen too
        self._lock = threading.Lock()
        self._facts: dict[str, tuple[str, Facts]] = {}
        self._wiring: tuple[dict[str, End], dict[tuple[str, str], End]] = ({}, {})
        self._wiring_key: tuple[int, int] = (-1, 0)
        self._generation = 0  # bumped by every running-config change (Device.__setattr__)

    def changed(self) -> None:
        with self._lock:
            self._generation += 1

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

    def wiring(self) -> tuple[dict[str, End], dict[tuple[str, str], End]]:
        """(address -> its enabled port, (device, port name) -> the far end of its link).

        Recomputed from every device only after a change (or a device added), so a read costs the
        same in a lab of 20 devices as in one of 1,000."""
        with self._lock:
            key = (self._generation, len(self.devices))
            if key == self._wiring_key:
                return self._wiring
        all_facts = {name: self.facts(name) for name in list(self.devices)}
        owners = {
            str(address.ip): (name, port)
            for name, facts in all_facts.items()
            for port in facts.ports
            if port.enabled
            for address in port.addresses
        }
        wiring = (owners, _links(all_facts))
        with self._lock:
            self._wiring, self._wiring_key = wiring, key
        return wiring

    # -------------------------------------------------------------- links
    def far_end(self, name: str, port: str) -> End | None:
        return self.wiring()[1].get((name, port)) if name in self.devices else None

    def port_up(self, name: str, port: str) -> bool:
        """An enabled port is down when the far end of its link is shut or its device is down."""
        far = self.far_end(name, port)
        return far is None or (far[1].enabled and not self.devices[far[0]].is_down())

    def lldp(self, name: str) -> list[Link]:
        """Neighbours seen on the enabled physical ports of device `name`."""
        if name not in self.devices:
            return []
        links: list[Link] = []
        for port in self.facts(name).ports:
            far = self.far_end(name, port.name)
            if port.enabled and far is not None and self.port_up(name, port.name):
                links.append(Link(port.name, far[0], far[1].name, far[1].description))
        return links

    # -------------------------------------------------------------- BGP
    def bgp_up(self, name: str, address: str) -> bool:
        """Whether the session from device `name` to `address` is Established."""
        if name not in self.devices:
            return False
        mine = self.facts(name).peers.get(_canonical(address))
        owners = self.wiring()[0]
        other = owners.get(_canonical(address))
        if mine is None or not mine.enabled or other is None or other[0] == name:
            return False
        if self.devices[other[0]].is_down():
            return False
        theirs = self.facts(other[0]).peers.values()
        return any(
            peer.enabled
            and owners.get(peer.address, ("", None))[0] == name
            and peer.remote_as == mine.local_as
            and mine.remote_as == peer.local_as
            for peer in theirs
        )

    def learned(self, name: str) -> list[tuple[str, str]]:
        """(prefix, next hop) for every prefix device `name` learns over an established session."""
        out: list[tuple[str, str]] = []
        for address in self.facts(name).peers:
            if self.bgp_up(name, address):
                other = self.facts(self.wiring()[0][_canonical(address)][0])
                out += [(prefix, address) for prefix in other.advertised]
        return out

    def bgp_session(self, name: str, address: str) -> Session:
        if not self.bgp_up(name, address):
            return Session(False)
        other = self.facts(self.wiring()[0][_canonical(address)][0])
        return Session(True, other.bgp_id, len(other.advertised))


def _links(all_facts: dict[str, Facts]) -> dict[tuple[str, str], End]:
    """Both directions of every link: agreed descriptions first, then shared /30 and /31s."""
    links: dict[tuple[str, str], End] = {}
    for name, facts in all_facts.items():
        for port in _physical(facts):
            far = _described(all_facts, name, port)
            if far is not None:
                links[(name, port.name)] = far
    subnets: dict[str, list[End]] = {}
    for name, facts in all_facts.items():
        for port in _physical(facts):
            for address in port.addresses:
                if address.network.prefixlen >= address.max_prefixlen - 2:
                    subnets.setdefault(str(address.network), []).append((name, port))
    for ends in subnets.values():
        if len(ends) == 2 and ends[0][0] != ends[1][0]:
            links.setdefault((ends[0][0], ends[0][1].name), ends[1])
            links.setdefault((ends[1][0], ends[1][1].name), ends[0])
    return links


def _physical(facts: Facts) -> list[Port]:
    return [port for port in facts.ports if not _LOGICAL.match(port.name)]


def _described(all_facts: dict[str, Facts], name: str, port: Port) -> End | None:
    """The far end `port`'s description names, if that port's description names `port` back."""
    words = port.description.split()
    if len(words) != 2 or words[0] == name or words[0] not in all_facts:
        return None
    far = all_facts[words[0]].port(words[1])
    back = far.description.split() if far is not None else []
    if far is None or _LOGICAL.match(far.name) or len(back) != 2 or back[0] != name:
        return None
    return (words[0], far) if all_facts[name].port(back[1]) == port else None


def description_mistakes(
    all_facts: Mapping[str, Facts], names: Iterable[str] | None = None
) -> list[tuple[str, str, str]]:
    """(device, port, what is wrong) for each description that names a far port the lab will
    not wire: a port the far device does not have, or one whose description does not name this
    port back. Only physical ports whose description starts `<device> <port>` are links; words
    after the port (`(HA link)`) are the reader's. `check` warns with these (for the devices
    `names`, default all; a device's answer reads only its own ports and those of the devices
    `named_devices` lists)."""
    found = []
    for name in all_facts if names is None else names:
        for port in _physical(all_facts[name]):
            words = port.description.split()
            if len(words) < 2 or words[0] == name or words[0] not in all_facts:
                continue
            if not any(c.isdigit() for c in words[1]):
                continue  # `dc-leaf-2 MLAG peer-link` names a device, not a port
            problem = _far_end_problem(all_facts, name, port, words[0], words[1])
            if problem:
                found.append((name, port.name, problem))
    return found


def named_devices(all_facts: Mapping[str, Facts], name: str) -> list[str]:
    """The other devices `name`'s port descriptions name, present or not: its
    `description_mistakes` change only when one of these (or `name`) changes or comes or goes."""
    named = {
        words[0]
        for port in _physical(all_facts[name])
        if len(words := port.description.split()) >= 2
    }
    return sorted(named - {name})


def _far_end_problem(
    all_facts: Mapping[str, Facts], name: str, port: Port, device: str, written: str
) -> str:
    said = f'description "{port.description}"'
    far = all_facts[device].port(written)
    if far is None or _LOGICAL.match(far.name):
        return f"{said} names {device} {written}, a port {device} does not have"
    back = far.description.split()
    if len(back) >= 2 and back[0] == name and all_facts[name].port(back[1]) == port:
        return ""
    answer = f'"{far.description}"' if far.description else "no description"
    return f"{said}, but {device} {far.name} has {answer}: the two ends disagree"


def _canonical(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return address


# ------------------------------------------------------------------ what the show modules call
def port_up(device: Device, port: str, enabled: bool) -> bool:
    """The operational state every platform's getters report for `port` (admin state given)."""
    if not enabled or device.check_fails(port):
        return False
    wiring = device.topology
    return wiring is None or wiring.port_up(device.name, port)


def bgp_session(device: Device, address: str) -> Session | None:
    """`device`'s BGP session to `address`; None when the device is not in a lab."""
    if device.check_fails(address):
        return Session(False)
    wiring = device.topology
    return None if wiring is None else wiring.bgp_session(device.name, address)


def bgp_of(device: Device, address: str) -> bool | None:
    """Whether `device`'s session to `address` is up; None when the device is not in a lab."""
    session = bgp_session(device, address)
    return None if session is None else session.up


def lldp_of(device: Device) -> list[Link] | None:
    """`device`'s LLDP neighbours; None when the device is not in a lab."""
    wiring = device.topology
    return None if wiring is None else wiring.lldp(device.name)
