"""Risk flags: which changed config paths can lock us out or drop routing adjacencies.

Rules are data, per platform: a path (the texts from the top-level line down to the changed
line) is risky when any of its elements matches one of the patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bluewire.config.tree import Node
from bluewire.config.value import Config, trees_of
from bluewire.plan.model import Risk

Path = tuple[str, ...]

MGMT = {
    "ios": [
        r"^line vty",
        r"^access-class",
        r"^ip access-list \S+ (VTY|MGMT)",
        r"^aaa ",
        r"^tacacs",
        r"^radius",
        r"^ip route vrf",
        r"^interface GigabitEthernet0/0$",
        r"^ip ssh",
        r"^username ",
        r"^vrf definition",
        r"^interface Vlan10$",
        r"^transport input",
    ],
    "eos": [
        r"^management (ssh|api)",
        r"^aaa ",
        r"^tacacs",
        r"^radius",
        r"^ip route vrf",
        r"^interface Management",
        r"^username ",
        r"^ip access-list MGMT",
        r"^vrf instance",
    ],
    "junos": [
        r"^system$",
        r"^services",
        r"^login",
        r"^authentication-order",
        r"^tacplus-server",
        r"^firewall$",
        r"^filter PROTECT-RE",
        r"^fxp0$",
        r"^lo0$",
        r"^routing-instances",
    ],
    "dellos10": [
        r"^line vty",
        r"^ip access-list MGMT",
        r"^interface mgmt",
        r"^management route",
        r"^aaa ",
        r"^tacacs",
        r"^radius",
        r"^username ",
        r"^control-plane",
        r"^ip ssh",
    ],
}
ROUTING = {
    "ios": [
        r"^router (ospf|bgp)",
        r"^ip ospf",
        r"^neighbor ",
        r"^route-map",
        r"^ip prefix-list",
        r"^standby ",
    ],
    "eos": [r"^router (ospf|bgp)", r"^ip ospf", r"^neighbor ", r"^route-map", r"^vrrp ", r"^mlag"],
    "junos": [r"^protocols$", r"^policy-options$", r"^routing-options$", r"^ospf$", r"^bgp$"],
    "dellos10": [r"^router (ospf|bgp)", r"^ip ospf", r"^neighbor ", r"^vlt-domain", r"^vrrp"],
}
DEFAULT_LARGE_CHANGE = 100
# IOS deletes a neighbor, with every setting it had, when its remote-as changes.
REMOTE_AS_RESETS = {"ios"}
_REMOTE_AS = re.compile(r"^neighbor (\S+) remote-as (\S+)$")


@dataclass(frozen=True)
class RiskRules:
    mgmt: dict[str, list[re.Pattern[str]]]
    routing: dict[str, list[re.Pattern[str]]]
    large_change: int = DEFAULT_LARGE_CHANGE


def default_rules(large_change: int = DEFAULT_LARGE_CHANGE) -> RiskRules:
    def compile_all(table: dict[str, list[str]]) -> dict[str, list[re.Pattern[str]]]:
        return {p: [re.compile(x) for x in pats] for p, pats in table.items()}

    return RiskRules(compile_all(MGMT), compile_all(ROUTING), large_change)


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


def assess(paths: list[Path], platform: str, rules: RiskRules) -> dict[Risk, list[str]]:
    """Risk flags with the paths that raised them (evidence for the reviewer)."""
    found: dict[Risk, list[str]] = {}
    for risk, table in ((Risk.MGMT_LOCKOUT, rules.mgmt), (Risk.ROUTING, rules.routing)):
        patterns = table.get(platform, [])
        hits = [" > ".join(p) for p in paths if any(r.search(e) for e in p for r in patterns)]
        if risk is Risk.ROUTING and platform in REMOTE_AS_RESETS:
            hits = _remote_as_changes(paths) + hits
        if hits:
            found[risk] = hits[:10]
    if len(paths) > rules.large_change:
        found[Risk.LARGE] = [f"{len(paths)} changed lines (threshold {rules.large_change})"]
    return found
