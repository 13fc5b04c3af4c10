"""Post-check comparisons: up before must be up after, except what the change itself takes down."""

from __future__ import annotations

import re
from typing import Any

from bluewire.apply.checks import (
    Expected,
    Health,
    compare,
    expected_from,
    health_from_getters,
    runs_bgp,
)
from bluewire.inventory.load import load_inventory
from bluewire.project import Project

IFACES: dict[str, Any] = {
    "Gi1": {"is_up": True, "is_enabled": True},
    "Gi2": {"is_up": False, "is_enabled": True},
    "Gi3": {"is_up": True, "is_enabled": True},
}
BGP: dict[str, Any] = {
    "global": {
        "router_id": "10.0.0.1",
        "peers": {"192.0.2.1": {"is_up": True}, "192.0.2.2": {"is_up": False}},
    },
    "CUST": {"router_id": "10.0.0.1", "peers": {"198.51.100.1": {"is_up": True}}},
    "EMPTY": {"router_id": "10.0.0.1", "peers": {}},
}


def test_health_from_napalm_getters() -> None:
    health = health_from_getters(IFACES, BGP)
    assert health.interfaces == {"Gi1": True, "Gi2": False, "Gi3": True}
    assert health.bgp == {"192.0.2.1": True, "192.0.2.2": False, "CUST/198.51.100.1": True}


def test_default_vrf_names_share_one_key() -> None:
    for vrf in ("global", "default", ""):
        health = health_from_getters({}, {vrf: {"peers": {"192.0.2.9": {"is_up": True}}}})
        assert health.bgp == {"192.0.2.9": True}


def checks(
    before: Health, after: Health, expected: Expected | None = None
) -> dict[str, tuple[bool, str]]:
    return {c.name: (c.passed, c.detail) for c in compare(before, after, expected or Expected())}


def test_unchanged_health_passes_with_a_count() -> None:
    h = health_from_getters(IFACES, BGP)
    assert checks(h, h) == {
        "interfaces up": (True, "2 still up"),
        "bgp established": (True, "2 still up"),
    }


def test_interface_that_went_down_or_vanished_fails() -> None:
    before = Health({"Gi1": True, "Gi2": True, "Gi3": False})
    after = Health({"Gi1": False, "Gi3": True})
    result = checks(before, after)["interfaces up"]
    assert result == (False, "Gi1 went down; Gi2 is gone")


def test_interface_down_before_is_not_required_after() -> None:
    assert checks(Health({"Gi1": False}), Health({"Gi1": False}))["interfaces up"][0]


def test_interface_the_intended_config_shuts_may_go_down() -> None:
    before, after = Health({"Gi1": True}), Health({"Gi1": False})
    assert checks(before, after, Expected(shut=frozenset({"Gi1"})))["interfaces up"][0]
    assert not checks(before, after, Expected(shut=frozenset({"Gi9"})))["interfaces up"][0]


def test_bgp_session_lost_fails_even_if_still_configured_or_gone() -> None:
    before = Health(bgp={"192.0.2.1": True, "192.0.2.2": True, "V/192.0.2.3": True})
    after = Health(bgp={"192.0.2.1": False})
    expected = Expected(neighbors=frozenset({"192.0.2.1", "192.0.2.2", "192.0.2.3"}))
    passed, detail = checks(before, after, expected)["bgp established"]
    assert not passed
    assert detail == ("192.0.2.1 is no longer established; 192.0.2.2 is gone; V/192.0.2.3 is gone")


def test_bgp_neighbor_removed_by_the_change_may_vanish() -> None:
    before = Health(bgp={"192.0.2.1": True, "V/192.0.2.3": True})
    after = Health(bgp={})
    assert checks(before, after, Expected())["bgp established"][0]


def test_removed_neighbor_still_listed_down_fails() -> None:
    # the config no longer has it but the device still shows it down: not what was intended
    before, after = Health(bgp={"192.0.2.1": True}), Health(bgp={"192.0.2.1": False})
    assert not checks(before, after, Expected())["bgp established"][0]


def test_long_lists_are_cut() -> None:
    before = Health({f"Gi{i}": True for i in range(15)})
    _, detail = checks(before, Health())["interfaces up"]
    assert detail.count("is gone") == 10 and detail.endswith("(+5)")


IOS = """\
hostname sw1
interface Gi1
 description up
interface Gi2
 shutdown
interface Vlan10
 shutdown
router bgp 65000
 neighbor 192.0.2.1 remote-as 65001
 neighbor 192.0.2.1 description peer
 address-family ipv4
  neighbor 192.0.2.5 activate
"""

JUNOS = """\
interfaces {
    ge-0/0/1 {
        description up;
    }
    ge-0/0/2 {
        disable;
    }
}
protocols {
    bgp {
        group EXT {
            neighbor 203.0.113.1 {
                peer-as 65010;
            }
        }
    }
}
"""


def test_expected_from_an_indented_config() -> None:
    expected = expected_from(IOS, "ios")
    assert expected.shut == {"Gi2", "Vlan10"}
    assert expected.neighbors == {"192.0.2.1", "192.0.2.5"}


def test_expected_from_a_junos_config() -> None:
    expected = expected_from(JUNOS, "junos")
    assert expected.shut == {"ge-0/0/2"}
    assert expected.neighbors == {"203.0.113.1"}
    assert expected_from("system { host-name x; }\n", "junos") == Expected()


BGP_MENTIONED_ONLY = {
    "ios": "interface Gi1\n description router bgp uplink\nip as-path access-list 1 permit _65000_\n",
    "eos": "interface Ethernet1\n   description router bgp peer\n",
    "dellos10": "interface ethernet1/1/1\n description bgp\n",
    "junos": "policy-options {\n    policy-statement P {\n        from protocol bgp;\n"
    "        then accept;\n    }\n}\n",
}


def test_bgp_counts_only_where_the_config_configures_it() -> None:
    assert runs_bgp(IOS, "ios") and runs_bgp(JUNOS, "junos")
    for platform in ("eos", "dellos10"):
        assert runs_bgp("router bgp 65000\n   neighbor 192.0.2.1 remote-as 65001\n", platform)
    instance = "routing-instances {\n    R {\n        protocols {\n            bgp {\n"
    assert runs_bgp(
        instance + "                group G;\n            }\n        }\n    }\n}\n", "junos"
    )
    for platform, text in BGP_MENTIONED_ONLY.items():
        assert not runs_bgp(text, platform), platform
        assert not runs_bgp("", platform), platform


def test_the_example_golden_configs_with_bgp_are_those_with_a_bgp_section(
    example_project: Project,
) -> None:
    inventory = load_inventory(example_project)
    seen = set()
    for name, host in inventory.hosts.items():
        text = example_project.golden_path(name).read_text()
        section = re.search(r"^(router bgp \d+|\s*bgp \{)$", text, re.M) is not None
        assert runs_bgp(text, host.platform) is section, name
        seen.add(section)
    assert seen == {True, False}
