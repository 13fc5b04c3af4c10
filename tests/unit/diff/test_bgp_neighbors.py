"""IOS BGP neighbors: remote-as is set in place, and a new remote-as re-creates the neighbor.

From the IOS BGP command reference: `neighbor X remote-as N` creates the neighbor (globally under
`router bgp`, or for a VRF under `address-family ipv4 vrf V`); on a real box a different AS for an
existing neighbor deletes it with every setting it had, so all of them must be sent again.
"""

from __future__ import annotations

import pytest

from bluewire.diff import remediation, rollback
from bluewire.plan.model import Risk
from bluewire.plan.risk import assess, changed_paths, default_rules

RUNNING = """\
router bgp 65000
 bgp router-id 10.255.0.1
 neighbor 192.0.2.1 remote-as 64500
 neighbor 192.0.2.1 description isp-a
 neighbor 192.0.2.1 update-source Loopback0
 neighbor 192.0.2.9 remote-as 64509
 neighbor 192.0.2.9 description isp-b
 !
 address-family ipv4
  network 198.51.100.0 mask 255.255.255.0
  neighbor 192.0.2.1 activate
  neighbor 192.0.2.1 route-map ISP-A-IN in
  neighbor 192.0.2.9 activate
 exit-address-family
 !
 address-family ipv4 vrf CAMERAS
  neighbor 192.0.2.1 remote-as 65101
  neighbor 192.0.2.1 activate
  neighbor 192.0.2.1 route-map CAM-IN in
 exit-address-family
!
"""


def _change(old: str, new: str) -> str:
    assert old in RUNNING
    return RUNNING.replace(old, new)


def test_a_vrf_neighbor_remote_as_is_replaced_in_place() -> None:
    golden = _change("remote-as 65101", "remote-as 65102")
    commands = [c.strip() for c in remediation(RUNNING, golden, "ios")]
    assert "no neighbor 192.0.2.1 remote-as 65101" not in commands
    assert commands[:3] == [
        "router bgp 65000",
        "address-family ipv4 vrf CAMERAS",
        "neighbor 192.0.2.1 remote-as 65102",
    ]


@pytest.mark.parametrize(
    ("old", "new", "section"),
    [
        ("remote-as 65101", "remote-as 65102", "address-family ipv4 vrf CAMERAS"),
        ("192.0.2.1 remote-as 64500", "192.0.2.1 remote-as 64501", "router bgp 65000"),
    ],
)
def test_a_new_remote_as_sends_every_setting_of_that_neighbor_again(
    old: str, new: str, section: str
) -> None:
    golden = _change(old, new)
    commands = [c.strip() for c in remediation(RUNNING, golden, "ios")]
    scope = _neighbor_lines(golden, section)
    assert set(scope) <= set(commands), "the whole neighbor is re-created"
    assert commands.index(scope[0]) < min(commands.index(line) for line in scope[1:])
    assert not any(c.startswith("no ") for c in commands)
    assert not any("192.0.2.9" in c for c in commands), "other neighbors are left alone"
    back = [c.strip() for c in rollback(RUNNING, golden, "ios")]
    assert set(_neighbor_lines(RUNNING, section)) <= set(back)


def _neighbor_lines(config: str, section: str) -> list[str]:
    """192.0.2.1's lines in its scope: the VRF family, or router bgp and its global families."""
    out: list[str] = []
    inside = section.startswith("router")
    for raw in config.splitlines():
        line = raw.strip()
        if raw.startswith(" address-family"):
            inside = (line == section) or (section.startswith("router") and "vrf" not in line)
        if inside and line.startswith("neighbor 192.0.2.1 "):
            out.append(line)
    return out


def test_settings_that_change_with_the_as_are_negated_and_sent_once() -> None:
    golden = _change("192.0.2.1 remote-as 64500", "192.0.2.1 remote-as 64501").replace(
        "route-map ISP-A-IN in", "route-map ISP-A-IN-2 in"
    )
    commands = [c.strip() for c in remediation(RUNNING, golden, "ios")]
    assert commands.count("neighbor 192.0.2.1 route-map ISP-A-IN-2 in") == 1
    assert commands.count("neighbor 192.0.2.1 activate") == 1
    family = commands[commands.index("address-family ipv4") :]
    assert family.index("neighbor 192.0.2.1 activate") < family.index(
        "neighbor 192.0.2.1 route-map ISP-A-IN-2 in"
    )


def test_a_new_neighbor_or_a_description_change_re_creates_nothing() -> None:
    added = _change(
        " neighbor 192.0.2.9 description isp-b\n",
        " neighbor 192.0.2.9 description isp-b\n neighbor 192.0.2.5 remote-as 64505\n",
    )
    assert [c.strip() for c in remediation(RUNNING, added, "ios")] == [
        "router bgp 65000",
        "neighbor 192.0.2.5 remote-as 64505",
    ]
    described = _change("description isp-a", "description isp-a-new")
    assert [c.strip() for c in remediation(RUNNING, described, "ios")] == [
        "router bgp 65000",
        "neighbor 192.0.2.1 description isp-a-new",
    ]


@pytest.mark.parametrize(
    ("old", "new"), [("remote-as 65101", "remote-as 65102"), ("remote-as 64500", "remote-as 64501")]
)
def test_a_remote_as_change_is_a_routing_risk_with_its_own_evidence(old: str, new: str) -> None:
    golden = _change(old, new)
    risks = assess(changed_paths(RUNNING, golden, "ios"), "ios", default_rules())
    assert Risk.ROUTING in risks
    assert "neighbor 192.0.2.1: remote-as" in risks[Risk.ROUTING][0]
    assert "deleted and re-created" in risks[Risk.ROUTING][0]
    described = assess(
        changed_paths(RUNNING, _change("isp-a", "isp-a2"), "ios"), "ios", default_rules()
    )
    assert not any("re-created" in e for e in described.get(Risk.ROUTING, []))
