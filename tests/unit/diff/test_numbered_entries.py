"""Entries a device keys by a sequence number: the old one must go before the new one comes.

IOS-style CLIs key a prefix-list entry by its number: `no ip prefix-list P seq 5 <any text>`
deletes entry 5, so the old order (new text, then the negation of the old) deleted the new
entry (the lab's IOS grammar now keys entries so, `by_key`). A CLI that refuses a taken number
needs the old one gone first as well. OS10 refuses an ACL rule it holds under another number
(the lab's `distinct`), so a rule moving to another number is removed just before it is added.
Each case goes both ways through the lab.
"""

from __future__ import annotations

import pytest

import bluewire.diff as diff
from bluewire.diff import remediation, rollback, rules_for
from bluewire.diff.rules import Match, NegateWith, PlatformRules, Renewed
from tests.unit.diff.roundtrip import assert_round_trip

PLIST = "ip prefix-list P seq 5 permit 10.0.0.0/8\nip prefix-list P seq 10 permit 172.16.0.0/12\n"


@pytest.mark.parametrize("platform", ["ios", "dellos10"])
@pytest.mark.parametrize("family", ["ip", "ipv6"])
def test_a_changed_prefix_list_entry_is_negated_right_before_its_new_text(
    platform: str, family: str
) -> None:
    running = PLIST if family == "ip" else PLIST.replace("ip ", "ipv6 ").replace(
        "10.0.0.0/8", "2001:db8::/32").replace("172.16.0.0/12", "2001:db8:1::/48")  # fmt: skip
    old = running.splitlines()[0]
    new = old.replace(" permit ", " deny ")
    golden = running.replace(old, new)
    assert remediation(running, golden, platform) == ["no " + old, new]
    assert rollback(running, golden, platform) == ["no " + new, old]
    assert_round_trip(running, golden, platform)
    assert_round_trip(golden, running, platform)


def test_each_renewed_entry_is_negated_next_to_its_new_text_so_the_list_stays_whole() -> None:
    golden = PLIST.replace("/8", "/16").replace("/12", "/16") + "ip prefix-list P seq 15 deny any\n"
    golden = golden.replace("deny any", "deny 0.0.0.0/0 le 32")
    assert remediation(PLIST, golden, "ios") == [
        "no ip prefix-list P seq 5 permit 10.0.0.0/8",
        "ip prefix-list P seq 5 permit 10.0.0.0/16",
        "no ip prefix-list P seq 10 permit 172.16.0.0/12",
        "ip prefix-list P seq 10 permit 172.16.0.0/16",
        "ip prefix-list P seq 15 deny 0.0.0.0/0 le 32",
    ]
    assert_round_trip(PLIST, golden, "ios")


def test_a_line_without_a_key_keeps_its_own_place() -> None:
    """Only entries of the same key pair up: a removed line of no key stays where its weight
    puts it (a removed definition last), not next to an added line."""
    running = "snmp-server location a\nip as-path access-list 1 permit ^$\n"
    golden = "snmp-server contact b\n"
    assert remediation(running, golden, "ios") == [
        "no snmp-server location a",
        "snmp-server contact b",
        "no ip as-path access-list 1 permit ^$",
    ]


def test_the_renewed_key_is_the_first_rule_that_names_the_line() -> None:
    rules = PlatformRules(
        platform="t",
        renewed=(Renewed(path=(Match(regex=r"(?P<key>x \d+) "),)),
                 Renewed(path=(Match(startswith="y "),)),
                 Renewed(path=(Match(regex=r"w (\S+) \S+ (\d+)"),), template=r"\2 \1"),
                 Renewed(path=(Match(startswith="v "),), template="ignored")),
    )  # fmt: skip
    assert rules.renewed_key(("x 5 a",)) == "x 5"
    assert rules.renewed_key(("y b",)) == "y "
    assert rules.renewed_key(("w RM permit 10",)) == "10 RM"
    assert rules.renewed_key(("v b",)) == "v "  # a literal match has no groups to expand
    assert rules.renewed_key(("z 5 a",)) is None
    assert rules_for("eos").renewed_key(("ip prefix-list P seq 5 permit 10.0.0.0/8",)) is None


ACL = """\
ip access-list VTY
 description hosts
 seq 10 permit ip 10.250.0.0/24 any
 seq 20 permit ip 10.251.0.0/24 any
 seq 30 deny ip any any
"""


def test_an_os10_rule_moving_to_another_number_goes_before_it_is_added_there() -> None:
    golden = ACL.replace("seq 30 deny", "seq 100 deny")
    assert remediation(ACL, golden, "dellos10") == [
        "ip access-list VTY",
        " no seq 30 deny ip any any",
        " seq 100 deny ip any any",
    ]
    assert_round_trip(ACL, golden, "dellos10")
    assert_round_trip(golden, ACL, "dellos10")


