"""Risk flags: which changed config paths can lock us out or drop routing adjacencies.

Rules are data, per platform (`risk_rules.yaml`): a rule is a list of regexes matched against
a changed path (the lines from the top-level statement down to the changed line), an `unless`
regex for the changed line itself (a description is never a risk) and a reason shown to the
reviewer. Site-specific names (the management VRF, interface, ACLs and networks, the routing
interfaces) come from each host's inventory data (`site_of`), never from the patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from ipaddress import IPv4Network, ip_network
from typing import Any

import yaml

from bluewire.config.tree import Node
from bluewire.config.value import Config, trees_of
from bluewire.inventory.model import InventoryHost
from bluewire.plan.model import Risk

Path = tuple[str, ...]
RULES_FILE = "risk_rules.yaml"
SITE_KEYS = ("mgmt_vrf", "mgmt_interface", "mgmt_acl", "mgmt_route", "routing_interface")
ROUTING_ROLES = {"routed", "peer", "wan"}
MAX_EVIDENCE = 10


@dataclass(frozen=True)
class Site:
    """One host's names that make a change risky, from its inventory data (lower-cased)."""

    mgmt_vrf: frozenset[str] = frozenset()
    mgmt_interface: frozenset[str] = frozenset()
    mgmt_acl: frozenset[str] = frozenset()
    mgmt_networks: tuple[IPv4Network, ...] = ()
    routing_interface: frozenset[str] = frozenset()

    def accepts(self, key: str, value: str) -> bool:
        if key == "mgmt_route":
            return _overlaps(value, self.mgmt_networks)
        names: frozenset[str] = getattr(self, key)
        return value.lower() in names


def _overlaps(destination: str, networks: tuple[IPv4Network, ...]) -> bool:
    """Whether a route destination ('10.0.0.0/8' or '10.0.0.0 255.0.0.0') covers a mgmt net."""
    try:
        net = ip_network(destination.strip().replace(" ", "/"), strict=False)
    except ValueError:
        return False
    return any(net.version == m.version and net.overlaps(m) for m in networks)


@dataclass(frozen=True)
class Rule:
    path: tuple[re.Pattern[str], ...]
    why: str
    unless: re.Pattern[str] | None = None

    def matches(self, path: Path, site: Site) -> bool:
        if len(path) < len(self.path) or (self.unless and self.unless.search(path[-1])):
            return False
        for regex, element in zip(self.path, path, strict=False):
            m = regex.search(element)
            if m is None or not _site_ok(m, site):
                return False
        return True


def _site_ok(match: re.Match[str], site: Site) -> bool:
    return all(
        site.accepts(key, value)
        for key, value in match.groupdict().items()
        if key in SITE_KEYS and value is not None
    )


@dataclass(frozen=True)
class RiskRules:
    lockout: Mapping[str, tuple[Rule, ...]]
    routing: Mapping[str, tuple[Rule, ...]]
    mgmt_ports: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    loopbacks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    large_change: int = 100
    sites: Mapping[str, Site] = field(default_factory=dict)  # host -> its site names
    site: Site = Site()  # the host being assessed

    def for_host(self, host: str) -> RiskRules:
        return replace(self, site=self.sites.get(host, Site()))

    def with_sites(self, hosts: Mapping[str, InventoryHost]) -> RiskRules:
        return replace(self, sites={name: site_of(h, self) for name, h in hosts.items()})


DEFAULT_LARGE_CHANGE = 100
# IOS deletes a neighbor, with every setting it had, when its remote-as changes.
REMOTE_AS_RESETS = {"ios"}
_REMOTE_AS = re.compile(r"^neighbor (\S+) remote-as (\S+)$")


def _rule(raw: dict[str, Any]) -> Rule:
    unless = re.compile(raw["unless"]) if raw.get("unless") else None
    return Rule(tuple(re.compile(p) for p in raw["path"]), str(raw["why"]), unless)


