"""IOS merge semantics in the lab: a single-valued command replaces its old value (as the box
shows one line), a multi-valued one adds a line."""

from __future__ import annotations

import pytest

from bluewire.config import tree
from bluewire.lab.grammar import load_grammar

RUNNING = """\
hostname sw1
clock timezone EST -5 0
ip domain name old.example
ip default-gateway 192.0.2.1
spanning-tree mode pvst
logging buffered 16384 informational
logging trap warnings
logging host 192.0.2.50
snmp-server location Old Building
snmp-server contact old-noc
ntp source Loopback0
interface GigabitEthernet1/0/1
 ip address 10.0.0.1 255.255.255.0
 ip address 10.0.1.1 255.255.255.0 secondary
 ip mtu 1500
interface GigabitEthernet1/0/2
 switchport mode trunk
 switchport trunk allowed vlan 10,20
router bgp 65001
 neighbor 10.9.0.1 remote-as 65002
 neighbor 10.9.0.1 description old-peer
"""
IF1 = "interface GigabitEthernet1/0/1"
IF2 = "interface GigabitEthernet1/0/2"
BGP = "router bgp 65001"


def merged(lines: list[str]) -> list[tuple[str, ...]]:
    grammar = load_grammar("ios")
    return list(tree.parse(grammar.merge(grammar.replace("", RUNNING), lines), "ios").paths())


@pytest.mark.parametrize(
    ("context", "new", "gone"),
    [
        ((), "clock timezone CET 1 0", "clock timezone EST -5 0"),
        ((), "ip domain name new.example", "ip domain name old.example"),
        ((), "ip default-gateway 192.0.2.254", "ip default-gateway 192.0.2.1"),
        ((), "spanning-tree mode rapid-pvst", "spanning-tree mode pvst"),
        ((), "logging buffered 65536 debugging", "logging buffered 16384 informational"),
        ((), "logging trap informational", "logging trap warnings"),
        ((), "snmp-server location HQ Core Room", "snmp-server location Old Building"),
        ((), "snmp-server contact noc@city.example", "snmp-server contact old-noc"),
        ((), "ntp source Vlan100", "ntp source Loopback0"),
        ((IF1,), "ip address 10.0.0.9 255.255.255.0", "ip address 10.0.0.1 255.255.255.0"),
        ((IF1,), "ip mtu 9000", "ip mtu 1500"),
        ((IF2,), "switchport trunk allowed vlan 30,40", "switchport trunk allowed vlan 10,20"),
        ((BGP,), "neighbor 10.9.0.1 remote-as 65099", "neighbor 10.9.0.1 remote-as 65002"),
        (
            (BGP,),
            "neighbor 10.9.0.1 description new-peer",
            "neighbor 10.9.0.1 description old-peer",
        ),
    ],
)
def test_single_valued_command_replaces_its_old_value(
    context: tuple[str, ...], new: str, gone: str
) -> None:
    paths = merged([*context, new])
    assert (*context, new) in paths
    assert (*context, gone) not in paths


@pytest.mark.parametrize(
    ("context", "new", "kept"),
    [
        ((), "logging host 192.0.2.51", "logging host 192.0.2.50"),
        (
            (IF1,),
            "ip address 10.0.2.1 255.255.255.0 secondary",
            "ip address 10.0.1.1 255.255.255.0 secondary",
        ),
        (
            (IF1,),
            "ip address 10.0.0.9 255.255.255.0",
            "ip address 10.0.1.1 255.255.255.0 secondary",
        ),
        ((BGP,), "neighbor 10.9.0.2 remote-as 65003", "neighbor 10.9.0.1 remote-as 65002"),
    ],
)
def test_other_settings_stay(context: tuple[str, ...], new: str, kept: str) -> None:
    paths = merged([*context, new])
    assert (*context, new) in paths
    assert (*context, kept) in paths


BGP_RUNNING = """\
router bgp 65001
 neighbor 10.9.0.1 remote-as 65002
 neighbor 10.9.0.1 description old-peer
 neighbor 10.9.0.1 ebgp-multihop 2
 neighbor 10.9.0.2 remote-as 65003
 address-family ipv4
  neighbor 10.9.0.1 activate
  neighbor 10.9.0.1 route-map IN in
  neighbor 10.9.0.2 activate
 exit-address-family
 address-family ipv4 vrf CAM
  neighbor 10.9.0.1 remote-as 65010
  neighbor 10.9.0.1 activate
 exit-address-family
"""
AF = "address-family ipv4"
VRF_AF = "address-family ipv4 vrf CAM"


def bgp_merged(lines: list[str]) -> set[tuple[str, ...]]:
    grammar = load_grammar("ios")
    text = grammar.merge(grammar.replace("", BGP_RUNNING), lines)
    return set(tree.parse(text, "ios").paths())


def neighbor_lines(paths: set[tuple[str, ...]], peer: str) -> set[tuple[str, ...]]:
    return {p for p in paths if p[-1].startswith(f"neighbor {peer} ")}


def test_a_new_remote_as_deletes_the_neighbor_and_its_address_family_lines() -> None:
    paths = bgp_merged([BGP, "neighbor 10.9.0.1 remote-as 65099"])
    assert neighbor_lines(paths, "10.9.0.1") - {p for p in paths if VRF_AF in p} == {
        (BGP, "neighbor 10.9.0.1 remote-as 65099")
    }
    # another neighbor, and the VRF neighbor with the same address, are other neighbors
    assert neighbor_lines(paths, "10.9.0.2") == neighbor_lines(bgp_merged([]), "10.9.0.2")
    assert (BGP, VRF_AF, "neighbor 10.9.0.1 activate") in paths


def test_the_same_remote_as_again_changes_nothing() -> None:
    assert bgp_merged([BGP, "neighbor 10.9.0.1 remote-as 65002"]) == bgp_merged([])


def test_a_vrf_neighbors_new_remote_as_resets_only_that_address_family() -> None:
    paths = bgp_merged([BGP, VRF_AF, "neighbor 10.9.0.1 remote-as 65011"])
    assert {p for p in paths if VRF_AF in p} == {
        (BGP, VRF_AF),
        (BGP, VRF_AF, "neighbor 10.9.0.1 remote-as 65011"),
    }
    assert (BGP, AF, "neighbor 10.9.0.1 route-map IN in") in paths
    assert (BGP, "neighbor 10.9.0.1 ebgp-multihop 2") in paths
