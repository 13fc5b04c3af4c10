"""Post-check comparisons: what was healthy before the change must still be healthy after it.

The run takes a snapshot through NAPALM getters (`get_interfaces`, `get_bgp_neighbors`) before the
commit and another on a fresh connection after it. An interface that was up must still be up,
unless the intended config shuts it; a BGP session that was established must still be, unless the
intended config no longer has that neighbor. (NAPALM has no OSPF getter; OSPF adjacencies are
covered by the interface and user checks.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bluewire.apply.result import CheckResult
from bluewire.config.value import Config, tree_of

_NEIGHBOR = re.compile(r"^neighbor (\S+)")
MAX_SHOWN = 10


@dataclass(frozen=True)
class Health:
    """Up/down state by name: interfaces by interface name, BGP peers by `vrf/address`."""

    interfaces: dict[str, bool] = field(default_factory=dict)
    bgp: dict[str, bool] = field(default_factory=dict)


def health_from_getters(interfaces: Mapping[str, Any], bgp: Mapping[str, Any]) -> Health:
    """A Health from NAPALM's `get_interfaces()` and `get_bgp_neighbors()` dictionaries."""
    ifaces = {name: bool(state.get("is_up")) for name, state in interfaces.items()}
    peers: dict[str, bool] = {}
    for vrf, table in bgp.items():
        for address, state in (table.get("peers") or {}).items():
            peers[peer_key(vrf, str(address))] = bool(state.get("is_up"))
    return Health(ifaces, peers)


def peer_key(vrf: str, address: str) -> str:
    return address if vrf in ("global", "default", "") else f"{vrf}/{address}"


@dataclass(frozen=True)
class Expected:
    """What the intended config itself takes down: shut interfaces, removed BGP neighbors."""

    shut: frozenset[str] = frozenset()
    neighbors: frozenset[str] = frozenset()


def expected_from(intended: str | Config, platform: str) -> Expected:
    root = tree_of(intended, platform)
    if platform == "junos":
        section = root.child("interfaces")
        blocks = section.children if section else []
        shut = {b.text for b in blocks if b.child("disable") is not None}
    else:
        shut = {
            b.text.split(" ", 1)[1]
            for b in root.startswith("interface ")
            if b.child("shutdown") is not None
        }
    neighbors = {m[1] for path in root.paths() for e in path if (m := _NEIGHBOR.match(e))}
    return Expected(frozenset(shut), frozenset(neighbors))


def runs_bgp(config: str | Config, platform: str) -> bool:
    """Whether `config` configures BGP at all (`router bgp`, Junos `protocols bgp`): without it
    the device has no BGP session, so asking for its neighbours would only cost round trips."""
    return any(
        element == "bgp" or element.startswith("router bgp")
        for path in tree_of(config, platform).paths()
        for element in path
    )


def compare(before: Health, after: Health, expected: Expected) -> list[CheckResult]:
    """One result for interfaces and one for BGP, each naming what went down."""
    lost_ifaces = [
        f"{name} {'is gone' if name not in after.interfaces else 'went down'}"
        for name, up in sorted(before.interfaces.items())
        if up and not after.interfaces.get(name) and name not in expected.shut
    ]
    lost_peers = [
        f"{key} {'is gone' if key not in after.bgp else 'is no longer established'}"
        for key, up in sorted(before.bgp.items())
        if up and not after.bgp.get(key) and _still_configured(key, after, expected)
    ]
    return [
        _result("interfaces up", lost_ifaces, before.interfaces),
        _result("bgp established", lost_peers, before.bgp),
    ]


def _still_configured(key: str, after: Health, expected: Expected) -> bool:
    """A peer the intended config dropped may vanish; one it keeps must not."""
    return key in after.bgp or key.rsplit("/", 1)[-1] in expected.neighbors


def _result(name: str, lost: list[str], before: Mapping[str, bool]) -> CheckResult:
    if lost:
        shown = "; ".join(lost[:MAX_SHOWN]) + (
            f" (+{len(lost) - MAX_SHOWN})" * (len(lost) > MAX_SHOWN)
        )
        return CheckResult(name=name, passed=False, detail=shown)
    up = sum(before.values())
    return CheckResult(name=name, passed=True, detail=f"{up} still up")
