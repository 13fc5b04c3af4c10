"""BGP and LLDP state follows the lab's wiring, through the real NAPALM drivers on every platform."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import napalm
import pytest

from bluewire.lab.clock import Clock
from bluewire.lab.facts import facts_of
from bluewire.lab.fleet import Lab, LabHostSpec, start_lab
from bluewire.platforms import profile

GOLDEN = Path(__file__).resolve().parents[2] / "golden_configs"
HOSTS = {"dc-leaf-1": "eos", "cjis-fw-1": "junos", "hq-core-1": "ios", "dc-tor-1": "dellos10"}
OPTIONAL: dict[str, dict[str, Any]] = {
    "eos": {"transport": "https"},
    "ios": {"dest_file_system": "flash:", "secret": "admin"},
    "junos": {},
    "dellos10": {},
}

pytestmark = pytest.mark.lab


@pytest.fixture
def lab(lab_clock: Clock) -> Iterator[Lab]:
    specs = [LabHostSpec(h, p, (GOLDEN / f"{h}.cfg").read_text()) for h, p in HOSTS.items()]
    lab = start_lab(specs, lab_clock)
    yield lab
    lab.stop()


def driver(lab: Lab, host: str) -> Any:
    platform = lab.devices[host].platform
    args = {"port": lab.address(host)[1], **OPTIONAL[platform]}
    drv = napalm.get_network_driver(profile(platform).napalm_driver)(
        "127.0.0.1", "admin", "admin", 10, args
    )
    drv.open()
    return drv


def peers(lab: Lab, host: str) -> dict[str, bool]:
    drv = driver(lab, host)
    try:
        found = drv.get_bgp_neighbors()["global"]["peers"]
    finally:
        drv.close()
    return {address: bool(p["is_up"]) for address, p in found.items()}


def lldp(lab: Lab, host: str) -> dict[str, list[dict[str, str]]]:
    drv = driver(lab, host)
    try:
        return dict(drv.get_lldp_neighbors())
    finally:
        drv.close()


def merge(lab: Lab, host: str, config: str) -> None:
    drv = driver(lab, host)
    try:
        drv.load_merge_candidate(config=config)
        drv.commit_config()
    finally:
        drv.close()


def test_ebgp_between_leaf_and_firewall_is_up_and_breaks_on_both_sides(lab: Lab) -> None:
    assert peers(lab, "dc-leaf-1") == {"10.0.1.1": True}
    # The state CSA (192.0.2.1) is not a lab device: that session stays down.
    assert peers(lab, "cjis-fw-1") == {"10.0.1.0": True, "192.0.2.1": False}

    merge(lab, "dc-leaf-1", "router bgp 65010\nno neighbor 10.0.1.1\n")
    assert "10.0.1.1" not in peers(lab, "dc-leaf-1")
    assert peers(lab, "cjis-fw-1")["10.0.1.0"] is False


def test_wrong_remote_as_or_a_disabled_link_takes_the_session_down(lab: Lab) -> None:
    merge(lab, "cjis-fw-1", "set protocols bgp group EBGP-AS65010 peer-as 65099")
    assert peers(lab, "dc-leaf-1") == {"10.0.1.1": False}
    merge(lab, "cjis-fw-1", "set protocols bgp group EBGP-AS65010 peer-as 65010")
    assert peers(lab, "dc-leaf-1") == {"10.0.1.1": True}
    merge(lab, "cjis-fw-1", "set interfaces xe-0/0/0 disable")
    assert peers(lab, "dc-leaf-1") == {"10.0.1.1": False}


def test_lldp_follows_descriptions_on_every_platform(lab: Lab) -> None:
    leaf = lldp(lab, "dc-leaf-1")
    assert leaf["Ethernet50/1"] == [{"hostname": "cjis-fw-1", "port": "xe-0/0/0"}]
    assert leaf["Ethernet49/1"] == [{"hostname": "hq-core-1", "port": "TwentyFiveGigE1/0/5"}]
    assert leaf["Ethernet3"] == [{"hostname": "dc-tor-1", "port": "ethernet1/1/49"}]
    assert lldp(lab, "cjis-fw-1")["xe-0/0/0"] == [{"hostname": "dc-leaf-1", "port": "Ethernet50/1"}]
    core = lldp(lab, "hq-core-1")
    assert core["TwentyFiveGigE1/0/5"] == [{"hostname": "dc-leaf-1", "port": "Ethernet49/1"}]
    tor = lldp(lab, "dc-tor-1")
    assert tor["ethernet1/1/49"] == [{"hostname": "dc-leaf-1", "port": "Ethernet3"}]


def test_a_shut_port_hides_the_neighbour_on_both_ends(lab: Lab) -> None:
    merge(lab, "cjis-fw-1", "set interfaces xe-0/0/0 disable")
    assert "xe-0/0/0" not in lldp(lab, "cjis-fw-1")
    assert "Ethernet50/1" not in lldp(lab, "dc-leaf-1")


IOS_BGP = """\
hostname r1
interface GigabitEthernet1/0/1
 no switchport
 ip address 10.9.0.0 255.255.255.254
router bgp 65001
 bgp router-id 10.9.9.1
 neighbor 10.9.0.1 remote-as 65002
 neighbor 10.9.0.1 description r2
"""
OS10_BGP = """\
hostname r2
interface ethernet1/1/1
 no switchport
 ip address 10.9.0.1/31
router bgp 65002
 router-id 10.9.9.2
 neighbor 10.9.0.0
  remote-as 65001
  no shutdown