def test_two_os10_rules_swapping_numbers_are_both_removed_first() -> None:
    golden = ACL.replace("10.250", "10.X").replace("10.251", "10.250").replace("10.X", "10.251")
    assert remediation(ACL, golden, "dellos10") == [
        "ip access-list VTY",
        " no seq 10 permit ip 10.250.0.0/24 any",
        " no seq 20 permit ip 10.251.0.0/24 any",
        " seq 10 permit ip 10.251.0.0/24 any",
        " seq 20 permit ip 10.250.0.0/24 any",
    ]
    assert_round_trip(ACL, golden, "dellos10")


def test_a_rule_kept_under_its_number_is_not_taken_for_a_new_copy() -> None:
    """IOS takes the same ACE under two numbers: one that stays is left alone."""
    running = "ip access-list extended V\n 10 permit ip any host 192.0.2.1\n 1000 deny ip any any\n"
    golden = running.replace(" 1000", " 20 permit ip any host 192.0.2.1\n 1000")
    assert remediation(running, golden, "ios") == [
        "ip access-list extended V",
        " 20 permit ip any host 192.0.2.1",
    ]
    assert rollback(running, golden, "ios") == [
        "ip access-list extended V",
        " no 20 permit ip any host 192.0.2.1",
    ]
    assert_round_trip(running, golden, "ios")


@pytest.mark.parametrize("platform", ["ios", "eos", "dellos10"])
def test_a_route_map_entry_changing_its_action_is_negated_first(platform: str) -> None:
    """`route-map RM deny 10` over `permit 10` is entry 10 changed; `no route-map RM permit
    10` sent after it deleted entry 10 with its new clauses."""
    pad = "   " if platform == "eos" else " "
    running = f"route-map RM permit 10\n{pad}set local-preference 200\nroute-map RM permit 20\n"
    golden = f"route-map RM deny 10\n{pad}set local-preference 200\nroute-map RM permit 20\n"
    assert remediation(running, golden, platform) == [
        "no route-map RM permit 10",
        "route-map RM deny 10",
        f"{pad}set local-preference 200",
    ]
    assert rollback(running, golden, platform)[0] == "no route-map RM deny 10"
    assert_round_trip(running, golden, platform)


def test_an_eos_prefix_list_is_edited_by_number_and_never_empties() -> None:
    """EOS shows a prefix-list as a section: new numbers first, a changed one renewed in place,
    vanished ones last (removing both entries first left the list empty on the way)."""
    running = "ip prefix-list P\n   seq 10 permit 10.0.0.0/8\n   seq 20 permit 172.16.0.0/12\n"
    golden = "ip prefix-list P\n   seq 10 permit 10.0.0.0/16\n   seq 30 permit 192.0.2.0/24\n"
    assert remediation(running, golden, "eos") == [
        "ip prefix-list P",
        "   no seq 10 permit 10.0.0.0/8",
        "   seq 10 permit 10.0.0.0/16",
        "   seq 30 permit 192.0.2.0/24",
        "   no seq 20 permit 172.16.0.0/12",
    ]
    assert_round_trip(running, golden, "eos")
    assert_round_trip(golden, running, "eos")


@pytest.mark.parametrize(
    ("running", "golden", "commands"),
    [
        ("a\n seq 5 x\n", "a\n seq 5 y\n", ["a", " no seq 5", " seq 5 y"]),
        ("a\n b\n  seq 5 x\n", "a\n b\n  seq 5 y\n", ["a", " b", "  no seq 5 deep", "  seq 5 y"]),
    ],
)
def test_a_renewed_entry_is_negated_by_the_rules_of_its_own_section(
    running: str, golden: str, commands: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The negation is looked up at the entry's own depth, where a row may name it."""
    rules = PlatformRules(
        platform="ios",
        renewed=tuple(Renewed(path=(*above, Match(regex=r"(?P<key>seq \d+) ")))
                      for above in [(Match(),), (Match(), Match())]),
        negate_with=(NegateWith(path=(Match(), Match(regex=r"^(seq \d+) ")), template=r"no \1"),
                     NegateWith(path=(Match(), Match(), Match(regex=r"^(seq \d+) ")),
                                template=r"no \1 deep")),
    )  # fmt: skip
    monkeypatch.setattr(diff, "rules_for", lambda _platform: rules)
    assert diff.remediation(running, golden, "ios") == commands


@pytest.mark.parametrize(
    ("platform", "acl", "pad"),
    [("ios", "ip access-list extended V", " "), ("eos", "ip access-list V", "   ")],
)
def test_a_rule_moving_to_another_number_is_added_there_before_the_old_number_goes(
    platform: str, acl: str, pad: str
) -> None:
    """IOS and EOS take one rule under two numbers, so the rule is never absent (SSH is not
    dropped by the final deny for a moment); only OS10 needs it removed first."""
    running = f"{acl}\n{pad}10 permit tcp any any eq 22\n{pad}1000 deny ip any any\n"
    golden = running.replace("10 permit", "30 permit")
    assert remediation(running, golden, platform) == [
        acl,
        f"{pad}30 permit tcp any any eq 22",
        f"{pad}no 10 permit tcp any any eq 22",
    ]
    assert_round_trip(running, golden, platform)
