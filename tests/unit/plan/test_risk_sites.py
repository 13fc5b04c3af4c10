"""Which names of a host's inventory data make a change risky (`site_of`): the management VRF,
interfaces, ACLs and networks, and the interfaces that carry routing. A name missed here is a
lock-out or a dropped adjacency the plan does not flag."""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import Any

from bluewire.inventory.model import InventoryHost
from bluewire.plan.risk import Site, default_rules, site_of


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


def test_the_platforms_out_of_band_ports_are_management_interfaces() -> None:
    rules = default_rules()
    for platform, ports in rules.mgmt_ports.items():
        site = site_of(_host(platform, {}), rules)
        assert site.mgmt_interface == frozenset(p.lower() for p in ports), platform


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
    loopbacks = {p.lower() for p in rules.loopbacks.get("ios", ())}
    assert site.routing_interface == frozenset(
        {"gi1/0/1", "gi1/0/2", "gi1/0/3", "vlan10", "loopback7", *loopbacks}
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
