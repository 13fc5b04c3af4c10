"""Ports changing between L2 and L3, OS10's untagged VLAN, and physical ports left out.

Each behaviour is a row of data in `bluewire.diff.platforms`; these tests fail when the row goes.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from bluewire.diff import diff_text, remediation, rollback
from bluewire.lab.grammar import load_grammar
from tests.unit.diff.roundtrip import canonical

GOLDEN = Path(__file__).resolve().parents[3] / "golden_configs"
OS10_HOSTS = sorted(p for p in GOLDEN.glob("*.cfg") if p.read_text().startswith("! Version 10"))
INDENT = ("ios", "eos", "dellos10")


def port_block(text: str, name: str) -> list[str]:
    """The commands under `name` in a remediation, unindented."""
    lines = text.splitlines()
    start = lines.index(name) + 1
    out = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        out.append(line.strip())
    return out


def port(name: str, *lines: str) -> str:
    return "\n".join([name, *(f" {line}" for line in lines)]) + "\n"


def block(running: str, golden: str, platform: str, name: str) -> list[str]:
    return port_block("\n".join(remediation(running, golden, platform)), name)


# ------------------------------------------------------------------ OS10's untagged VLAN
@pytest.mark.parametrize("vlan", [1, 10, 999, 4093])
def test_os10_removes_an_untagged_vlan_with_the_no_form_without_a_vlan(vlan: int) -> None:
    running = port("interface ethernet1/1/5", f"switchport access vlan {vlan}", "mtu 9216")
    golden = port("interface ethernet1/1/5", "mtu 9216")
    assert block(running, golden, "dellos10", "interface ethernet1/1/5") == [
        "no switchport access vlan"
    ]


def test_os10_undoes_no_untagged_vlan_with_the_default_vlan() -> None:
    running = port("interface port-channel1", "switchport mode trunk", "no switchport access vlan")
    golden = port("interface port-channel1", "switchport mode trunk")
    assert block(running, golden, "dellos10", "interface port-channel1") == [
        "switchport access vlan 1"
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("no switchport access vlan", "switchport access vlan 20"),
        ("switchport access vlan 20", "no switchport access vlan"),
        ("switchport access vlan 20", "switchport access vlan 30"),
    ],
)
def test_os10_untagged_vlan_and_its_no_form_are_one_setting(old: str, new: str) -> None:
    running = port("interface ethernet1/1/5", "switchport mode trunk", old)
    golden = port("interface ethernet1/1/5", "switchport mode trunk", new)
    assert block(running, golden, "dellos10", "interface ethernet1/1/5") == [new]


@pytest.mark.parametrize(
    ("old", "new"), list(itertools.permutations(OS10_HOSTS, 2)), ids=lambda p: p.stem
)
def test_every_os10_remediation_between_golden_configs_applies_in_the_lab(
    old: Path, new: Path
) -> None:
    """Each command is one the lab's OS10 grammar takes (none incomplete), and the result is
    the target, left-out ports at their defaults; a second remediation is empty."""
    lab = load_grammar("dellos10")
    running, target = old.read_text(), new.read_text()
    applied = lab.merge(lab.replace("", running), remediation(running, target, "dellos10"))
    assert canonical(applied, "dellos10") == canonical(target, "dellos10")
    assert remediation(applied, target, "dellos10") == []


# ------------------------------------------------------------------ L2 <-> L3 ordering
L3_SHAPES = {
    "routed": ["no switchport", "ip address 10.40.0.1/31"],
    "lag-member": ["channel-group 1 mode active", "no switchport"],
}
L2_SHAPES = {
    "trunk": [
        "switchport mode trunk",
        "no switchport access vlan",
        "switchport trunk allowed vlan 10,20",
    ],
    "access": ["switchport access vlan 20"],
}
IOS_L3 = {"routed": ["no switchport", "ip address 10.40.0.1 255.255.255.254"]}
IOS_L2 = {
    "trunk": ["switchport mode trunk", "switchport trunk allowed vlan 10,20"],
    "access": ["switchport mode access", "switchport access vlan 20"],
}
NAMES = {"ios": "interface GigabitEthernet1/0/5", "eos": "interface Ethernet5"}


def _mode_cases() -> list[tuple[str, list[str], list[str]]]:
    cases = [("dellos10", l3, l2) for l3 in L3_SHAPES.values() for l2 in L2_SHAPES.values()]
    return cases + [(p, l3, l2) for p in ("ios", "eos") for l3 in IOS_L3.values() for l2 in IOS_L2.values()]  # fmt: skip


@pytest.mark.parametrize(("platform", "l3", "l2"), _mode_cases())
def test_a_port_leaving_l3_drops_it_then_becomes_l2_then_takes_its_mode(
    platform: str, l3: list[str], l2: list[str]
) -> None:
    name = NAMES.get(platform, "interface ethernet1/1/5")
    cmds = block(port(name, "description x", *l3), port(name, "description y", *l2), platform, name)
    at = cmds.index("switchport")
    removals = [
        i for i, c in enumerate(cmds) if c.startswith("no ") and c != "no switchport access vlan"
    ]
    assert removals and max(removals) < at
    mode = [i for i, c in enumerate(cmds) if c.startswith("switchport mode")]
    assert all(i > at for i in mode)
    later = [i for i, c in enumerate(cmds) if i != at and i not in removals and i not in mode]
    assert all(i > max([at, *mode]) for i in later)


@pytest.mark.parametrize(("platform", "l3", "l2"), _mode_cases())
def test_a_port_leaving_l2_drops_its_l2_lines_then_goes_l3_then_takes_l3_settings(
    platform: str, l3: list[str], l2: list[str]
) -> None:
    name = NAMES.get(platform, "interface ethernet1/1/5")
    cmds = block(port(name, *l2), port(name, *l3), platform, name)
    at = cmds.index("no switchport")
    for i, c in enumerate(cmds):
        if c.startswith(("ip address", "channel-group", "description")):
            assert i > at, cmds
        elif i != at:
            assert i < at, cmds  # every L2 line goes while the port is still L2
    trunk = [i for i, c in enumerate(cmds) if c.startswith("no switchport trunk")]
    mode = [i for i, c in enumerate(cmds) if c.startswith("no switchport mode")]
    assert all(t < m for t in trunk for m in mode)  # a trunk's VLANs before its mode


def test_os10_untagged_vlan_comes_after_the_trunk_list_changes() -> None:
    """OS10 refuses a VLAN that is both the port's untagged and a tagged one."""
    name = "interface ethernet1/1/5"
    running = port(
        name,
        "switchport mode trunk",
        "no switchport access vlan",
        "switchport trunk allowed vlan 500,510",
    )
    golden = port(
        name,
        "switchport mode trunk",
        "switchport access vlan 500",
        "switchport trunk allowed vlan 510",
    )
    assert block(running, golden, "dellos10", name) == [
        "switchport trunk allowed vlan 510",
        "switchport access vlan 500",
    ]
    assert block(golden, running, "dellos10", name) == [
        "no switchport access vlan",
        "switchport trunk allowed vlan 500,510",
    ]


