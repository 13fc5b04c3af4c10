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
