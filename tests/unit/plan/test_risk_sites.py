"""Which names of a host's inventory data make a change risky (`site_of`): the management VRF,
interfaces, ACLs and networks, and the interfaces that carry routing. A name missed here is a
lock-out or a dropped adjacency the plan does not flag."""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import Any

from bluewire.inventory.model import InventoryHost
from bluewire.plan.model import Risk
from bluewire.plan.risk import Site, assess, default_rules, site_of


def _host(platform: str, data: dict[str, Any]) -> InventoryHost:
    return InventoryHost("h1", "127.0.0.1", platform, [], data)


def test_every_management_name_of_the_inventory_is_a_site_name() -> None:
    data = {
        "mgmt": {"vrf": "Mgmt-VRF", "interface": "GigabitEthernet0/0", "acl": "MGMT-ACCESS",
                 "acls": ["SNMP-RO", None], "networks": ["10.255.0.0/16", "10.250.0.0/24"]},
    }  # fmt: skip
    site = site_of(_host("ios", data), default_rules())
    assert site == Site(
        mgmt_vrf=frozenset({"mgmt-vrf"}),
        mgmt_interface=frozenset({"gigabitethernet0/0"}),
        mgmt_acl=frozenset({"mgmt-access", "snmp-ro"}),
        mgmt_networks=(IPv4Network("10.255.0.0/16"), IPv4Network("10.250.0.0/24")),
        routing_interface=frozenset(),
    )


# The out-of-band ports each platform names (EOS Management1, Management0 on modular chassis;
# Junos fxp0 on MX/SRX, em0 on EX/QFX, me0 on older EX; OS10 mgmt1/1/1). IOS routers have no
# dedicated one: GigabitEthernet0/0 is an ordinary routed port there, named by data.mgmt.
OOB_PORTS = {
    "ios": frozenset(),
    "eos": frozenset({"management1", "management0"}),
    "junos": frozenset({"fxp0", "em0", "me0"}),
    "dellos10": frozenset({"mgmt1/1/1"}),
}
LOOPBACKS = {"ios": "loopback0", "eos": "loopback0", "junos": "lo0", "dellos10": "loopback0"}


def test_the_platforms_out_of_band_ports_are_management_interfaces() -> None:
    rules = default_rules()
    for platform, ports in OOB_PORTS.items():
        site = site_of(_host(platform, {}), rules)
        assert site.mgmt_interface == ports, platform
        with_mgmt = site_of(_host(platform, {"mgmt": {"interface": "Port9"}}), rules)
        assert with_mgmt.mgmt_interface == ports | {"port9"}, platform


def test_a_hosts_loopback_carries_routing_on_every_platform() -> None:
    rules = default_rules()
    for platform, name in LOOPBACKS.items():
        data = {"loopback": {"address": "10.0.0.1/32"}}
        assert site_of(_host(platform, data), rules).routing_interface == {name}, platform
        assert site_of(_host(platform, {}), rules).routing_interface == frozenset(), platform


def test_a_platform_without_port_tables_still_gets_the_inventory_names() -> None:
    data = {"loopback": {"address": "10.0.0.1/32"}, "mgmt": {"interface": "eth0", "vrf": "OOB"}}
    site = site_of(_host("unknown-os", data), default_rules())
    assert site == Site(mgmt_vrf=frozenset({"oob"}), mgmt_interface=frozenset({"eth0"}))


def test_routing_interfaces_are_those_that_carry_routing() -> None:
    data = {
        "loopback": {"address": "10.0.0.1/32"},
        "interfaces": [
            {"name": "Gi1/0/1", "role": "routed", "address": "10.0.1.1/31"},
            {"name": "Gi1/0/2", "role": "peer", "address": "10.0.2.1/31"},
            {"name": "Gi1/0/3", "role": "wan", "address": "10.0.3.1/31"},
            {"name": "Gi1/0/4", "role": "routed"},  # no address: carries nothing
            {"name": "Gi1/0/5", "role": "access", "address": "10.0.5.1/24"},
            {"name": "Vlan10", "ospf_area": 0},
            "not a mapping",
        ],
        "bgp": {"neighbors": [{"ip": "192.0.2.1", "update_source": "Loopback7"}, {"ip": "x"}]},
    }
    rules = default_rules()
    site = site_of(_host("ios", data), rules)
    assert site.routing_interface == frozenset(
        {"gi1/0/1", "gi1/0/2", "gi1/0/3", "vlan10", "loopback7", "loopback0"}
    )
    without_loopback = site_of(_host("ios", {**data, "loopback": None}), rules)
    assert without_loopback.routing_interface == frozenset(
        {"gi1/0/1", "gi1/0/2", "gi1/0/3", "vlan10", "loopback7"}
    )


def test_each_host_is_assessed_with_its_own_site() -> None:
    hosts = {
        "a": _host("ios", {"mgmt": {"vrf": "MGMT-A"}}),
        "b": _host("ios", {"mgmt": {"vrf": "MGMT-B"}}),
    }
    rules = default_rules().with_sites(hosts)
    assert rules.for_host("a").site.mgmt_vrf == frozenset({"mgmt-a"})
    assert rules.for_host("b").site.mgmt_vrf == frozenset({"mgmt-b"})
    assert rules.for_host("unknown").site == Site()


def _vty_paths(count: int) -> list[tuple[str, ...]]:
    return [(f"line vty {i} {i}", f"exec-timeout {i} 0") for i in range(count)]


def test_evidence_is_capped_at_ten_lines_and_counts_the_rest() -> None:
    rules = default_rules()
    for count in (1, 9, 10):
        assert assess(_vty_paths(count), "ios", rules)[Risk.MGMT_LOCKOUT] == [
            f"{' > '.join(p)} (remote login lines)" for p in sorted(_vty_paths(count))
        ]
    for count in (11, 25):
        evidence = assess(_vty_paths(count), "ios", rules)[Risk.MGMT_LOCKOUT]
        assert len(evidence) == 10
        assert evidence[:9] == [
            f"{' > '.join(p)} (remote login lines)" for p in sorted(_vty_paths(count))[:9]
        ]
        assert evidence[9] == f"... and {count - 9} more changed line(s)"


def test_a_large_change_is_flagged_above_the_threshold_only() -> None:
    rules = default_rules(large_change=3)
    paths = [(f"snmp-server location L{i}",) for i in range(4)]
    assert Risk.LARGE not in assess(paths[:3], "ios", rules)
    assert assess(paths, "ios", rules) == {Risk.LARGE: ["4 changed lines (threshold 3)"]}


def test_a_platform_without_rules_is_only_judged_by_size() -> None:
    assert assess(_vty_paths(3), "unknown-os", default_rules()) == {}
