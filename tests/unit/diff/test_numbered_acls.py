"""IOS numbered ACLs: `no access-list N <any text>` deletes the whole of ACL N (Cisco IOS IP
access list configuration guides), new entries included. The engine used to remove one entry by
negating it after the new ones, which left the ACL gone and `access-class N` filtering nothing.
Now an ACL changed in more than appends at its end is dropped and sent again in target order
(`rules.Replaced`); the lab's IOS grammar drops the whole list too (`by_key: 2`), so it referees.
"""

from __future__ import annotations

import pytest

from bluewire.diff import remediation, rollback
from bluewire.diff.rules import Match, PlatformRules, Replaced
from tests.unit.diff.roundtrip import assert_round_trip

ENTRIES = ("permit 10.0.0.0 0.255.255.255", "permit 172.16.0.0 0.15.255.255", "deny any log")
OTHER = "access-list 50 permit host 192.0.2.1\n"


def acl(number: int, entries: tuple[str, ...] | list[str]) -> str:
    return "".join(f"access-list {number} {e}\n" for e in entries)


def test_the_reported_case_sends_the_acl_again_whole() -> None:
    running = acl(10, ENTRIES[:2])
    golden = acl(10, [ENTRIES[0], "permit 192.168.0.0 0.0.255.255"])
    assert remediation(running, golden, "ios") == ["no access-list 10", *golden.splitlines()]
    assert rollback(running, golden, "ios") == ["no access-list 10", *running.splitlines()]


def _edits() -> list[list[str]]:
    e = list(ENTRIES)
    return [
        [e[1], e[2]],  # first removed
        [e[0], e[2]],  # middle removed
        [e[0], e[1]],  # last removed
        [e[0], "deny 172.16.0.0 0.15.255.255", e[2]],  # changed
        [e[0], "permit 192.168.0.0 0.0.255.255", e[1], e[2]],  # inserted in the middle
        [e[2], e[0], e[1]],  # reordered
    ]


@pytest.mark.parametrize("number", [1, 99, 1300, 1999])
@pytest.mark.parametrize("entries", _edits())
def test_an_acl_edited_in_more_than_appends_is_dropped_and_sent_again_in_order(
    number: int, entries: list[str]
) -> None:
    running = acl(number, ENTRIES) + OTHER
    golden = acl(number, entries) + OTHER
    assert remediation(running, golden, "ios") == [
        f"no access-list {number}",
        *acl(number, entries).splitlines(),
    ]
    appended = list(ENTRIES[len(entries) :]) if list(ENTRIES[: len(entries)]) == entries else []
    assert rollback(running, golden, "ios") == (
        acl(number, appended).splitlines()
        if appended
        else [f"no access-list {number}", *acl(number, ENTRIES).splitlines()]
    )
    assert_round_trip(running, golden, "ios")
    assert_round_trip(golden, running, "ios")


@pytest.mark.parametrize("number", [10, 110, 2000])
def test_entries_appended_at_the_end_stay_appends_and_a_dropped_acl_is_one_negation(
    number: int,
) -> None:
    running = acl(number, ENTRIES[:2]) + OTHER
    longer = acl(number, ENTRIES) + OTHER
    assert remediation(running, longer, "ios") == [f"access-list {number} {ENTRIES[2]}"]
    assert remediation(longer, OTHER, "ios") == [f"no access-list {number}"]
    assert rollback(longer, OTHER, "ios") == acl(number, ENTRIES).splitlines()
    assert_round_trip(running, longer, "ios")
    assert_round_trip(longer, OTHER, "ios")


def test_a_recreated_acl_goes_before_the_lines_that_use_it_and_a_dropped_one_after() -> None:
    vty = "line vty 0 4\n access-class 10 in\n"
    running = acl(10, ENTRIES)
    golden = acl(10, ENTRIES[1:]) + vty
    assert remediation(running, golden, "ios") == [
        "no access-list 10",
        *acl(10, ENTRIES[1:]).splitlines(),
        "line vty 0 4",
        " access-class 10 in",
    ]
    assert remediation(golden, "line vty 0 4\n", "ios") == [
        "line vty 0 4",
        " no access-class 10 in",
        "no access-list 10",
    ]


def test_a_replaced_row_needs_a_regex_with_the_list_key() -> None:
    rows = PlatformRules(
        platform="t",
        replaced=(
            Replaced(path=(Match(startswith="acl "),), drop="no acl"),
            Replaced(path=(Match(regex=r"list (?P<key>\d+) "),), drop=r"clear \g<key>"),
        ),
    )
    assert rows.replaced_list(("acl 1 permit any",)) is None
    assert rows.replaced_list(("list 7 permit any",)) == ("7", "clear 7")
    assert rows.replaced_list(("other 7 permit any",)) is None