@cache
def _table() -> dict[str, Any]:
    text = resources.files("bluewire.plan").joinpath(RULES_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def platforms_covered() -> dict[str, set[str]]:
    """kind ('lockout', 'routing') -> the platforms that have rules of that kind."""
    rules = default_rules()
    kinds = {"lockout": rules.lockout, "routing": rules.routing}
    return {kind: {p for p, rows in found.items() if rows} for kind, found in kinds.items()}


def default_rules(large_change: int = DEFAULT_LARGE_CHANGE) -> RiskRules:
    """The shipped patterns, compiled once per call (a run compiles them once)."""
    table = _table()
    platforms = [p for p in table if p not in ("mgmt_ports", "loopbacks")]
    return RiskRules(
        lockout={p: tuple(_rule(r) for r in table[p]["lockout"]) for p in platforms},
        routing={p: tuple(_rule(r) for r in table[p]["routing"]) for p in platforms},
        mgmt_ports={p: tuple(v) for p, v in table["mgmt_ports"].items()},
        loopbacks={p: tuple(v) for p, v in table["loopbacks"].items()},
        large_change=large_change,
    )


def site_of(host: InventoryHost, rules: RiskRules) -> Site:
    """The names in `host`'s inventory data that make a change to them risky."""
    data = host.data
    mgmt = data.get("mgmt") or {}
    interfaces = [i for i in data.get("interfaces") or [] if isinstance(i, dict)]
    routing = {
        str(i["name"])
        for i in interfaces
        if (i.get("role") in ROUTING_ROLES and i.get("address")) or i.get("ospf_area") is not None
    }
    bgp = data.get("bgp") or {}
    routing |= {
        str(n["update_source"]) for n in bgp.get("neighbors") or [] if n.get("update_source")
    }
    if data.get("loopback"):
        routing |= set(rules.loopbacks.get(host.platform, ()))
    ports = {
        *rules.mgmt_ports.get(host.platform, ()),
        *([mgmt["interface"]] if mgmt.get("interface") else []),
    }
    return Site(
        mgmt_vrf=_lower([mgmt.get("vrf")]),
        mgmt_interface=_lower(ports),
        mgmt_acl=_lower([mgmt.get("acl"), *(mgmt.get("acls") or [])]),
        mgmt_networks=tuple(IPv4Network(str(n)) for n in mgmt.get("networks") or []),
        routing_interface=_lower(routing),
    )


def _lower(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values if v)


def changed_paths(running: str | Config, intended: str | Config, platform: str) -> list[Path]:
    """Config paths present on one side only (added or removed lines, with their parents).

    A Junos tag shown before a statement is a path of its own (`... > inactive:`), so that
    deactivating `protocols bgp` is a change to `protocols bgp`.
    """
    old, new = (set(_tagged_paths(root, ())) for root in trees_of(running, intended, platform))
    return sorted(old ^ new)


def _tagged_paths(node: Node, prefix: Path) -> Iterator[Path]:
    for c in node.children:
        here = (*prefix, c.text)
        yield here
        yield from ((*here, f"{t}:") for t in sorted(c.tags))
        yield from _tagged_paths(c, here)


def _remote_as_changes(paths: list[Path]) -> list[str]:
    """Neighbors whose remote-as changes, as evidence: the device drops them and their settings."""
    found: dict[tuple[Path, str], list[str]] = {}
    for path in paths:
        m = _REMOTE_AS.match(path[-1])
        if m:
            found.setdefault((path[:-1], m[1]), []).append(m[2])
    return [
        " > ".join((*parent, f"neighbor {peer}"))
        + f": remote-as {' / '.join(asns)} changes; the neighbor is deleted and re-created"
        for (parent, peer), asns in found.items()
        if len(asns) > 1
    ]


def _hits(paths: list[Path], rules: tuple[Rule, ...], site: Site) -> list[str]:
    """Evidence lines, one per risky subtree: a block added whole is named once, not per line."""
    out = []
    flagged: set[Path] = set()
    for path in sorted(paths):
        if any(path[:n] in flagged for n in range(1, len(path))):
            continue
        rule = next((r for r in rules if r.matches(path, site)), None)
        if rule is not None:
            flagged.add(path)
            out.append(f"{' > '.join(path)} ({rule.why})")
    return out


def _capped(hits: list[str]) -> list[str]:
    if len(hits) <= MAX_EVIDENCE:
        return hits
    return [
        *hits[: MAX_EVIDENCE - 1],
        f"... and {len(hits) - MAX_EVIDENCE + 1} more changed line(s)",
    ]


def assess(paths: list[Path], platform: str, rules: RiskRules) -> dict[Risk, list[str]]:
    """Risk flags with the changed lines that raised them and why (evidence for the reviewer)."""
    found: dict[Risk, list[str]] = {}
    lockout = _hits(paths, rules.lockout.get(platform, ()), rules.site)
    routing = _hits(paths, rules.routing.get(platform, ()), rules.site)
    if platform in REMOTE_AS_RESETS:
        routing = _remote_as_changes(paths) + routing
    if lockout:
        found[Risk.MGMT_LOCKOUT] = _capped(lockout)
    if routing:
        found[Risk.ROUTING] = _capped(routing)
    if len(paths) > rules.large_change:
        found[Risk.LARGE] = [f"{len(paths)} changed lines (threshold {rules.large_change})"]
    return found
