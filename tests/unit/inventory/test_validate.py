"""inventory/validate.py branch by branch: each check has a bad input, and its message is asserted
whole, at its file and line (the CLI table in tests/cli/bad_inputs/ checks the same promises
end to end; these run in milliseconds, so mutation testing can afford them)."""

from __future__ import annotations

import pytest

from bluewire.errors import InventoryError
from bluewire.inventory.load import Inventory, load_inventory
from bluewire.inventory.scan import CREDENTIAL_HINT
from tests.conftest import MakeProject

HOSTS, GROUPS, DEFAULTS = "inventory/hosts.yaml", "inventory/groups.yaml", "inventory/defaults.yaml"
KNOWN = "bluewire knows ios, eos, junos, dellos10"


def _problems(
    make_project: MakeProject, hosts: str, groups: str = "", defaults: str = ""
) -> list[str]:
    project = make_project(hosts=hosts, groups=groups, defaults=defaults)
    with pytest.raises(InventoryError) as info:
        load_inventory(project, use_cache=False)
    return info.value.lines()


def _load(make_project: MakeProject, hosts: str, groups: str = "", defaults: str = "") -> Inventory:
    return load_inventory(
        make_project(hosts=hosts, groups=groups, defaults=defaults), use_cache=False
    )


# --- file and entry shapes (check_shapes) ----------------------------------------------------


def test_a_file_that_is_not_a_mapping_of_entries(make_project: MakeProject) -> None:
    lines = _problems(make_project, "sw1:\n  platform: ios\n  port: 0\n", groups="- a\n- b\n")
    assert lines == [
        f"{GROUPS}:1: must be a mapping of names to entries",
        f"{HOSTS}:3: sw1.port: Input should be greater than or equal to 1 (got 0)",
    ]
    lines = _problems(make_project, "sw1:\n  platform: ios\n", groups="g: {}\n", defaults="- x\n")
    assert lines == [f"{DEFAULTS}:1: must be a mapping"]


def test_an_entry_that_is_not_a_mapping_and_the_entries_after_it(make_project: MakeProject) -> None:
    hosts = "sw1: just-text\nsw2:\n  platform: ios\n  port: 0\n"
    groups = "core: 5\nedge:\n  port: 70000\n"
    assert _problems(make_project, hosts, groups=groups) == [
        f"{GROUPS}:1: core: entry must be a mapping",
        f"{GROUPS}:3: edge.port: Input should be less than or equal to 65535 (got 70000)",
        f"{HOSTS}:1: sw1: entry must be a mapping",
        f"{HOSTS}:4: sw2.port: Input should be greater than or equal to 1 (got 0)",
    ]


def test_defaults_are_checked_like_an_entry(make_project: MakeProject) -> None:
    lines = _problems(
        make_project, "sw1:\n  platform: ios\n", defaults="port: 0\ngroups: [nosuch]\n"
    )
    assert lines == [
        f"{DEFAULTS}:1: port: Input should be greater than or equal to 1 (got 0)",
        f"{DEFAULTS}:2: groups.0: unknown group 'nosuch'",
    ]


def test_a_groups_parent_must_exist(make_project: MakeProject) -> None:
    lines = _problems(
        make_project,
        "sw1:\n  platform: ios\n  groups: [core]\n",
        groups="core:\n  groups: [nosuch]\n",
    )
    assert lines == [f"{GROUPS}:2: core.groups.0: unknown group 'nosuch'"]


def test_a_bad_file_does_not_stop_the_next_files_checks(make_project: MakeProject) -> None:
    """hosts.yaml that is not a mapping is reported, and groups.yaml is still checked entry by
    entry; groups.yaml that is not a mapping names no group, so a host's groups are unknown."""
    assert _problems(make_project, "- sw1\n", groups="core:\n  port: 0\n") == [
        f"{GROUPS}:2: core.port: Input should be greater than or equal to 1 (got 0)",
        f"{HOSTS}:1: must be a mapping of names to entries",
    ]
    lines = _problems(make_project, "sw1:\n  platform: ios\n  groups: [core]\n", groups="- core\n")
    assert lines == [
        f"{GROUPS}:1: must be a mapping of names to entries",
        f"{HOSTS}:3: sw1.groups.0: unknown group 'core'",
    ]


