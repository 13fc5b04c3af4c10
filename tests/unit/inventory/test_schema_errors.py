"""Every kind of bad inventory input is reported as file:line, all at once, without a traceback."""

from __future__ import annotations

import pytest

from bluewire.errors import InventoryError
from bluewire.inventory.load import load_inventory
from tests.conftest import MakeProject

GOOD_GROUPS = """\
ios:
  platform: ios
access:
  data: {role: access}
"""


def problems(
    make_project: MakeProject, hosts: str, groups: str = GOOD_GROUPS, defaults: str = ""
) -> list[str]:
    project = make_project(hosts=hosts, groups=groups, defaults=defaults)
    with pytest.raises(InventoryError) as info:
        load_inventory(project, use_cache=False)
    return info.value.lines()


def test_malformed_yaml_names_file_and_line(make_project: MakeProject) -> None:
    lines = problems(make_project, "sw1:\n  groups: [ios, access\n  data: {}\n")
    assert len(lines) == 1
    assert lines[0].startswith("inventory/hosts.yaml:3: malformed YAML")


def test_duplicate_host(make_project: MakeProject) -> None:
    hosts = "sw1:\n  groups: [ios, access]\nsw2:\n  groups: [ios, access]\nsw1:\n  groups: [ios]\n"
    lines = problems(make_project, hosts)
    assert "inventory/hosts.yaml:5: duplicate key 'sw1' (first defined on line 1)" in lines


def test_duplicate_key_inside_a_host(make_project: MakeProject) -> None:
    lines = problems(
        make_project, "sw1:\n  groups: [ios, access]\n  data:\n    role: access\n    role: core\n"
    )
    assert any(
        line.startswith("inventory/hosts.yaml:5:") and "duplicate key 'role'" in line
        for line in lines
    )


def test_unknown_group(make_project: MakeProject) -> None:
    lines = problems(make_project, "sw1:\n  groups: [ios, acess]\n  data: {role: access}\n")
    assert (
        "inventory/hosts.yaml:2: sw1.groups.1: unknown group 'acess' (did you mean 'access'?)"
        in lines
    )


def test_unknown_platform(make_project: MakeProject) -> None:
    lines = problems(make_project, "sw1:\n  platform: nxos\n  data: {role: access}\n")
    assert any(
        line.startswith("inventory/hosts.yaml:2: sw1.platform: unknown platform 'nxos'")
        for line in lines
    )


def test_invalid_ip_prefix_and_vlan(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  groups: [ios, access]
  data:
    loopback: 10.0.0.300/32
    vlans:
      - {id: 5000, name: BIG}
    mgmt: {networks: [10.0.0.0/33]}
"""
    lines = problems(make_project, hosts)
    assert any(line.startswith("inventory/hosts.yaml:4: sw1.data.loopback:") for line in lines)
    assert any(
        line.startswith("inventory/hosts.yaml:6: sw1.data.vlans.0.id:") and "4094" in line
        for line in lines
    )
    assert any(
        line.startswith("inventory/hosts.yaml:7: sw1.data.mgmt.networks.0:") for line in lines
    )


def test_duplicate_vlan(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  groups: [ios, access]
  data:
    vlans:
      - {id: 10, name: A}
      - {id: 10, name: B}
"""
    lines = problems(make_project, hosts)
    assert (
        "inventory/hosts.yaml:6: sw1.data.vlans.1.id: duplicate VLAN 10 (first defined on line 5)"
        in lines
    )


def test_duplicate_ip_across_hosts(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  groups: [ios, access]
  data: {loopback: 10.9.9.9/32}
sw2:
  groups: [ios, access]
  data: {loopback: 10.9.9.9/32}
"""
    lines = problems(make_project, hosts)
    assert any(
        line.startswith("inventory/hosts.yaml:4: sw2: duplicate IP 10.9.9.9") for line in lines
    )


def test_interface_role_missing(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  groups: [ios, access]
  data:
    interfaces:
      - {name: Gi1/0/1, role: user}
      - {name: Gi1/0/2, description: printer}
"""
    lines = problems(make_project, hosts)
    assert "inventory/hosts.yaml:6: sw1.data.interfaces.1.role: field required" in lines


def test_wrong_type(make_project: MakeProject) -> None:
    lines = problems(make_project, "sw1:\n  groups: [ios, access]\n  port: twenty-two\n")
    assert any(line.startswith("inventory/hosts.yaml:3: sw1.port:") for line in lines)


def test_error_in_group_data_points_at_the_group_file(make_project: MakeProject) -> None:
    groups = (
        GOOD_GROUPS
        + "site:\n  data:\n    ntp: {key_id: 0, key_secret: k, servers: [{address: 10.0.0.1}]}\n"
    )
    lines = problems(make_project, "sw1:\n  groups: [ios, access, site]\n", groups=groups)
    assert any(line.startswith("inventory/groups.yaml:7: site.data.ntp.key_id:") for line in lines)


def test_all_problems_reported_in_one_run(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  groups: [ios, nosuch]
sw2:
  platform: nxos
  data: {role: access}
sw3:
  groups: [ios, access]
  data: {vlans: [{id: 0, name: X}]}
"""
    lines = problems(make_project, hosts)
    assert len(lines) >= 3
    assert {line.split(":")[1] for line in lines} >= {"2", "4", "8"}


def test_password_in_repository_is_refused(make_project: MakeProject) -> None:
    lines = problems(make_project, "sw1:\n  groups: [ios, access]\n  password: hunter2\n")
    assert any(
        line.startswith("inventory/hosts.yaml:3:") and "do not belong in the repository" in line
        for line in lines
    )
    assert not any("hunter2" in line for line in lines)


def test_error_through_yaml_merge_points_at_the_anchor(make_project: MakeProject) -> None:
    hosts = """\
sw1:
  groups: [ios, access]
  data: &common
    vlans: [{id: 9999, name: X}]
sw2:
  groups: [ios, access]
  data:
    <<: *common
    site: two
"""
    lines = problems(make_project, hosts)
    assert any(line.startswith("inventory/hosts.yaml:4: sw2.data.vlans.0.id:") for line in lines)
