"""The diff engine's platform rules, one behaviour per test."""

from __future__ import annotations

import pytest

from bluewire.diff import diff_text, remediation, rollback, rules_for
from tests.unit.diff.roundtrip import assert_round_trip

ACL_RUNNING = """\
ip access-list extended VTY
 10 permit tcp 10.0.0.0 0.0.0.255 any eq 22
 20 permit tcp 10.0.1.0 0.0.0.255 any eq 22
 30 permit tcp 10.0.2.0 0.0.0.255 any eq 22
 1000 deny ip any any log
"""


def test_acl_insert_adds_one_entry_and_deletes_nothing() -> None:
    # hier_config renumbers by position (its issue #36): every later entry removed and re-added.
    golden = ACL_RUNNING.replace(
        " 20 permit", " 15 permit tcp 10.9.0.0 0.0.0.255 any eq 22\n 20 permit"
    )
    assert remediation(ACL_RUNNING, golden, "ios") == [
        "ip access-list extended VTY",
        " 15 permit tcp 10.9.0.0 0.0.0.255 any eq 22",
    ]


def test_acl_is_never_deleted_and_recreated_and_adds_come_first() -> None:
    golden = ACL_RUNNING.replace(" 30 permit tcp 10.0.2.0", " 25 permit tcp 10.0.3.0")
    cmds = remediation(ACL_RUNNING, golden, "ios")
    assert not any(c.startswith("no ip access-list") for c in cmds)
    assert cmds.index(" 25 permit tcp 10.0.3.0 0.0.0.255 any eq 22") < cmds.index(
        " no 30 permit tcp 10.0.2.0 0.0.0.255 any eq 22"
    )


def test_changed_entry_at_same_number_is_replaced_in_place() -> None:
    golden = ACL_RUNNING.replace("10.0.1.0", "10.0.5.0")
    assert remediation(ACL_RUNNING, golden, "ios")[1:] == [
        " no 20 permit tcp 10.0.1.0 0.0.0.255 any eq 22",
        " 20 permit tcp 10.0.5.0 0.0.0.255 any eq 22",
    ]


def test_new_acl_exists_before_an_interface_uses_it_and_old_goes_after() -> None:
    running = "interface Gi1\n ip access-group OLD in\nip access-list extended OLD\n 10 permit ip any any\n"
    golden = (
        "interface Gi1\n ip access-group NEW in\nip access-list extended NEW\n 10 deny ip any any\n"
    )
    cmds = remediation(running, golden, "ios")
    assert cmds[0] == "ip access-list extended NEW"
    assert cmds[-1] == "no ip access-list extended OLD"
    assert " no ip access-group OLD in" not in cmds  # the new binding replaces it


def test_idempotent_commands_are_replaced_not_negated() -> None:
    running = "hostname a\ninterface Gi1\n description x\n switchport access vlan 10\n"
    golden = "hostname b\ninterface Gi1\n description y\n switchport access vlan 20\n"
    assert remediation(running, golden, "ios") == [
        "hostname b",
        "interface Gi1",
        " description y",
        " switchport access vlan 20",
    ]


def test_polarity_flip_is_one_command() -> None:
    assert remediation("interface Gi1\n shutdown\n", "interface Gi1\n no shutdown\n", "ios") == [
        "interface Gi1",
        " no shutdown",
    ]
    assert rollback("interface Gi1\n shutdown\n", "interface Gi1\n no shutdown\n", "ios") == [
        "interface Gi1",
        " shutdown",
    ]


def test_golden_placeholder_equals_masked_device_secret() -> None:
    running = "tacacs server a\n key 7 %%SECRET%%\nusername u privilege 15 secret 9 %%SECRET%%\n"
    golden = "tacacs server a\n key 0 %%SECRET:k%%\nusername u privilege 15 secret 9 %%SECRET:u%%\n"
    assert remediation(running, golden, "ios") == []


def test_removals_never_carry_a_secret() -> None:
    running = "tacacs-server host 10.0.0.1 key 9 %%SECRET%%\nusername old password %%SECRET%% role sysadmin\n"
    cmds = remediation(running, "", "dellos10")
    assert sorted(cmds) == ["no tacacs-server host 10.0.0.1", "no username old"]


def test_sectional_exit_after_address_family() -> None:
    running = "router bgp 1\n address-family ipv4\n  neighbor 10.0.0.1 activate\n"
    golden = running + "  neighbor 10.0.0.2 activate\n"
    assert remediation(running, golden, "ios") == [
        "router bgp 1",
        " address-family ipv4",
        "  neighbor 10.0.0.2 activate",
        "  exit-address-family",
    ]


def test_eos_uses_default_for_neighbor_activate() -> None:
    golden = "router bgp 1\n   address-family ipv4\n      neighbor 10.0.0.1 activate\n"
    running = "router bgp 1\n   address-family ipv4\n"
    assert rollback(running, golden, "eos")[-1].strip() == "default neighbor 10.0.0.1 activate"


def test_junos_set_and_delete() -> None:
    running = "system {\n    host-name a;\n    services {\n        telnet;\n    }\n}\n"
    golden = "system {\n    host-name b;\n    services {\n        ssh;\n    }\n}\n"
    assert remediation(running, golden, "junos") == [
        "delete system services telnet",
        "set system host-name b",
        "set system services ssh",
    ]


