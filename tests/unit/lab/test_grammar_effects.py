"""Grammar options for what a command does besides setting itself: `hidden` (a default the
device does not print) and `clears` (lines it wipes), and IOS `default X`."""

from __future__ import annotations

import pytest

from bluewire.lab.device import ConfigRejected
from bluewire.lab.grammar import CliGrammar, load_grammar

SPEC = {
    "platform": "dellos10",
    "indent": 1,
    "invalid": "% Error: Unrecognized command.",
    "modes": {
        "global": {
            "commands": [],
            "opens": [{"match": r"^interface ethernet\S+$", "mode": "interface"}],
        },
        "interface": {
            "commands": [
                {"match": r"^no switchport$", "key": 1, "clears": r"^(no )?switchport \S"},
                {"match": r"^switchport$", "key": 1, "hidden": True},
                {"match": r"^switchport access vlan \d+$", "key": 3},
                {"match": r"^no switchport access vlan$", "key": 3},
                {"match": r"^switchport mode trunk$", "key": 2},
                {"match": r"^description .+$", "key": 1},
            ],
            "opens": [],
        },
    },
}
L2 = "interface ethernet1/1/1\n description x\n switchport mode trunk\n no switchport access vlan\n"


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() not in ("", "!")]


def test_a_command_that_clears_drops_the_lines_it_names_and_keeps_the_rest() -> None:
    out = CliGrammar(SPEC).merge(L2, ["interface ethernet1/1/1", "no switchport"])
    assert lines(out) == ["interface ethernet1/1/1", "description x", "no switchport"]


def test_a_hidden_default_replaces_the_old_value_and_is_not_kept() -> None:
    g = CliGrammar(SPEC)
    l3 = g.merge(L2, ["interface ethernet1/1/1", "no switchport"])
    back = g.merge(l3, ["interface ethernet1/1/1", "switchport", "switchport access vlan 5"])
    assert lines(back) == ["interface ethernet1/1/1", "description x", "switchport access vlan 5"]
    assert lines(g.merge(L2, ["interface ethernet1/1/1", "switchport"])) == lines(L2)


@pytest.mark.parametrize("line", ["switchport", "lldp transmit", "lldp receive"])
def test_os10_does_not_print_its_l2_and_lldp_defaults(line: str) -> None:
    g = load_grammar("dellos10")
    running = "interface ethernet1/1/1\n no switchport\n no lldp transmit\n no lldp receive\n"
    out = g.merge(running, ["interface ethernet1/1/1", line])
    assert line not in lines(out) and f"no {line}" not in lines(out)


def test_os10_l3_port_shows_no_l2_lines() -> None:
    out = load_grammar("dellos10").merge(
        L2 + " switchport trunk allowed vlan 10\n", ["interface ethernet1/1/1", "no switchport"]
    )
    assert not [x for x in lines(out) if x.startswith("switchport") or "access vlan" in x]


def test_ios_default_interface_resets_a_port() -> None:
    running = "hostname a\ninterface GigabitEthernet1/0/3\n description spare\n shutdown\n"
    out = load_grammar("ios").merge(running, ["default interface GigabitEthernet1/0/3"])
    assert lines(out) == ["hostname a"]


@pytest.mark.parametrize(
    ("platform", "port", "logical"),
    [
        ("dellos10", "interface ethernet1/1/3", "interface vlan10"),
        ("dellos10", "interface mgmt1/1/1", "interface port-channel1"),
        ("ios", "interface GigabitEthernet1/0/3", "interface GigabitEthernet1/0/3.100"),
        ("ios", "interface TenGigabitEthernet1/1/1", "interface Vlan10"),
    ],
)
def test_a_physical_port_cannot_be_deleted_a_logical_interface_can(
    platform: str, port: str, logical: str
) -> None:
    g = load_grammar(platform)
    running = f"{port}\n description a\n{logical}\n description b\n"
    with pytest.raises(ConfigRejected):
        g.merge(running, [f"no {port}"])
    assert lines(g.merge(running, [f"no {logical}"])) == [port, "description a"]