"""


def test_ios_and_os10_sessions_and_lldp_over_a_shared_31(lab_clock: Clock) -> None:
    pair = start_lab(
        [LabHostSpec("r1", "ios", IOS_BGP), LabHostSpec("r2", "dellos10", OS10_BGP)], lab_clock
    )
    try:
        assert peers(pair, "r1") == {"10.9.0.1": True}
        assert peers(pair, "r2") == {"10.9.0.0": True}
        assert lldp(pair, "r1")["GigabitEthernet1/0/1"] == [
            {"hostname": "r2", "port": "ethernet1/1/1"}
        ]
        merge(pair, "r2", "router bgp 65002\nneighbor 10.9.0.0\nshutdown\n")
        assert peers(pair, "r1") == {"10.9.0.1": False}
    finally:
        pair.stop()


def test_facts_read_peer_groups_and_junos_units() -> None:
    eos = facts_of(
        "router bgp 1\n   neighbor SPINE peer group\n   neighbor SPINE remote-as 2\n"
        "   neighbor 10.0.0.1 peer group SPINE\n",
        "eos",
    )
    assert eos.peers["10.0.0.1"].remote_as == "2"
    junos = facts_of(
        "interfaces { ge-0/0/1 { unit 0 { disable; family inet { address 10.1.1.1/31; } } } }",
        "junos",
    )
    assert junos.ports[0].addresses == ()


def interfaces(lab: Lab, host: str) -> dict[str, dict[str, Any]]:
    drv = driver(lab, host)
    try:
        return dict(drv.get_interfaces())
    finally:
        drv.close()


# A link of the golden lab seen from each platform: (host, its port, far host, far port).
LINKS = [
    ("dc-leaf-1", "Ethernet50/1", "cjis-fw-1", "xe-0/0/0"),
    ("cjis-fw-1", "xe-0/0/0", "dc-leaf-1", "Ethernet50/1"),
    ("hq-core-1", "TwentyFiveGigE1/0/5", "dc-leaf-1", "Ethernet49/1"),
    ("dc-tor-1", "ethernet1/1/49", "dc-leaf-1", "Ethernet3"),
]
SHUT = {"eos": "interface {}\n   shutdown\n", "junos": "set interfaces {} disable"}


@pytest.mark.parametrize(("host", "port", "far", "far_port"), LINKS)
def test_the_far_end_of_a_shut_link_goes_down_on_every_platform(
    lab: Lab, host: str, port: str, far: str, far_port: str
) -> None:
    """The same state through every platform's getters: admin up, oper down, no neighbour."""
    assert interfaces(lab, host)[port]["is_up"] is True
    merge(lab, far, SHUT[lab.devices[far].platform].format(far_port))
    state = interfaces(lab, host)[port]
    assert (state["is_enabled"], state["is_up"]) == (True, False)
    assert port not in lldp(lab, host)


@pytest.mark.parametrize(("host", "port", "far", "far_port"), LINKS)
def test_an_unreachable_neighbour_takes_the_link_down(
    lab: Lab, host: str, port: str, far: str, far_port: str
) -> None:
    lab.devices[far].set_fault("unreachable", None)
    assert interfaces(lab, host)[port]["is_up"] is False


PAIR_R1 = "ip scp server enable\n" + IOS_BGP + " network 10.9.9.1 mask 255.255.255.255\n"


@pytest.fixture
def pair(lab_clock: Clock) -> Iterator[Lab]:
    lab = start_lab(
        [LabHostSpec("r1", "ios", PAIR_R1), LabHostSpec("r2", "dellos10", OS10_BGP)], lab_clock
    )
    yield lab
    lab.stop()


def bgp(lab: Lab, host: str) -> dict[str, Any]:
    drv = driver(lab, host)
    try:
        return dict(drv.get_bgp_neighbors()["global"]["peers"])
    finally:
        drv.close()


def test_established_sessions_carry_the_peer_router_id_and_prefixes(pair: Lab) -> None:
    r1 = bgp(pair, "r1")["10.9.0.1"]
    r2 = bgp(pair, "r2")["10.9.0.0"]
    assert r1["remote_id"] == "10.9.9.2"  # r2's router-id, not its address
    # r1 originates one network; r2 originates none, yet an established session carries routes
    assert [af["received_prefixes"] for af in r2["address_family"].values()] == [1]
    assert [af["received_prefixes"] for af in r1["address_family"].values()] == [1]


def test_lldp_needs_both_descriptions_to_agree(pair: Lab) -> None:
    """A description naming a port whose own description names someone else is no link."""
    merge(pair, "r1", "interface GigabitEthernet1/0/2\n description r2 ethernet1/1/2\n")
    merge(pair, "r2", "interface ethernet1/1/2\n description r9 Gi1/0/9\n")
    assert "GigabitEthernet1/0/2" not in lldp(pair, "r1")
    assert "ethernet1/1/2" not in lldp(pair, "r2")
    merge(pair, "r2", "interface ethernet1/1/2\n description r1 GigabitEthernet1/0/2\n")
    assert lldp(pair, "r1")["GigabitEthernet1/0/2"] == [{"hostname": "r2", "port": "ethernet1/1/2"}]


def test_failing_check_takes_a_bgp_session_down_after_a_commit(pair: Lab) -> None:
    pair.devices["r1"].set_fault("failing-check", "10.9.0.1")
    assert peers(pair, "r1") == {"10.9.0.1": True}
    merge(pair, "r1", "interface GigabitEthernet1/0/2\n description spare\n")
    assert peers(pair, "r1") == {"10.9.0.1": False}
    assert peers(pair, "r2") == {"10.9.0.0": True}  # only the checked device reports it
