"""Loading: Nornir inheritance, foreign SimpleInventories, interface ranges, the cache."""

from __future__ import annotations

import pytest

from bluewire.errors import InventoryError
from bluewire.inventory.load import load_inventory
from bluewire.project import Project
from tests.conftest import MakeProject


def test_plain_simpleinventory_with_unknown_keys_loads(make_project: MakeProject) -> None:
    project = make_project(
        hosts="r1:\n  hostname: 192.0.2.1\n  groups: [core]\n  data: {role: core, rack: A7, owner: {team: noc}}\n",
        groups="core:\n  platform: eos\n  data: {bgp_asn_hint: 65000}\n",
    )
    host = load_inventory(project, use_cache=False).hosts["r1"]
    assert host.platform == "eos"
    assert host.data["rack"] == "A7"
    assert host.data["owner"] == {"team": "noc"}
    assert host.data["bgp_asn_hint"] == 65000
    assert host.template_vars()["rack"] == "A7"


def test_host_beats_group_beats_defaults(make_project: MakeProject) -> None:
    project = make_project(
        hosts="r1:\n  groups: [g1, g2]\n  data: {role: core, a: host}\n",
        groups="g1:\n  platform: ios\n  data: {a: g1, b: g1}\ng2:\n  data: {b: g2, c: g2}\n",
        defaults="data: {a: d, b: d, c: d, d: d}\n",
    )
    data = load_inventory(project, use_cache=False).hosts["r1"].data
    assert (data["a"], data["b"], data["c"], data["d"]) == ("host", "g1", "g2", "d")


def test_interface_ranges_expand(make_project: MakeProject) -> None:
    project = make_project(
        hosts="sw1:\n  platform: ios\n  data:\n    role: access\n    vlans: [{id: 100, name: U}]\n"
        "    interfaces:\n      - {name: 'Gi1/0/[1-3]', role: user, vlan: 100}\n",
    )
    names = [
        i["name"] for i in load_inventory(project, use_cache=False).hosts["sw1"].data["interfaces"]
    ]
    assert names == ["Gi1/0/1", "Gi1/0/2", "Gi1/0/3"]


def test_cache_is_used_and_invalidated_when_a_file_changes(make_project: MakeProject) -> None:
    project = make_project(hosts="sw1:\n  platform: ios\n  data: {role: access, tag: one}\n")
    first = load_inventory(project)
    assert (project.state_dir / "cache" / "inventory.json").is_file()
    assert load_inventory(project).hosts["sw1"].data["tag"] == "one"

    (project.inventory_dir / "hosts.yaml").write_text(
        "sw1:\n  platform: ios\n  data: {role: access, tag: two}\n"
    )
    second = load_inventory(project)
    assert second.hosts["sw1"].data["tag"] == "two"
    assert second.digest != first.digest
    assert load_inventory(project).hosts["sw1"].data["tag"] == "two"


def test_damaged_cache_is_rebuilt(make_project: MakeProject) -> None:
    project = make_project(hosts="sw1:\n  platform: ios\n  data: {role: access}\n")
    load_inventory(project)
    (project.state_dir / "cache" / "inventory.json").write_text("{not json")
    assert "sw1" in load_inventory(project).hosts


def test_cached_load_equals_fresh_load(example_project: Project) -> None:
    fresh = load_inventory(example_project, use_cache=False)
    load_inventory(example_project)
    cached = load_inventory(example_project)
    assert {n: h.data for n, h in cached.hosts.items()} == {
        n: h.data for n, h in fresh.hosts.items()
    }


def test_example_inventory_is_a_police_department(example_project: Project) -> None:
    inv = load_inventory(example_project, use_cache=False)
    assert len(inv.hosts) >= 24
    assert {h.platform for h in inv.hosts.values()} == {"ios", "eos", "junos", "dellos10"}
    districts = {h.data["site"] for h in inv.hosts.values() if h.data["site"].startswith("d")}
    assert len(districts - {"dc", "dispatch"}) >= 6


