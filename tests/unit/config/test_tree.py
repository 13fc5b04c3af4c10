"""The shared config parser: indentation and brace dialects, banners, round trips."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bluewire.config.junos import SET_VERBS
from bluewire.config.tree import parse, render_braces, render_indented, to_set_commands

IOS = """\
hostname sw1
!
banner login ^C
WARNING: restricted system {not config}
 indented banner line
^C
interface GigabitEthernet1/0/1
 description user
 switchport access vlan 100
!
router ospf 1
 area 0 authentication message-digest
end
"""

JUNOS = """\
## Last commit: 2026-11-01 by admin
version 22.4R3-S2;
system {
    host-name fw1;
    login {
        message "WARNING: a {b}; c\\nline2";
    }
}
/* annotation */
interfaces {
    ge-0/0/0 {
        unit 0 {
            family inet {
                address 203.0.113.2/30;
            }
        }
    }
}
"""


def test_indented_tree_and_banner() -> None:
    root = parse(IOS, "ios")
    assert [c.text for c in root.children] == [
        "hostname sw1",
        root.children[1].text,
        "interface GigabitEthernet1/0/1",
        "router ospf 1",
    ]
    assert root.children[1].text.startswith("banner login ^C\nWARNING")
    assert root.children[1].text.endswith("^C")
    iface = root.child("interface GigabitEthernet1/0/1")
    assert iface is not None and [c.text for c in iface.children] == [
        "description user",
        "switchport access vlan 100",
    ]
    assert iface.line == 7


def test_indented_round_trip() -> None:
    root = parse(IOS, "ios")
    assert list(parse(render_indented(root), "ios").paths()) == list(root.paths())


def test_braces_quoted_strings_comments_and_lines() -> None:
    root = parse(JUNOS, "junos")
    system = root.child("system")
    assert system is not None and system.line == 3
    login = system.child("login")
    assert login is not None and login.children[0].text == 'message "WARNING: a {b}; c\\nline2"'
    assert (
        to_set_commands(root)[-1]
        == "set interfaces ge-0/0/0 unit 0 family inet address 203.0.113.2/30"
    )


def test_braces_round_trip() -> None:
    root = parse(JUNOS, "junos")
    assert list(parse(render_braces(root), "junos").paths()) == list(root.paths())


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-/.", min_size=1, max_size=8)
statements = st.lists(st.lists(words, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=5)


# Junos has no top-level statement named like a set-format verb; such a line means mixed formats.
top_words = words.filter(lambda w: w not in SET_VERBS)


@given(st.dictionaries(top_words, statements, min_size=1, max_size=5))
def test_brace_render_parse_is_identity(blocks: dict[str, list[str]]) -> None:
    text = "".join(
        f"{k} {{\n" + "".join(f"    {s};\n" for s in v) + "}\n" for k, v in blocks.items()
    )
    root = parse(text, "junos")
    assert render_braces(root) == text
