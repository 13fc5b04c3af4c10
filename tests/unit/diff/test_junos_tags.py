"""Junos `inactive:` and `protect:` in remediation, rollback and the readable diff.

Written from the Junos CLI User Guide: `deactivate`/`activate` toggle `inactive:`; a protected
statement refuses edits, deactivation and deletion until `unprotect`.
"""

from __future__ import annotations

import pytest

from bluewire.config.tree import render_braces
from bluewire.diff import diff_text, remediation, rollback

BGP = """\
protocols {
    bgp {
        group ISP {
            type external;
            peer-as 64500;
            neighbor 192.0.2.1;
        }
    }
}
"""
BGP_OFF = BGP.replace("        group ISP {", "        inactive: group ISP {")


@pytest.mark.parametrize("fmt", ["braces", "set"])
def test_deactivating_a_statement_is_one_command_both_ways(fmt: str) -> None:
    running = BGP if fmt == "braces" else _as_set(BGP)
    assert remediation(running, BGP_OFF, "junos") == ["deactivate protocols bgp group ISP"]
    assert rollback(running, BGP_OFF, "junos") == ["activate protocols bgp group ISP"]


def test_tags_never_reach_a_path() -> None:
    new = BGP_OFF.replace("neighbor 192.0.2.1;", "neighbor 192.0.2.2;")
    commands = remediation(BGP, new, "junos")
    assert commands == [
        "delete protocols bgp group ISP neighbor 192.0.2.1",
        "set protocols bgp group ISP neighbor 192.0.2.2",
        "deactivate protocols bgp group ISP",
    ]
    assert not any(":" in word for c in commands for word in c.split())


def test_a_new_inactive_statement_is_set_then_deactivated() -> None:
    golden = "system {\n    inactive: host-name fw1;\n}\n"
    assert remediation("", golden, "junos") == [
        "set system host-name fw1",
        "deactivate system host-name",
    ]


def test_a_new_protected_statement_is_set_then_protected() -> None:
    golden = "system {\n    protect: syslog {\n        file messages;\n    }\n}\n"
    assert remediation("", golden, "junos") == [
        "set system syslog file messages",
        "protect system syslog",
    ]


def test_edits_inside_a_protected_statement_are_framed_by_unprotect_and_protect() -> None:
    running = "protect: system {\n    host-name a;\n}\n"
    golden = "protect: system {\n    host-name b;\n}\n"
    assert remediation(running, golden, "junos") == [
        "unprotect system",
        "set system host-name b",
        "protect system",
    ]
    assert remediation(running, running, "junos") == []


def test_removing_protection_or_a_protected_statement_unprotects_first() -> None:
    running = (
        "system {\n    protect: syslog {\n        file messages;\n    }\n    host-name a;\n}\n"
    )
    assert remediation(running, "system {\n    host-name a;\n}\n", "junos") == [
        "unprotect system syslog",
        "delete system syslog",
    ]
    unprotected = running.replace("protect: ", "")
    assert remediation(running, unprotected, "junos") == ["unprotect system syslog"]
    assert rollback(running, unprotected, "junos") == ["protect system syslog"]


def test_readable_diff_shows_the_tag_change_on_the_statement() -> None:
    out = diff_text(BGP, BGP_OFF, "junos").splitlines()[2:]
    assert out == [
        " protocols {",
        "     bgp {",
        "-        group ISP {",
        "+        inactive: group ISP {",
        "         }",
        "     }",
        " }",
    ]


def _as_set(text: str) -> str:
    from bluewire.config.tree import parse, to_set_commands

    return "\n".join(to_set_commands(parse(text, "junos"))) + "\n"


def test_deactivating_bgp_is_a_routing_risk() -> None:
    from bluewire.plan.model import Risk
    from bluewire.plan.risk import assess, changed_paths, default_rules

    paths = changed_paths(BGP, BGP_OFF, "junos")
    assert paths == [("protocols", "bgp", "group ISP", "inactive:")]
    assert Risk.ROUTING in assess(paths, "junos", default_rules())
    assert changed_paths(BGP, _as_set(BGP), "junos") == []