def test_host_names_are_hostnames_and_group_names_are_identifiers(
    make_project: MakeProject,
) -> None:
    """`core_sw` and `edge.v2` are group names but no device hostname; `-x` is neither."""
    hosts = "sw1:\n  platform: ios\n  groups: [core_sw, edge.v2]\n"
    groups = "core_sw: {}\nedge.v2: {}\n"
    assert _load(make_project, hosts, groups=groups).hosts["sw1"].groups == ["core_sw", "edge.v2"]
    hosts = "sw_1:\n  platform: ios\nedge.v2:\n  platform: ios\n"
    host_rule = "is not a valid host name (for example 'hq-core-1': a device hostname)"
    assert _problems(make_project, hosts, groups="'-x': {}\n") == [
        f"{GROUPS}:1: -x: '-x' is not a valid name (for example 'HQ-USERS', 'trust-to-dmz', 'MGMT')",
        f"{HOSTS}:1: sw_1: 'sw_1' {host_rule}",
        f"{HOSTS}:3: edge.v2: 'edge.v2' {host_rule}",
    ]


def test_a_secrets_name_is_data_in_every_file_and_a_credential_outside_it(
    make_project: MakeProject,
) -> None:
    """`*_secret: <name>` names a secret only under `data`, which sits one level down in hosts
    and groups (under the entry) and at the top of defaults."""
    data = "  data:\n    radius_secret: radius_key\n"
    inventory = _load(
        make_project,
        f"sw1:\n  platform: ios\n  groups: [g]\n{data}",
        groups=f"g:\n{data.replace('radius', 'tacacs')}",
        defaults="data:\n  snmp_secret: snmp_key\n",
    )
    got = inventory.hosts["sw1"].data
    assert (got["radius_secret"], got["tacacs_secret"], got["snmp_secret"]) == (
        "radius_key", "tacacs_key", "snmp_key"
    )  # fmt: skip
    lines = _problems(
        make_project,
        "sw1:\n  platform: ios\n  connection_options:\n    data:\n      radius_secret: radius_key\n",
        groups="g:\n  connection_options:\n    data:\n      tacacs_secret: tacacs_key\n",
        defaults="aaa:\n  data:\n    snmp_secret: snmp_key\n",
    )
    entry_keys = "connection_options, data, groups, hostname, password, platform, port, username"
    options_keys = "extras, hostname, password, platform, port, username"
    assert lines == [
        f"{DEFAULTS}:1: aaa: unknown key 'aaa' (known here: {entry_keys})",
        f"{DEFAULTS}:3: aaa.data.snmp_secret: {CREDENTIAL_HINT}",
        f"{GROUPS}:4: g.connection_options.data.tacacs_secret: {CREDENTIAL_HINT}",
        f"{GROUPS}:4: g.connection_options.data.tacacs_secret: unknown key 'tacacs_secret' (known here: {options_keys})",
        f"{HOSTS}:5: sw1.connection_options.data.radius_secret: {CREDENTIAL_HINT}",
        f"{HOSTS}:5: sw1.connection_options.data.radius_secret: unknown key 'radius_secret' (known here: {options_keys})",
    ]


def test_a_misspelt_entry_key_names_the_key_it_meant(make_project: MakeProject) -> None:
    hosts = "sw1:\n  platform: ios\n  hostnme: 10.0.0.1\n  groups: [g]\n"
    assert _problems(make_project, hosts, groups="g:\n  platfrom: ios\n") == [
        f"{GROUPS}:2: g.platfrom: unknown key 'platfrom' (did you mean 'platform'?)",
        f"{HOSTS}:3: sw1.hostnme: unknown key 'hostnme' (did you mean 'hostname'?)",
    ]


# --- platform and host attributes (build_host) -----------------------------------------------


