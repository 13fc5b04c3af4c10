"""Operational state that follows the lab's wiring: BGP sessions and LLDP neighbours.

One module for every platform, so a session is up or down on both ends for the same reason. It
joins the `facts.py` view of every device's *running* config:

- a BGP session from A to address X is Established when X sits on an enabled interface of lab
  device B, B has a neighbor statement back to an address of A's enabled interfaces, each side's
  `remote-as` equals the other's local AS, and neither neighbor is shut. Break either side and
  the session is down on both, as on real routers.
- an LLDP neighbour is seen on an enabled physical port whose description names a lab host and
  its port (`<host> <port>`, as the example inventory writes them), or that shares a /30 or /31
  with an enabled port of another lab device. A shut port on either end hides the neighbour.

`fleet.start_lab` sets `device.topology` on every device it starts; the platforms' show modules
read it through `lldp_of` / `bgp_of`. A device started alone has no topology (None).
"""

from __future__ import annotations

import ipaddress
import re
import threading

from bluewire.lab.device import Device
from bluewire.lab.facts import Facts, Link, Port, facts_of

_LOGICAL = re.compile(
    r"^(port-channel|vlan|loopback|management|mgmt|tunnel|vxlan|nve|bvi|null|ae\d|irb|lo\d|"
    r"reth|st\d|fxp|em\d|me\d|vme|po\d)",
    re.IGNORECASE,
)


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
        if name not in self.devices:
            return False
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
        if name not in self.devices:
            return []
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


# ------------------------------------------------------------------ what the show modules call
def bgp_of(device: Device, address: str) -> bool | None:
    """Whether `device`'s session to `address` is up; None when the device is not in a lab."""
    wiring = device.topology
    return None if wiring is None else wiring.bgp_up(device.name, address)


def lldp_of(device: Device) -> list[Link] | None:
    """`device`'s LLDP neighbours; None when the device is not in a lab."""
    wiring = device.topology
    return None if wiring is None else wiring.lldp(device.name)
