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


PLIST = "ip prefix-list P seq 5 permit 10.0.0.0/8\nip prefix-list P seq 10 permit 172.16.0.0/12\n"


def test_ios_keys_a_prefix_list_entry_by_its_number() -> None:
    """`seq 5` with new text replaces entry 5, and `no ... seq 5 <any text>` deletes entry 5
    (`by_key`): a negation of the old text sent after the new one deletes the new entry."""
    g = load_grammar("ios")
    new = "ip prefix-list P seq 5 deny 10.0.0.0/8"
    replaced = lines(g.merge(PLIST, [new]))
    assert replaced == [new, "ip prefix-list P seq 10 permit 172.16.0.0/12"]
    late = g.merge(PLIST, [new, "no ip prefix-list P seq 5 permit 10.0.0.0/8"])
    assert lines(late) == ["ip prefix-list P seq 10 permit 172.16.0.0/12"]
    assert lines(g.merge(PLIST, ["no ip prefix-list P"])) == []
    # an entry without a number is no keyed setting: a second one is another entry
    plain = g.merge("", ["ip prefix-list Q permit 10.0.0.0/8", "ip prefix-list Q deny 10.0.0.0/8"])
    assert len(lines(plain)) == 2


ACL = "ip access-list VTY\n seq 10 permit ip 10.0.0.0/8 any\n seq 20 deny ip any any\n"


@pytest.mark.parametrize("line", ["seq 30 permit ip 10.0.0.0/8 any", "seq 30 deny ip any any"])
def test_os10_refuses_a_rule_it_holds_under_another_number(line: str) -> None:
    g = load_grammar("dellos10")
    with pytest.raises(ConfigRejected):
        g.merge(ACL, ["ip access-list VTY", line])
    moved = g.merge(
        ACL,
        ["ip access-list VTY", f"no {line.replace('30', '20' if 'deny' in line else '10')}", line],
    )
    assert line in lines(moved)
    other = g.merge(ACL, ["ip access-list VTY", "seq 30 permit ip 172.16.0.0/12 any"])
    assert len(lines(other)) == 4


NUMBERED = "access-list 10 permit 10.0.0.0 0.255.255.255\naccess-list 10 deny any log\n"


@pytest.mark.parametrize(
    "negation",
    ["no access-list 10 deny any log", "no access-list 10 permit 192.0.2.0 0.0.0.255"],
)
def test_ios_drops_a_whole_numbered_acl_on_the_negation_of_any_entry(negation: str) -> None:
    """`no access-list 10 <any text>` deletes all of ACL 10 (`by_key: 2`), other ACLs stay."""
    g = load_grammar("ios")
    other = "access-list 110 deny ip any any log"
    assert lines(g.merge(NUMBERED + other + "\n", [negation])) == [other]
    assert lines(g.merge(NUMBERED, ["access-list 10 permit any"])) == [
        *NUMBERED.splitlines(),
        "access-list 10 permit any",
    ]