def test_no_shutdown_stays_last_on_a_port_changing_mode() -> None:
    name = "interface ethernet1/1/5"
    cmds = block(port(name, "shutdown", *L3_SHAPES["routed"]), port(name, "no shutdown", *L2_SHAPES["trunk"]), "dellos10", name)  # fmt: skip
    assert cmds[-1] == "no shutdown"


# ------------------------------------------------------------------ physical ports left out
IOS_PORTS = [
    "GigabitEthernet1/0/3",
    "TenGigabitEthernet1/1/1",
    "FastEthernet0/1",
    "TwentyFiveGigE1/0/1",
    "HundredGigE1/0/49",
    "Ethernet0/2",
]


@pytest.mark.parametrize("name", IOS_PORTS)
def test_ios_resets_a_physical_port_left_out_instead_of_deleting_it(name: str) -> None:
    running = "hostname a\n" + port(f"interface {name}", "description spare", "shutdown")
    assert remediation(running, "hostname a\n", "ios") == [f"default interface {name}"]
    assert remediation(running, "hostname a\n" + f"interface {name}\n", "ios") == [
        f"default interface {name}"
    ]


@pytest.mark.parametrize(
    "name", ["Vlan10", "Loopback0", "Port-channel1", "GigabitEthernet1/0/3.100"]
)
def test_ios_deletes_logical_interfaces_left_out(name: str) -> None:
    running = "hostname a\n" + port(f"interface {name}", "description x")
    assert remediation(running, "hostname a\n", "ios") == [f"no interface {name}"]


@pytest.mark.parametrize(
    ("platform", "name"),
    [("ios", "interface GigabitEthernet1/0/3"), ("dellos10", "interface ethernet1/1/3")],
)
def test_a_physical_port_at_its_defaults_needs_nothing_and_shows_no_diff(
    platform: str, name: str
) -> None:
    defaults = (
        []
        if platform == "ios"
        else ["no shutdown", "switchport access vlan 1", "flowcontrol receive on"]
    )
    running = "hostname a\n" + port(name, *defaults)
    assert remediation(running, "hostname a\n", platform) == []
    assert diff_text(running, "hostname a\n", platform) == ""


@pytest.mark.parametrize("name", ["ethernet1/1/3", "ethernet1/1/49:2", "mgmt1/1/1"])
def test_os10_brings_a_physical_port_left_out_to_its_defaults(name: str) -> None:
    running = "hostname a\n" + port(
        f"interface {name}", "description spare", "shutdown", "mtu 9216"
    )
    cmds = remediation(running, "hostname a\n", "dellos10")
    assert cmds[0] == f"interface {name}"
    assert not [c for c in cmds if c.startswith("no interface")]
    lab = load_grammar("dellos10")
    applied = lab.merge(running, cmds)
    assert remediation(applied, "hostname a\n", "dellos10") == []  # converged
    assert "description" not in applied and "mtu" not in applied
    assert diff_text(running, "hostname a\n", "dellos10").count("-") >= 3


@pytest.mark.parametrize("name", ["vlan10", "port-channel1", "loopback0"])
def test_os10_deletes_logical_interfaces_left_out(name: str) -> None:
    running = "hostname a\n" + port(f"interface {name}", "description x")
    assert remediation(running, "hostname a\n", "dellos10") == [f"no interface {name}"]


def test_rollback_of_a_reset_port_configures_it_again() -> None:
    running = "hostname a\n" + port("interface GigabitEthernet1/0/3", "description spare")
    assert rollback(running, "hostname a\n", "ios") == [
        "interface GigabitEthernet1/0/3",
        " description spare",
    ]
