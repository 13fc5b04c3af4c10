"""The rule models of the diff engine, on their own: what each rule gives for a literal match
(`startswith`) and for a regex match (groups expanded), so a platform row that uses either form
gets what it says."""

from __future__ import annotations

import pytest

from bluewire.diff.rules import Match, NegateWith, Ordering, Physical, PlatformRules, Recreate

LITERAL = Match(startswith="logging console ")
REGEX = Match(regex=r"^logging (console|monitor) ")


@pytest.mark.parametrize("text", ["logging console informational", "logging console 7"])
def test_a_negation_template_is_used_verbatim_after_a_literal_match(text: str) -> None:
    rules = PlatformRules(
        platform="t", negate_with=(NegateWith(path=(LITERAL,), template="logging console debug"),)
    )
    assert rules.negate((text,)) == "logging console debug"
    assert rules.negate(("logging monitor 7",)) == "no logging monitor 7"


@pytest.mark.parametrize(("text", "negation"), [("logging console 7", "default logging console"),
                                                ("logging monitor 3", "default logging monitor")])  # fmt: skip
def test_a_negation_template_expands_the_groups_of_a_regex_match(text: str, negation: str) -> None:
    rule = NegateWith(path=(REGEX,), template=r"default logging \1")
    assert PlatformRules(platform="t", negate_with=(rule,)).negate((text,)) == negation


@pytest.mark.parametrize(
    ("text", "negation"),
    [
        ("banner motd ^C\nAuthorized access only\nDisconnect now\n^C", "no banner motd ^C"),
        ("banner exec #\nline\n#", "no banner exec #"),
        ("no ip http server", "ip http server"),
        ("no shutdown", "shutdown"),
        ("shutdown", "no shutdown"),
    ],
)
def test_a_line_is_negated_by_its_first_line_and_a_no_form_by_its_positive(
    text: str, negation: str
) -> None:
    """A multi-line statement (a banner) is removed by a command on its first line; removing a
    `no X` line enters `X`, never `no no X`."""
    assert PlatformRules(platform="t").negate((text,)) == negation


@pytest.mark.parametrize("name", ["GigabitEthernet1/0/1", "Ethernet7"])
def test_a_port_reset_is_used_verbatim_after_a_literal_match_and_expanded_after_a_regex(
    name: str,
) -> None:
    literal = Physical(path=(Match(startswith="interface "),), reset="default interface")
    regex = Physical(path=(Match(regex=r"^interface (\S+)$"),), reset=r"default interface \1")
    no_reset = Physical(path=(Match(startswith="interface "),))
    path = (f"interface {name}",)
    assert literal.reset_text(path) == "default interface"
    assert regex.reset_text(path) == f"default interface {name}"
    assert no_reset.reset_text(path) is None
    assert regex.reset_text(("vlan 10",)) is None


def test_a_recreated_owner_has_scopes_to_skip_only_when_its_rule_names_them() -> None:
    neighbor = Match(regex=r"^neighbor (\S+) remote-as ")
    plain = Recreate(path=(Match(startswith="router bgp"), neighbor), owner=r"neighbor \1 ")
    skipping = plain.model_copy(update={"skip": r"^address-family \S+ vrf "})
    path = ("router bgp 65000", "neighbor 192.0.2.1 remote-as 64500")
    assert PlatformRules(platform="t", recreate=(plain,)).recreated(path) == (
        "neighbor 192.0.2.1 ",
        None,
    )
    found = PlatformRules(platform="t", recreate=(skipping,)).recreated(path)
    assert found is not None and found[0] == "neighbor 192.0.2.1 " and found[1] is not None
    assert found[1].match("address-family ipv4 vrf CAMERAS")
    assert not found[1].match("address-family ipv4")
    assert PlatformRules(platform="t", recreate=(plain,)).recreated(path[:1]) is None


@pytest.mark.parametrize("weight", [-1, 1])
def test_a_command_no_ordering_row_fits_weighs_zero(weight: int) -> None:
    """Rows place commands around the unmatched ones at 0: a row of weight 1 goes after them,
    a row of -1 before (the `Ordering` docstring's default)."""
    row = Ordering(path=(Match(startswith="ip route "),), weight=weight)
    rules = PlatformRules(platform="t", ordering=(row,))
    assert rules.weight(("hostname r1",)) == 0
    assert rules.weight(("ip route 0.0.0.0 0.0.0.0 192.0.2.1",)) == weight
