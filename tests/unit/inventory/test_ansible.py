"""The Ansible view of the inventory: same hosts, groups and values; data stays text; no secrets."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
import yaml

from bluewire.errors import InventoryError
from bluewire.inventory import ansible
from bluewire.inventory.load import load_inventory
from bluewire.inventory.model import Inventory, InventoryHost
from bluewire.platforms import PROFILES
from bluewire.project import Project
from tests.conftest import MakeProject, unwrap_unsafe


@dataclass(frozen=True)
class _Endpoint:
    address: str
    port: int
    username: str
    password: str = "lab-password"


def _resolved_like_ansible(ai: ansible.AnsibleInventory, inv: Any, host: str) -> dict[str, Any]:
    """group vars (Ansible's order: depth, then name) overlaid with the host's own vars."""
    merged = ansible.ansible_group_vars(inv, inv.hosts[host])
    merged.update(ai.hostvars[host])
    return unwrap_unsafe(json.loads(json.dumps(ansible._json_value(merged))))


def test_every_host_resolves_to_bluewires_values(example_project: Project) -> None:
    inv = load_inventory(example_project)
    ai = ansible.build(example_project, inv)
    assert set(ai.hostvars) == set(inv.hosts)
    for name, host in inv.hosts.items():
        seen = _resolved_like_ansible(ai, inv, name)
        assert {k: seen[k] for k in host.data} == json.loads(json.dumps(host.data)), name


def test_group_order_differences_become_host_vars(make_project: MakeProject) -> None:
    # Nornir: the host's first group wins (b-first); Ansible: deeper, then later name wins.
    project = make_project(
        hosts="sw1:\n  groups: [b-first, a-second]\n  data: {role: access}\n",
        groups=(
            "b-first: {platform: ios, data: {site: from-b}}\n"
            "a-second: {groups: [parent], data: {site: from-a}}\n"
            "parent: {data: {site: from-parent, region: north}}\n"
        ),
    )
    inv = load_inventory(project, use_cache=False)
    ai = ansible.build(project, inv)
    assert inv.hosts["sw1"].data["site"] == "from-b"
    assert ai.hostvars["sw1"]["site"] == "from-b"  # Ansible alone would pick a-second's
    assert "region" not in ai.hostvars["sw1"]  # agreed by both: left to the group
    assert ai.groups["parent"].children == ["a-second"]
    assert set(ai.groups["all"].children) == {"b-first", "parent"}
    assert ai.groups["b-first"].hosts == ["sw1"] and ai.groups["a-second"].hosts == ["sw1"]


@pytest.mark.parametrize("platform", sorted(PROFILES))
def test_connection_vars_come_from_the_platform_registry(
    make_project: MakeProject, platform: str
) -> None:
    project = make_project(
        hosts=f"sw1:\n  hostname: 192.0.2.7\n  port: 2222\n  platform: {platform}\n"
        "  username: ops\n  data: {role: access}\n"
    )
    inv = load_inventory(project, use_cache=False)
    prof = PROFILES[platform]  # type: ignore[index]
    real = ansible.build(project, inv).hostvars["sw1"]
    assert real["ansible_network_os"] == prof.ansible_network_os
    assert real["ansible_connection"] == prof.ansible_connection
    assert real["ansible_host"] == "192.0.2.7" and real[prof.ansible_port_var] == 2222
    assert real["ansible_user"] == "ops" and real["bluewire_platform"] == platform
    assert "ansible_host_key_checking" not in real
    lab = ansible.build(project, inv, endpoints={"sw1": _Endpoint("127.0.0.1", 40001, "netops")})
    twin = lab.hostvars["sw1"]
    assert (twin["ansible_host"], twin[prof.ansible_port_var]) == ("127.0.0.1", 40001)
    assert twin["ansible_user"] == "netops" and twin["ansible_host_key_checking"] is False
    assert not any("password" in k for k in {*real, *twin})


def test_lab_export_leaves_out_hosts_without_a_twin(example_project: Project) -> None:
    inv = load_inventory(example_project)
    ai = ansible.build(
        example_project, inv, endpoints={"hq-core-1": _Endpoint("127.0.0.1", 1, "u")}
    )
    assert list(ai.hostvars) == ["hq-core-1"]
    members = {h for g in ai.groups.values() for h in g.hosts}
    assert members == {"hq-core-1"}


JINJA = "{{ lookup('pipe', 'id') }}"


class _TaggedLoader(yaml.SafeLoader):
    pass


_TaggedLoader.add_constructor("!unsafe", lambda ld, node: ("unsafe", ld.construct_scalar(node)))


def test_repository_text_is_marked_unsafe_in_both_forms(make_project: MakeProject) -> None:
    # Validation already refuses `{` in free text; the marking is the second wall, so it is
    # tested on an inventory built past validation.
    project = make_project(hosts="sw1:\n  platform: eos\n  data: {role: access}\n")
    host = InventoryHost("sw1", "192.0.2.1", "eos", ["g"], {"note": JINJA, "vlans_n": 3})
    inv = Inventory(
        {"sw1": host}, {"g": {"data": {"motd": JINJA}}}, {"data": {"contact": JINJA}}, "digest"
    )
    ai = ansible.build(project, inv)
    doc = yaml.load(ansible.to_yaml(ai), Loader=_TaggedLoader)["all"]
    assert doc["hosts"]["sw1"]["note"] == ("unsafe", JINJA)
    assert doc["vars"]["contact"] == ("unsafe", JINJA)
    assert doc["children"]["g"]["vars"]["motd"] == ("unsafe", JINJA)
    script = json.loads(ansible.to_script_json(ai))
    assert script["_meta"]["hostvars"]["sw1"]["note"] == {"__ansible_unsafe": JINJA}
    assert script["all"]["vars"]["contact"] == {"__ansible_unsafe": JINJA}
    assert script["_meta"]["hostvars"]["sw1"]["vlans_n"] == 3  # non-text stays typed
    assert json.loads(ansible.host_json(ai, "sw1"))["note"] == {"__ansible_unsafe": JINJA}


class _UnsafeLoader(yaml.SafeLoader):
    pass


_UnsafeLoader.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))


def test_yaml_form_has_every_group_and_host(example_project: Project) -> None:
    inv = load_inventory(example_project)
    doc = yaml.load(ansible.to_yaml(ansible.build(example_project, inv)), Loader=_UnsafeLoader)

    def groups_in(node: dict[str, Any]) -> set[str]:
        children = node.get("children") or {}
        return set(children) | {g for child in children.values() for g in groups_in(child)}

    assert groups_in(doc["all"]) == set(inv.groups)
    assert set(doc["all"]["hosts"]) == set(inv.hosts)


@pytest.mark.parametrize(
    ("where", "key", "line"),
    [
        ("hosts", "ansible_connection", "inventory/hosts.yaml:5"),
        ("groups", "hostvars", "inventory/groups.yaml:3"),
        ("defaults", "bluewire_output_dir", "inventory/defaults.yaml:2"),
        ("hosts", "group_names", "inventory/hosts.yaml:5"),
    ],
)
def test_a_data_key_ansible_reserves_is_refused_with_its_line(
    make_project: MakeProject, where: str, key: str, line: str
) -> None:
    snippet = {"hosts": "", "groups": "", "defaults": ""}
    snippet[where] = f"  {key}: x\n" if where != "defaults" else f"data:\n  {key}: x\n"
    hosts = "sw1:\n  platform: ios\n  groups: [g]\n  data:\n    role: access\n"
    if where == "hosts":
        hosts = f"sw1:\n  platform: ios\n  groups: [g]\n  data:\n    {key}: x\n    role: access\n"
    groups = "g:\n  data:\n" + (snippet["groups"].replace("  ", "    ", 1) or "    z: 1\n")
    project = make_project(hosts=hosts, groups=groups, defaults=snippet["defaults"] or "data: {}\n")
    inv = load_inventory(project, use_cache=False)
    with pytest.raises(InventoryError) as info:
        ansible.build(project, inv)
    lines = info.value.lines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{line}: data key '{key}'"), lines