def test_same_configs_give_nothing() -> None:
    text = "hostname a\ninterface Gi1\n description x\n"
    assert remediation(text, text, "ios") == rollback(text, text, "ios") == []
    assert diff_text(text, text, "ios") == ""


def test_diff_text_shows_context_parents() -> None:
    out = diff_text("interface Gi1\n description x\n", "interface Gi1\n description y\n", "ios")
    assert out.splitlines() == [
        "--- running",
        "+++ intended",
        " interface Gi1",
        "- description x",
        "+ description y",
    ]


def test_diff_text_junos_uses_braces() -> None:
    out = diff_text("system {\n    host-name a;\n}\n", "system {\n    host-name b;\n}\n", "junos")
    assert out.splitlines()[2:] == [" system {", "-    host-name a;", "+    host-name b;", " }"]


# A section the device shows empty (`interface Loopback1` with nothing under it) that the golden
# config fills: at that level nothing else has children, so only the children tell them apart.
EMPTY_SECTIONS = {
    "ios": [
        ("interface Loopback1", ["description mgmt"]),
        ("vlan 10", ["name users"]),
        (
            "router bgp 65000\n neighbor 10.0.0.1 remote-as 65001\n address-family ipv4",
            ["neighbor 10.0.0.1 activate"],
        ),
    ],
    "eos": [("interface Loopback1", ["description mgmt"]), ("vlan 10", ["name users"])],
    "dellos10": [
        ("interface loopback1", ["description mgmt", "ip address 10.255.0.1/32"]),
        ("interface vlan10", ["description users"]),
    ],
}


@pytest.mark.parametrize(
    ("platform", "section", "children"),
    [(p, s, c) for p, cases in EMPTY_SECTIONS.items() for s, c in cases],
)
def test_children_added_to_an_empty_section_are_sent(
    platform: str, section: str, children: list[str]
) -> None:
    last = section.splitlines()[-1]
    inner = last[: len(last) - len(last.lstrip())] + " " * rules_for(platform).indent
    running = f"hostname a\n{section}\n"
    golden = running + "".join(f"{inner}{c}\n" for c in children)
    commands = remediation(running, golden, platform)
    heads = list(dict.fromkeys([section.splitlines()[0], last.strip()]))
    assert _without_exits(commands) == heads + children
    assert_round_trip(running, golden, platform)
    negations = [rules_for(platform).negate((c,)) for c in children]
    assert _without_exits(rollback(running, golden, platform)) == heads + negations


def _without_exits(commands: list[str]) -> list[str]:
    return [c.strip() for c in commands if not c.strip().startswith("exit")]


@pytest.mark.parametrize(
    ("platform", "header", "unnumbered", "entry", "new_entry"),
    [
        ("dellos10", "ip access-list A", " description web servers", " seq 10 permit ip any any",
         " seq 5 deny ip host 10.0.0.1 any"),
        ("eos", "ip access-list A", "   statistics per-entry", "   10 permit ip any any",
         "   5 deny ip host 10.0.0.1 any"),
        ("ios", "ip access-list extended A", " remark web servers", " 10 permit ip any any",
         " 5 deny ip host 10.0.0.1 any"),
    ],
)  # fmt: skip
def test_an_acl_with_an_unnumbered_line_is_still_edited_by_number(
    platform: str, header: str, unnumbered: str, entry: str, new_entry: str
) -> None:
    """ACL sections hold lines without a sequence number (a description, a remark, a setting):
    they are matched by their text, the numbered entries by number."""
    running = f"{header}\n{unnumbered}\n{entry}\n"
    golden = f"{header}\n{unnumbered}\n{new_entry}\n{entry}\n"
    assert remediation(running, golden, platform) == [header, new_entry]
    assert remediation(running, running, platform) == []


# (platform, running, intended, the readable diff after its header) of whole blocks added
DIFF_BLOCKS = [
    ("ios", "hostname a\n",
     "hostname a\ninterface Gi1\n description x\n service-policy input P\nbanner motd ^C\nline one\nline two\n^C\n",
     ["+interface Gi1", "+ description x", "+ service-policy input P",
      "+banner motd ^C", "+line one", "+line two", "+^C"]),
    ("junos", "system {\n    host-name a;\n}\n",
     "system {\n    host-name a;\n    services {\n        ssh {\n            root-login deny;\n        }\n    }\n}\n",
     [" system {", "+    services {", "+        ssh {", "+            root-login deny;", "+        }",
      "+    }", " }"]),
    ("ios", "interface Gi1\n", "interface Gi1\n description x\n", [" interface Gi1", "+ description x"]),
]  # fmt: skip


@pytest.mark.parametrize(("platform", "running", "intended", "added"), DIFF_BLOCKS)
def test_diff_text_shows_a_whole_block_added_or_removed_line_by_line(
    platform: str, running: str, intended: str, added: list[str]
) -> None:
    """Every line of a block (its children, a banner's lines, Junos braces) is shown, at its
    depth, with the sign of the change; the other way round, the same lines are removals."""
    assert diff_text(running, intended, platform).splitlines()[2:] == added
    removed = [("-" + line[1:]) if line.startswith("+") else line for line in added]
    assert diff_text(intended, running, platform).splitlines()[2:] == removed