@pytest.mark.parametrize(
    ("running_tags", "golden_tags", "expected"),
    [
        ("inactive: ", "", ["set system host-name b", "activate system host-name"]),
        ("", "inactive: ", ["set system host-name b", "deactivate system host-name"]),
        ("inactive: ", "inactive: ", ["set system host-name b"]),
        (
            "protect: ",
            "protect: ",
            ["unprotect system host-name", "set system host-name b", "protect system host-name"],
        ),
        ("protect: ", "", ["unprotect system host-name", "set system host-name b"]),
    ],
)
def test_a_new_value_keeps_the_statement_and_its_tags(
    running_tags: str, golden_tags: str, expected: list[str]
) -> None:
    """`set` on a single-valued leaf replaces its value; `inactive:`/`protect:` stay on it."""
    running = f"system {{\n    {running_tags}host-name a;\n}}\n"
    golden = f"system {{\n    {golden_tags}host-name b;\n}}\n"
    assert remediation(running, golden, "junos") == expected
    from tests.unit.diff.roundtrip import assert_set_round_trip

    assert_set_round_trip(running, golden)


BGP_EMPTIED = "protocols {\n    bgp {\n        inactive: group ISP;\n    }\n}\n"


@pytest.mark.parametrize(
    ("intended", "changed"),
    [
        # a tag change with a change inside: the statement both ways, then the inner change
        (BGP_OFF.replace("peer-as 64500", "peer-as 64501"),
         ["-        group ISP {", "+        inactive: group ISP {",
          "-            peer-as 64500;", "+            peer-as 64501;", "         }"]),
        # a leaf statement deactivated: one line each way, with its `;`
        (BGP.replace("            peer-as", "            inactive: peer-as"),
         ["         group ISP {", "-            peer-as 64500;",
          "+            inactive: peer-as 64500;", "         }"]),
        # deactivated and emptied: its old statements shown removed, not hidden
        (BGP_EMPTIED,
         ["-        group ISP {", "+        inactive: group ISP {", "-            type external;",
          "-            peer-as 64500;", "-            neighbor 192.0.2.1;", "         }"]),
    ],
)  # fmt: skip
def test_readable_diff_shows_a_tag_change_and_what_changed_with_it(
    intended: str, changed: list[str]
) -> None:
    out = diff_text(BGP, intended, "junos").splitlines()[2:]
    assert out == [" protocols {", "     bgp {", *changed, "     }", " }"]


# Junos keeps the protected statements of a deleted hierarchy (and refuses to delete a protected
# one): every protected statement in what goes is unprotected first, at any depth.
SYSTEM = """\
system {
    host-name fw1;
    authentication-order [ radius password ];
    syslog {
        file messages {
            any notice;
        }
    }
}
"""


@pytest.mark.parametrize(
    "protected",
    [
        ["system"],
        ["system syslog"],
        ["system syslog", "system syslog file messages"],
        ["system", "system syslog file messages"],
        ["system syslog file messages any notice"],
        ["system host-name"],
        ["system authentication-order"],
    ],
)
@pytest.mark.parametrize("fmt", ["braces", "set"])
def test_a_deleted_hierarchy_is_unprotected_inside_first(protected: list[str], fmt: str) -> None:
    from bluewire.config.tree import parse, to_set_commands
    from tests.unit.diff.roundtrip import assert_round_trip, assert_set_round_trip

    lines = [*to_set_commands(parse(SYSTEM, "junos")), *(f"protect {p}" for p in protected)]
    tagged = "\n".join(lines) + "\n"
    if fmt == "braces":
        tagged = render_braces(parse(tagged, "junos"))
    other = "interfaces {\n    ge-0/0/0 {\n        disable;\n    }\n}\n"
    expected = [*(f"unprotect {p}" for p in protected), "delete system"]
    expected.append("set interfaces ge-0/0/0 disable")
    assert rollback(other, tagged, "junos") == expected
    assert remediation(tagged, other, "junos") == expected
    emptied = "system {\n    host-name fw1;\n}\n"  # a part goes, the statement stays
    for target in (other, emptied):
        assert_set_round_trip(tagged, target)
        assert_set_round_trip(target, tagged)
        assert_round_trip(tagged, target, "junos")
        assert_round_trip(target, tagged, "junos")
