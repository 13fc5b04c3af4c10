"""The typed-string rules, tested on the whole class of characters rather than a few examples."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bluewire.inventory import strings
from bluewire.inventory.strings import (
    HOST,
    INTERFACE,
    NAME,
    banner_problem,
    check_address,
    check_interface,
    free_text_problem,
)

SAFE_ALPHABET = "".join(
    chr(c) for c in range(0x20, 0x7F) if chr(c) not in strings.SYNTAX_CHARACTERS
)
# Every code point that is not printable ASCII: C0 and C1 controls, DEL, Unicode separators,
# bidi and zero-width format characters, look-alike letters, a BOM.
UNSAFE = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA1))] + [
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u00ad",
    "\u0430",  # Cyrillic a
    "\uff1b",  # fullwidth semicolon
    "\U000e0041",  # tag character
]


@given(st.text(alphabet=SAFE_ALPHABET, max_size=strings.FREE_TEXT_MAX))
def test_printable_ascii_without_syntax_is_free_text(text: str) -> None:
    # a secret placeholder is refused on purpose, tested apart below
    assume(re.search(r"%%\s*secret", text, re.IGNORECASE) is None)
    assert free_text_problem(text) is None


@pytest.mark.parametrize("char", UNSAFE + list(strings.SYNTAX_CHARACTERS))
def test_every_unsafe_character_is_refused_anywhere_in_free_text(char: str) -> None:
    for text in (char, f"a{char}", f"{char}b", f"uplink to core{char}username evil"):
        problem = free_text_problem(text)
        assert problem is not None, repr(text)
        assert problem.startswith("contains "), problem


@given(
    st.text(alphabet=SAFE_ALPHABET, max_size=20),
    st.characters(codec="utf-8").filter(lambda c: not ("\x20" <= c <= "\x7e")),
    st.text(alphabet=SAFE_ALPHABET, max_size=20),
)
def test_any_non_printable_ascii_character_is_refused(left: str, bad: str, right: str) -> None:
    assert free_text_problem(left + bad + right) is not None


@pytest.mark.parametrize("text", ["%%SECRET:x%%", "a %%secret:tacacs_key%% b", "%% SECRET"])
def test_secret_placeholder_text_is_refused(text: str) -> None:
    assert "secret()" in (free_text_problem(text) or "")


def test_free_text_length_is_bounded() -> None:
    assert free_text_problem("x" * (strings.FREE_TEXT_MAX + 1)) is not None


def test_messages_name_the_offending_character() -> None:
    assert "line break" in (free_text_problem("a\nb") or "")
    assert "U+2028" in (free_text_problem("a\u2028b") or "")
    assert "';'" in (free_text_problem("a;b") or "")


BANNER = "Authorized use only.\nActivity is monitored and recorded."


def test_banner_lines_may_break_but_each_is_free_text() -> None:
    assert banner_problem(BANNER) is None
    for bad in ["\r", "^C", ";", '"', "\x03", "\u2028", "%%SECRET:x%%", "\x1b[2J"]:
        problem = banner_problem(f"{BANNER}\nline {bad} here")
        assert problem is not None and problem.startswith("line 3 "), (bad, problem)


@pytest.mark.parametrize("line", ["EOF", " EOF ", "eof"])
def test_a_banner_line_that_ends_the_eos_banner_is_refused(line: str) -> None:
    assert "ends a banner" in (banner_problem(f"{BANNER}\n{line}\nusername evil") or "")


@pytest.mark.parametrize(
    "name", ["hq-core-1", "D1-ACCESS-2", "a", "r" + "x" * 61 + "1", "edge-fw-1"]
)
def test_device_hostnames(name: str) -> None:
    assert HOST.problem(name) is None


@pytest.mark.parametrize(
    "name",
    ["../evil", "/etc/passwd", "a/b", "1core", "core-", "-core", "a b", "a.b", "a_b", "x" * 64, ""],
)
def test_host_names_that_are_no_device_hostname_or_would_leave_golden_configs(name: str) -> None:
    assert HOST.problem(name) is not None


@pytest.mark.parametrize(
    "name",
    [
        "GigabitEthernet1/0/[1-36]",
        "TwentyFiveGigE1/0/1",
        "Ethernet[1-2]",
        "Ethernet49/1",
        "ethernet1/1/49",
        "ge-0/0/0",
        "xe-0/0/0:1",
        "ge-0/0/0.100",
        "Port-Channel10",
        "mgmt1/1/1",
        "fxp0",
        "irb",
        "Vlan10",
    ],
)
def test_interface_names_of_every_platform(name: str) -> None:
    assert check_interface(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "ge-0/0/0;",
        "Gi1/0/1 description x",
        "Gi1/0/[1-2]/[3-4]",
        "Gi1/0/[9-1]",
        "Gi[1-99999]",
        "0/1",
    ],
)
def test_bad_interface_names(name: str) -> None:
    with pytest.raises(ValueError):
        check_interface(name)


@pytest.mark.parametrize("kind", [NAME, INTERFACE, HOST, strings.TOKEN, strings.USER])
def test_no_identifier_kind_admits_a_syntax_or_control_character(
    kind: strings.IdentifierKind,
) -> None:
    for char in [*UNSAFE, *strings.SYNTAX_CHARACTERS, " ", "#", "!", "'", "[", "]"]:
        assert kind.pattern.fullmatch(f"a{char}b") is None, (kind.name, char)


@pytest.mark.parametrize("value", ["10.255.1.1", "2001:db8::1", "sw1.pd.city.example", "sw1"])
def test_device_addresses(value: str) -> None:
    assert check_address(value) == value


@pytest.mark.parametrize("value", ["10.0.0.1\nusername x", "host;x", "a b", "-x", "x" * 300])
def test_bad_device_addresses(value: str) -> None:
    with pytest.raises(ValueError):
        check_address(value)


def test_identifiers_in_messages_are_shown_escaped() -> None:
    problem = NAME.problem("x\ny") or ""
    assert "\n" not in problem and "'x\\ny'" in problem