def test_a_host_without_a_platform(make_project: MakeProject) -> None:
    assert _problems(make_project, "sw0:\n  platform: ios\nsw1:\n  data: {role: access}\n") == [
        f"{HOSTS}:3: sw1: no platform (set it on the host, a group or defaults)"
    ]


def test_an_unknown_platform_is_reported_where_it_was_written(make_project: MakeProject) -> None:
    lines = _problems(make_project, "sw1:\n  groups: [g]\n", groups="g:\n  platform: nexus\n")
    assert lines == [f"{GROUPS}:2: g.platform: unknown platform 'nexus'; {KNOWN}"]
    lines = _problems(make_project, "sw1:\n  platform: Junos\n")
    assert lines == [
        f"{HOSTS}:2: sw1.platform: unknown platform 'Junos' (did you mean 'junos'?); {KNOWN}"
    ]


def test_a_platform_problem_and_data_problems_are_reported_together(
    make_project: MakeProject,
) -> None:
    hosts = "sw1:\n  platform: nxos\n  data: {vlans: [{id: 0, name: X}]}\n"
    assert _problems(make_project, hosts) == [
        f"{HOSTS}:2: sw1.platform: unknown platform 'nxos'; {KNOWN}",
        f"{HOSTS}:3: sw1.data.vlans.0.id: Input should be greater than or equal to 1 (got 0)",
    ]


