"""The evidence a reviewer reads next to a risk flag: one line per risky subtree (a block added
whole is named once, and what follows it is still named), the neighbors IOS deletes when their
remote-as changes, and which route destinations reach the management network."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from bluewire.plan.model import Risk
from bluewire.plan.risk import Rule, Site, assess, changed_paths, default_rules
from tests.unit.plan.test_risk_table import SITE


def _assess(platform: str, running: str, intended: str) -> dict[Risk, list[str]]:
    rules = replace(default_rules(), site=SITE)
    return assess(changed_paths(running, intended, platform), platform, rules)


JUNOS_FXP0 = """\
interfaces {
    fxp0 {
        unit 0 {
            family inet {
                address 10.255.1.1/24;
            }
        }
    }
}
system {
    services {
        ssh;
    }
}
"""
# platform -> (running, intended with the management port and a login service added whole,
#              the lockout evidence: one line per block)
BLOCKS = {
    "ios": (
        "hostname r1\n",
        "hostname r1\ninterface GigabitEthernet0/0\n vrf forwarding Mgmt-vrf\n"
        " ip address 10.255.1.1 255.255.255.0\nline vty 0 4\n transport input ssh\n",
        ["interface GigabitEthernet0/0 (management interface)", "line vty 0 4 (remote login lines)"],
    ),
    "eos": (
        "hostname s1\n",
        "hostname s1\ninterface Management1\n vrf MGMT\n ip address 10.255.1.1/24\n"
        "management api http-commands\n no shutdown\n",
        ["interface Management1 (management interface)",
         "management api http-commands (remote login / API)"],
    ),
    "junos": (
        "interfaces {\n    ge-0/0/1 {\n        description x;\n    }\n}\n",
        JUNOS_FXP0,
        ["interfaces > fxp0 (management interface)", "system > services > ssh (SSH / NETCONF)"],
    ),
    "dellos10": (
        "hostname t1\n",
        "hostname t1\ninterface mgmt1/1/1\n ip address 10.255.1.1/24\n no shutdown\n"
        "ip ssh server enable\n",
        ["interface mgmt1/1/1 (management interface)", "ip ssh server enable (SSH)"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("platform", sorted(BLOCKS))
def test_a_block_added_whole_is_named_once_and_what_follows_it_still_is(platform: str) -> None:
    running, intended, evidence = BLOCKS[platform]
    assert _assess(platform, running, intended)[Risk.MGMT_LOCKOUT] == evidence
    # removed whole: the same subtrees, named once each
    assert _assess(platform, intended, running)[Risk.MGMT_LOCKOUT] == evidence


BGP = "router bgp 65000\n neighbor 192.0.2.1 remote-as {a}\n address-family ipv4 vrf CUST\n  neighbor 10.9.0.1 remote-as {b}\n  neighbor 10.9.0.1 activate\n exit-address-family\n"  # fmt: skip


def test_a_remote_as_change_names_the_neighbor_where_it_lives() -> None:
    risks = _assess("ios", BGP.format(a=64501, b=65101), BGP.format(a=64501, b=65102))
    assert risks[Risk.ROUTING][0] == (
        "router bgp 65000 > address-family ipv4 vrf CUST > neighbor 10.9.0.1: remote-as"
        " 65101 / 65102 changes; the neighbor is deleted and re-created"
    )
    both = _assess("ios", BGP.format(a=64501, b=65101), BGP.format(a=64502, b=65102))
    assert both[Risk.ROUTING][:2] == [
        "router bgp 65000 > address-family ipv4 vrf CUST > neighbor 10.9.0.1: remote-as"
        " 65101 / 65102 changes; the neighbor is deleted and re-created",
        "router bgp 65000 > neighbor 192.0.2.1: remote-as 64501 / 64502 changes;"
        " the neighbor is deleted and re-created",
    ]


def test_a_neighbor_added_or_removed_is_not_a_remote_as_change() -> None:
    running = BGP.format(a=64501, b=65101)
    added = running.replace(
        " address-family", " neighbor 192.0.2.9 remote-as 64509\n address-family"
    )
    for old, new in ((running, added), (added, running)):
        evidence = _assess("ios", old, new)[Risk.ROUTING]
        assert evidence == [
            "router bgp 65000 > neighbor 192.0.2.9 remote-as 64509 (routing process)"
        ]


@pytest.mark.parametrize(
    ("platform", "running", "intended"),
    [
        ("eos", "router bgp 65020\n neighbor 10.0.1.1 remote-as 65010\n",
         "router bgp 65020\n neighbor 10.0.1.1 remote-as 65011\n"),
        ("dellos10", "router bgp 65030\n neighbor 10.0.2.1\n  remote-as 65010\n",
         "router bgp 65030\n neighbor 10.0.2.1\n  remote-as 65011\n"),
    ],
)  # fmt: skip
def test_platforms_that_keep_the_neighbor_get_no_re_creation_evidence(
    platform: str, running: str, intended: str
) -> None:
    evidence = _assess(platform, running, intended)[Risk.ROUTING]
    assert evidence and not any("re-created" in line for line in evidence)


# platform -> (a route written with host bits set that covers 10.255.0.0/16, a destination that
# is no network at all: a mask with holes, a prefix length over 32)
ROUTES = {
    "ios": ("ip route 10.254.0.0 255.0.0.0 10.0.0.1\n", "ip route 10.255.0.0 255.0.255.0 10.0.0.1\n"),
    "eos": ("ip route 10.254.0.0/8 10.0.0.1\n", "ip route 10.255.0.0/33 10.0.0.1\n"),
    "dellos10": ("ip route 10.254.0.0/8 10.0.0.1\n", "ip route 10.255.0.0/33 10.0.0.1\n"),
    "junos": (
        "routing-options {\n    static {\n        route 10.254.0.0/8 next-hop 10.0.0.1;\n    }\n}\n",
        "routing-options {\n    static {\n        route 10.255.0.0/33 next-hop 10.0.0.1;\n    }\n}\n",
    ),
}  # fmt: skip


@pytest.mark.parametrize("platform", sorted(ROUTES))
def test_a_route_covering_the_management_network_is_flagged_however_written(
    platform: str,
) -> None:
    """Host bits do not hide a route to the management network (EOS and Junos keep such a
    route as its network); a destination that is no network reaches nothing (the device
    refuses the line)."""
    covering, no_network = ROUTES[platform]
    flagged = _assess(platform, "", covering)[Risk.MGMT_LOCKOUT]
    assert flagged == [f"{_path(platform, covering)} (route to the management network)"]
    assert Risk.MGMT_LOCKOUT not in _assess(platform, "", no_network)


def _path(platform: str, config: str) -> str:
    if platform == "junos":
        return "routing-options > static > route 10.254.0.0/8 next-hop 10.0.0.1"
    return config.strip()


def test_a_rule_may_name_other_groups_and_leave_a_site_group_out() -> None:
    """risk_rules.yaml: only a group named after a site key must capture a site value; a
    non-participating optional group, or a group of another name, constrains nothing."""
    rule = Rule((re.compile(r"^ip route (vrf (?P<mgmt_vrf>\S+) )?(?P<prefix>\S+) "),), "route")
    site = Site(mgmt_vrf=frozenset({"mgmt"}))
    assert rule.matches(("ip route vrf MGMT 10.0.0.0/8 10.0.0.1",), site)
    assert not rule.matches(("ip route vrf CAMERAS 10.0.0.0/8 10.0.0.1",), site)
    assert rule.matches(("ip route 10.0.0.0/8 10.0.0.1",), site)
