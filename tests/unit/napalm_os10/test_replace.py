"""The OS10 driver's replace: bluewire's diff engine, entered mode by mode (no second engine)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from bluewire import diff
from napalm_bluewire_dellos10.replace import cli_lines, replace_commands

REPO = Path(__file__).resolve().parents[3]
GOLDEN = sorted(
    p for p in (REPO / "golden_configs").glob("*.cfg") if p.read_text().startswith("! Version 10")
)
PAIRS = [pytest.param(a, b, id=f"{a.stem}->{b.stem}") for a, b in itertools.permutations(GOLDEN, 2)]


def flat(commands: list[str]) -> list[str]:
    """Engine commands as lines without indentation (a banner's lines one by one)."""
    return [line.strip() for command in commands for line in command.split("\n")]


def test_the_example_network_has_os10_hosts_of_different_port_counts() -> None:
    counts = {p.read_text().count("\ninterface ethernet") for p in GOLDEN}
    assert len(GOLDEN) >= 3 and len(counts) >= 2


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_the_driver_types_the_engines_remediation(old: Path, new: Path) -> None:
    """What the driver sends is the plan's remediation, with `exit` closing each section."""
    running, target = old.read_text(), new.read_text()
    sent = replace_commands(running, target)
    engine = diff.remediation(running, target, "dellos10")
    assert [line for line in sent if line != "exit"] == flat(engine)
    assert sent  # the hosts differ
    assert not [
        line for line in sent if line.startswith(("no interface ethernet", "no interface mgmt"))
    ]


def test_a_removed_port_goes_to_its_defaults_and_a_removed_vlan_is_deleted_after() -> None:
    running = (
        "interface ethernet1/1/7\n description cam\n switchport access vlan 220\n"
        "interface vlan220\n description CAMERA\n"
    )
    sent = replace_commands(running, "hostname x\n")
    assert not [line for line in sent if "no interface ethernet" in line]
    block = sent[sent.index("interface ethernet1/1/7") :]
    assert block[: block.index("exit") + 1] == [
        "interface ethernet1/1/7",
        "no description cam",
        "flowcontrol receive on",
        "switchport access vlan 1",
        "no shutdown",
        "exit",
    ]
    assert sent[-1] == "no interface vlan220"  # the port has left the VLAN by then


def test_same_config_sends_nothing() -> None:
    text = GOLDEN[0].read_text()
    assert replace_commands(text, text) == []


def test_cli_lines_close_sections_and_keep_flat_text_as_it_is() -> None:
    nested = "router bgp 65010\n neighbor 10.0.0.1\n  remote-as 1\n  description x\nntp server 1\n"
    assert cli_lines(nested) == [
        "router bgp 65010",
        "neighbor 10.0.0.1",
        "remote-as 1",
        "description x",
        "exit",
        "exit",
        "ntp server 1",
    ]
    flat_text = "interface vlan10\ndescription MGMT\nexit\n! comment\nntp server 1\nend\n"
    assert cli_lines(flat_text) == [
        "interface vlan10",
        "description MGMT",
        "exit",
        "ntp server 1",
    ]
    own_exit = "interface vlan10\n description MGMT\n exit\nntp server 1\n"
    assert cli_lines(own_exit) == ["interface vlan10", "description MGMT", "exit", "ntp server 1"]


def test_cli_lines_keep_a_banner_whole() -> None:
    text = "banner login ^C\nAuthorized use only\n  monitored\n^C\nhostname x\n"
    assert cli_lines(text) == [
        "banner login ^C",
        "Authorized use only",
        "  monitored",
        "^C",
        "hostname x",
    ]


def test_a_rotated_snmp_user_secret_is_re_entered_never_negated() -> None:
    """OS10 cannot remove an SNMPv3 user; a new secret is the user's line entered again."""
    old = "snmp-server user nms NMS-RO 3 encrypted auth sha OLD1 priv aes OLD2\n"
    new = "snmp-server user nms NMS-RO 3 encrypted auth sha NEW1 priv aes NEW2\n"
    assert replace_commands(old, new) == [new.strip()]
    assert diff.remediation(old, new, "dellos10") == [new.strip()]