def test_mappings_merge_deeply_and_errors_name_their_own_file(make_project: MakeProject) -> None:
    project = make_project(
        hosts="sw1:\n  platform: ios\n  data:\n    role: access\n    mgmt: {address: 10.0.0.5/24}\n",
        defaults="data:\n  mgmt:\n    vrf: MGMT\n    networks: [10.250.0.0/24]\n",
    )
    mgmt = load_inventory(project, use_cache=False).hosts["sw1"].data["mgmt"]
    assert (mgmt["address"], mgmt["vrf"], mgmt["networks"]) == (
        "10.0.0.5/24",
        "MGMT",
        ["10.250.0.0/24"],
    )

    (project.inventory_dir / "defaults.yaml").write_text(
        "data:\n  mgmt:\n    vrf: MGMT\n    networks: [10.250.0.0/99]\n"
    )
    with pytest.raises(InventoryError) as info:
        load_inventory(project, use_cache=False)
    assert any(
        line.startswith("inventory/defaults.yaml:4: data.mgmt.networks.0:")
        for line in info.value.lines()
    )


@pytest.mark.parametrize(
    "key",
    [
        *("rack", "site_code", "ntp_servers", "mgmt_vlan", "role_hint", "owner", "bfd", "tags"),
        *("ospf3", "bgp2", "syslog2", "banner2", "snmp3", "ntp6"),  # short keys, a digit more
    ],
)
def test_keys_of_the_users_own_are_kept_unless_a_slip_away_from_bluewires(
    make_project: MakeProject, key: str
) -> None:
    """`os_versoin` is refused (a bad-input row); keys that merely share a word with one of
    bluewire's (`site_code`, `ntp_servers`, `mgmt_vlan`) or are short and different stay allowed."""
    project = make_project(hosts=f"r1:\n  platform: eos\n  data: {{role: core, {key}: A7}}\n")
    assert load_inventory(project, use_cache=False).hosts["r1"].data[key] == "A7"


@pytest.mark.parametrize("port", ["70000", "yes", "1.5"])
def test_a_bad_acl_port_says_the_same_every_run(make_project: MakeProject, port: str) -> None:
    """The port is a number or a name: pydantic named the number's branch after its validator
    function, memory address included, so the error changed on every run (and in reports)."""
    acl = f"{{MGMT: [{{seq: 10, action: permit, protocol: tcp, port: {port}}}]}}"
    project = make_project(hosts=f"r1:\n  platform: ios\n  data: {{role: core, acls: {acl}}}\n")
    with pytest.raises(InventoryError) as info:
        load_inventory(project, use_cache=False)
    text = "\n".join(info.value.lines())
    assert "data.acls.MGMT.0.port" in text
    assert "0x" not in text and "function-" not in text, text


def _with_area(make_project: MakeProject, area: str) -> Project:
    port = f"{{name: Gi1/0/1, role: uplink, address: 10.0.0.0/31, ospf_area: {area}}}"
    hosts = f"r1:\n  platform: ios\n  data: {{role: core, interfaces: [{port}]}}\n"
    return make_project(hosts=hosts)


@pytest.mark.parametrize("area", ["-5", "4294967296", "99999999999999999999"])
def test_an_ospf_area_out_of_32_bits_is_refused(make_project: MakeProject, area: str) -> None:
    with pytest.raises(InventoryError) as info:
        load_inventory(_with_area(make_project, area), use_cache=False)
    assert "data.interfaces.0.ospf_area" in "\n".join(info.value.lines())


@pytest.mark.parametrize("area", ["0", "4294967295", "0.0.0.1"])
def test_an_ospf_area_is_a_number_or_a_dotted_quad(make_project: MakeProject, area: str) -> None:
    host = load_inventory(_with_area(make_project, area), use_cache=False).hosts["r1"]
    assert str(host.data["interfaces"][0]["ospf_area"]) == area