def test_a_valid_host_keeps_its_attributes(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  platform: ios
  port: 2222
  username: ops
  groups: [g]
  connection_options:
    napalm: {extras: {transport: ssh}}
sw2:
  platform: ios
  hostname: 10.0.0.2
"""
    inventory = _load(make_project, hosts, groups="g:\n  data: {site: hq}\n")
    sw1, sw2 = inventory.hosts["sw1"], inventory.hosts["sw2"]
    assert (sw1.hostname, sw1.platform, sw1.port, sw1.username, sw1.groups) == (
        "sw1", "ios", 2222, "ops", ["g"]
    )  # fmt: skip
    assert sw1.connection_options == {"napalm": {"extras": {"transport": "ssh"}}}
    assert sw1.data["site"] == "hq"
    assert (sw2.hostname, sw2.port, sw2.username, sw2.groups, sw2.connection_options) == (
        "10.0.0.2", None, None, [], {}
    )  # fmt: skip
    assert (sw1.defined_at, sw2.defined_at) == (f"{HOSTS}:1", f"{HOSTS}:8")


# --- messages (_message): bluewire's own checks, the offending value, hints ---------------------


def test_each_kind_of_message(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  platform: ios
  hostname: 'bad host!'
  data:
    vlans: {a: 1}
    interfaces:
      - {name: 'Gi1/0/[4-1]', role: user}
      - {name: Gi1/0/9, role: acess}
      - {name: Gi1/0/8, role: user, vlna: 3}
"""
    roles = (
        "'user', 'camera', 'uplink', 'server', 'unused', 'routed', 'peer', 'mgmt', 'wan' or 'trunk'"
    )
    assert _problems(make_project, hosts) == [
        f"{HOSTS}:3: sw1.hostname: 'bad host!' is neither an IP address nor a DNS name",
        f"{HOSTS}:5: sw1.data.vlans: Input should be a valid list",  # no "(got {...})"
        f"{HOSTS}:7: sw1.data.interfaces.0.name: 'Gi1/0/[4-1]': the range must go up, by at most 1024",
        f"{HOSTS}:8: sw1.data.interfaces.1.role: Input should be {roles} (got 'acess')",
        f"{HOSTS}:9: sw1.data.interfaces.2.vlna: unknown key 'vlna' (did you mean 'vlan'?)",
    ]


# --- keys only templates read (_validate_optional) ----------------------------------------------


def test_optional_keys_are_typed_when_bluewire_knows_them(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  platform: ios
  data:
    security: {login_attempts: 3}
    policies: [{name: p, from: a, to: b, source: [x], destination: [y], application: [any], action: permit}]
    dns_servers: [10.0.0.53]
    custom_thing: {a: [1]}
"""
    data = _load(make_project, hosts).hosts["sw1"].data
    assert data["security"] == {"login_attempts": 3}  # only what was set
    assert data["policies"][0]["from"] == "a"  # the YAML key, not the Python name
    assert data["dns_servers"] == ["10.0.0.53"]  # JSON data, not IPv4Address objects
    assert data["custom_thing"] == {"a": [1]}  # unknown to bluewire: kept as written


def test_a_bad_optional_key_is_reported_even_after_a_good_one(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  platform: ios
  data:
    security: {login_attempts: 3}
    zones: [{name: z, servics: [x]}]
sw2:
  platform: ios
  data:
    security: null
sw3:
  platform: ios
  data:
    security: {login_attempts: 0}
"""
    assert _problems(make_project, hosts) == [
        f"{HOSTS}:5: sw1.data.zones.0.servics: unknown key 'servics' (did you mean 'services'?)",
        f"{HOSTS}:9: sw2.data.security: Input should be a valid dictionary or instance of Security (got None)",
        f"{HOSTS}:13: sw3.data.security.login_attempts: Input should be greater than or equal to 1 (got 0)",
    ]


# --- VLANs and interfaces (_check_vlans, _check_interfaces) ------------------------------------


def test_vlans_and_interfaces_each_check(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  platform: ios
  data:
    vlans:
      - {id: 10, name: A}
      - {id: 11, name: B}
      - {id: 10, name: C}
    interfaces:
      - {name: 'Gi1/0/[1-4]', role: user, vlan: 10}
      - {name: Gi1/0/3, role: user, vlan: 11}
      - {name: Gi1/0/5, role: user, voice_vlan: 20}
      - {name: Gi1/0/6, role: trunk, native_vlan: 30}
      - {name: Gi1/0/7, role: user, vlan: 40}
"""
    assert _problems(make_project, hosts) == [
        f"{HOSTS}:7: sw1.data.vlans.2.id: duplicate VLAN 10 (first defined on line 5)",
        f"{HOSTS}:8: sw1.data.interfaces: interface Gi1/0/3 is defined more than once (check the [first-last] ranges)",
        f"{HOSTS}:8: sw1.data.interfaces: interface Gi1/0/5: voice_vlan 20 is not in this host's vlans",
        f"{HOSTS}:8: sw1.data.interfaces: interface Gi1/0/6: native_vlan 30 is not in this host's vlans",
        f"{HOSTS}:8: sw1.data.interfaces: interface Gi1/0/7: vlan 40 is not in this host's vlans",
    ]


def test_hosts_sharing_a_groups_lists_are_each_checked(make_project: MakeProject) -> None:
    """Validation results are shared between hosts with the same values; a host whose own
    VLANs differ is still checked against them."""
    groups = """\
access:
  platform: ios
  data:
    vlans: [{id: 10, name: A}]
    interfaces: [{name: Gi1/0/1, role: user, vlan: 10}]
"""
    hosts = "sw1:\n  groups: [access]\nsw2:\n  groups: [access]\nsw3:\n  groups: [access]\n  data:\n    vlans: [{id: 11, name: B}]\n"
    assert _problems(make_project, hosts, groups=groups) == [
        f"{GROUPS}:5: access.data.interfaces: interface Gi1/0/1: vlan 10 is not in this host's vlans"
    ]
    inventory = _load(make_project, "sw1:\n  groups: [access]\nsw2:\n  groups: [access]\n")
    assert inventory.hosts["sw1"].data["interfaces"] == inventory.hosts["sw2"].data["interfaces"]


# --- addresses (address_owners, check_duplicate_owners) ----------------------------------------


def test_every_kind_of_address_is_owned_once(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  platform: ios
  data:
    interfaces: [{name: Gi1/0/1, role: routed, address: 10.0.0.1/31}]
    svis: [{vlan: 10, address: 10.1.0.1/24}]
    mgmt: {address: 10.2.0.1/24}
    loopback: 10.3.0.1/32
sw2:
  platform: ios
  data:
    interfaces: [{name: Gi1/0/2, role: routed, address: 10.3.0.1/31}]
    svis: [{vlan: 20, address: 10.0.0.1/24}]
    mgmt: {address: 10.1.0.1/16}
    loopback: 10.2.0.1/32
"""
    assert _problems(make_project, hosts) == [
        f"{HOSTS}:8: sw2: duplicate IP 10.0.0.1: sw2 Vlan20 and sw1 interface Gi1/0/1",
        f"{HOSTS}:8: sw2: duplicate IP 10.1.0.1: sw2 management and sw1 Vlan10",
        f"{HOSTS}:8: sw2: duplicate IP 10.2.0.1: sw2 loopback and sw1 management",
        f"{HOSTS}:8: sw2: duplicate IP 10.3.0.1: sw2 interface Gi1/0/2 and sw1 loopback",
    ]


def test_list_items_are_validated_under_their_own_key(make_project: MakeProject) -> None:
    """Items are validated one by one and remembered per list key: an item valid as an interface
    is still refused as an SVI, a null item after a valid one is refused, and a list given for a
    key that is not a list is refused, not validated item by item."""
    hosts = """\
sw1:
  platform: ios
  data:
    vlans: [{id: 10, name: A}]
    interfaces:
      - {name: Vlan10, role: routed, address: 10.1.0.1/24}
      - null
    svis:
      - {name: Vlan10, role: routed, address: 10.1.0.1/24}
    mgmt: [10.2.0.1/24]
"""
    lines = _problems(make_project, hosts)
    assert (
        lines[0]
        == f"{HOSTS}:7: sw1.data.interfaces.1: Input should be a valid dictionary or instance of Interface (got None)"
    )
    assert lines[1].startswith(f"{HOSTS}:9: sw1.data.svis.0.")
    assert (
        lines[-1]
        == f"{HOSTS}:10: sw1.data.mgmt: Input should be a valid dictionary or instance of Management"
    )


# --- remembered results (the memo of validate_data, _validated, _validate_optional, _expanded) ---


def test_equal_values_are_validated_once_and_shared(make_project: MakeProject) -> None:
    """A value is validated once and its result shared: by every host of the group that wrote it,
    by a host that wrote an equal value itself, item by item in lists (a 10,000-host inventory
    keeps one validated copy of each distinct value). Unequal values are never shared."""
    groups = """\
access:
  platform: ios
  data:
    vlans: [{id: 10, name: A}]
    interfaces: [{name: Gi1/0/1, role: user, vlan: 10}, {name: 'Gi1/0/[2-3]', role: user, vlan: 10}]
    dns_servers: [10.0.0.53]
"""
    hosts = """\
sw1:
  groups: [access]
sw2:
  groups: [access]
sw3:
  groups: [access]
  data:
    vlans: [{id: 10, name: A}]
    interfaces: [{name: Gi1/0/1, role: user, vlan: 10}, {name: Gi1/0/9, role: user, vlan: 10}]
    dns_servers: [10.0.0.53]
sw4:
  groups: [access]
  data:
    vlans: [{id: 10, name: B}]
    dns_servers: [10.0.0.54]
"""
    got = {
        name: host.data for name, host in _load(make_project, hosts, groups=groups).hosts.items()
    }
    sw1, sw2, sw3, sw4 = got["sw1"], got["sw2"], got["sw3"], got["sw4"]
    for key in ("vlans", "interfaces", "dns_servers"):
        assert sw2[key] is sw1[key], key  # the group's value, validated once
    assert sw1["interfaces"] == [
        {**sw3["interfaces"][0], "name": name} for name in ("Gi1/0/1", "Gi1/0/2", "Gi1/0/3")
    ]
    assert sw3["vlans"] is sw1["vlans"]  # written again, equal: the same result
    assert sw3["dns_servers"] is sw1["dns_servers"]
    assert sw3["interfaces"][0] is sw1["interfaces"][0]  # an equal item of another list
    assert sw3["interfaces"][1]["name"] == "Gi1/0/9"
    assert (sw4["vlans"], sw4["dns_servers"]) == (
        [{"id": 10, "name": "B", "role": None}],
        ["10.0.0.54"],
    )
    assert sw4["interfaces"] is sw1["interfaces"]


def test_a_platform_that_is_not_text(make_project: MakeProject) -> None:
    """Reported once, by the entry check, and no 'did you mean' is looked up for it."""
    assert _problems(make_project, "sw1:\n  platform: 5\nsw2:\n  platform: [ios]\n") == [
        f"{HOSTS}:2: sw1.platform: Input should be a valid string (got 5)",
        f"{HOSTS}:4: sw2.platform: Input should be a valid string",
    ]


def _types(value: object) -> set[type]:
    """Every type in a nested value, mapping keys included."""
    if isinstance(value, dict):
        return {dict}.union(*(_types(k) | _types(v) for k, v in value.items()))
    if isinstance(value, list):
        return {list}.union(*(_types(v) for v in value))
    return {type(value)}


def test_validated_data_is_plain_json_data(make_project: MakeProject) -> None:
    """Templates, the inventory cache and plan digests see the same plain types whether a value
    was parsed now or read back from the cache: no enums (not even as mapping keys), no address
    objects."""
    hosts = """\
sw1:
  platform: ios
  data:
    role: access
    approved_os: {ios: [17.9.4a], junos: [22.4R3-S2]}
    loopback: 10.3.0.1/32
    interfaces: [{name: Gi1/0/1, role: routed, address: 10.0.0.1/31}]
    dns_servers: [10.0.0.53]
"""
    data = _load(make_project, hosts).hosts["sw1"].data
    assert _types(data) <= {dict, list, str, int, float, bool, type(None)}
    assert data["approved_os"] == {"ios": ["17.9.4a"], "junos": ["22.4R3-S2"]}
    assert (data["loopback"], data["dns_servers"]) == ("10.3.0.1/32", ["10.0.0.53"])


def test_hosts_sharing_one_list_are_checked_against_their_own_other_list(
    make_project: MakeProject,
) -> None:
    """The checks are remembered per (vlans, interfaces) pair: sharing the group's VLANs with a
    host that passed does not excuse a host's own interfaces."""
    groups = "access:\n  platform: ios\n  data:\n    vlans: [{id: 10, name: A}]\n"
    hosts = """\
sw1:
  groups: [access]
  data:
    interfaces: [{name: Gi1/0/1, role: user, vlan: 10}]
sw2:
  groups: [access]
  data:
    interfaces: [{name: Gi1/0/1, role: user, vlan: 20}]
"""
    assert _problems(make_project, hosts, groups=groups) == [
        f"{HOSTS}:8: sw2.data.interfaces: interface Gi1/0/1: vlan 20 is not in this host's vlans"
    ]


def test_a_bad_field_is_reported_whatever_keys_follow_it(make_project: MakeProject) -> None:
    hosts = "sw1:\n  platform: ios\n  data:\n    site: [hq]\n    dns_servers: [10.0.0.53]\n    custom: 1\n"
    assert _problems(make_project, hosts) == [
        f"{HOSTS}:4: sw1.data.site: Input should be a valid string"
    ]


def test_a_host_with_problems_is_left_out_of_the_address_check(make_project: MakeProject) -> None:
    """Its data is not valid, so its addresses are not compared: its own problem is reported,
    not a duplicate that may disappear when it is fixed."""
    hosts = """\
sw1:
  platform: ios
  data:
    loopback: 10.3.0.1/32
    interfaces: [{name: Gi1/0/1, role: user, vlan: 20}]
sw2:
  platform: ios
  data:
    loopback: 10.3.0.1/32
"""
    assert _problems(make_project, hosts) == [
        f"{HOSTS}:5: sw1.data.interfaces: interface Gi1/0/1: vlan 20 is not in this host's vlans"
    ]
