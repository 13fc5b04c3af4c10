"""Every row of the diff engine's platform rules is pinned by a golden fixture.

`diff/platforms.py` is data, built at import, so mutation testing cannot reach it (its rows
exist before mutmut switches a mutant on). This test does the same job by hand, the way
tests/unit/test_sanitize_rules.py does for the sanitizer: it breaks one row at a time, the way a
careless edit would (the row removed; one regex of its path loosened: `$` or a word boundary or
a lookaround dropped; a word dropped from a set), and requires that the remediation or rollback
of some golden fixture (tests/fixtures/<platform>/*, checked byte-for-byte and round-tripped
through the lab by test_golden_fixtures.py) comes out differently, i.e. that a test would fail.
A change no fixture notices is either covered by a new fixture or listed in EQUIVALENT with the
reason no config can tell it apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import bluewire.diff as diff
from bluewire.diff.platforms import RULES
from bluewire.diff.rules import PathRule, PlatformRules
from tests.unit.test_sanitize_rules import loosenings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ROWS = ("idempotent", "ordering", "sectional_exit", "negate_with", "sequenced", "recreate",
        "physical", "hidden", "renewed", "replaced")  # fmt: skip
WORDS = ("structural", "single_valued")

# Why no config tells a changed row apart from the shipped one.
_ENDS = "the device prints nothing after the last word this regex names"
_SECRET = (
    "the line changes only in its secret and type word, which lines are compared without "
    "(`sanitize.compare_form`), so no diff holds an old and a new line of it"
)
_NO_SUCH = "{} has no such command; the row is shared with the platforms that have it"
_WORD = "no command of this mode continues one of these words with a word character"
_COVERED = "{}'s own row fits every line this one fits, and comes first or gives the same key"
_IDEM = "idempotent: "
_ACCESS_GROUP = _IDEM + r"interface  > ip access-group \S+ (?P<key>in|out)$"
_SERVER_KEY = _IDEM + r"(?:tacacs|radius) server  > (?P<key>key) "
_LINE = (
    _IDEM + r"line  > (?P<key>exec-timeout|transport input|access-class \S+ (?:in|out)|"
    r"ipv6 access-class)\b"
)
_KEY = r"negate_with: * > ^key \S+ \S+$ {'template': 'no key'}"
_ACL = r" {'entry': '^(?:seq |sequence )?(?P<seq>\\d+) ', 'unique_rules': False}"
_VLAN_FILTER = "ordering: no vlan filter {'weight': 200}"
_COMMON = {
    (_ACCESS_GROUP, "`$` dropped"): _ENDS,
    (_SERVER_KEY, "removed"): _SECRET,
    (_LINE, "`\\b` at 83 dropped"): _WORD,
    (_KEY, "`$` dropped"): _ENDS,
}
# (platform, row, change) -> the reason
EQUIVALENT: dict[tuple[str, str, str], str] = {
    **{("ios", row, change): why for (row, change), why in _COMMON.items()},
    ("ios", r"sequenced: ^ip access-list (?:standard|extended) \S+$" + _ACL, "`$` dropped"): _ENDS,
    ("ios", r"sequenced: ^ipv6 access-list \S+$" + _ACL, "`$` dropped"): _ENDS,
    **{("eos", row, change): why for (row, change), why in _COMMON.items()},
    ("eos", _SERVER_KEY, "removed"): _NO_SUCH.format("EOS (servers are `tacacs-server host` lines)"),
    ("eos", _IDEM + r"(?P<key>enable (?:secret|password)) ", "removed"): _SECRET,
    ("eos", _LINE, "removed"): _NO_SUCH.format("EOS (no `line` mode)"),
    ("eos", _VLAN_FILTER, "removed"): _NO_SUCH.format("EOS"),
    ("eos", r"negate_with: ^banner (\S+) {'template': 'no banner \\1'}", "removed"):
        "an EOS banner's first line is `banner motd` alone, which `no <first line>` gives too",
    ("eos", _KEY, "removed"): _NO_SUCH.format("EOS (no section holds a `key <type> <secret>` line)"),
    ("eos", r"negate_with: router bgp > address-family > ^neighbor (\S+) activate$ "
            r"{'template': 'default neighbor \\1 activate'}", "`$` dropped"): _ENDS,
    ("eos", r"sequenced: ^(?:ip|ipv6|mac) access-list (?:standard )?\S+$" + _ACL, "`$` dropped"): _ENDS,
    ("eos", r"sequenced: ^(?:ip|ipv6) prefix-list \S+$" + _ACL, "`$` dropped"): _ENDS,
    **{("dellos10", row, change): why for (row, change), why in _COMMON.items()},
    ("dellos10", _SERVER_KEY, "removed"): _NO_SUCH.format("OS10 (servers are `tacacs-server host` lines)"),
    ("dellos10", _IDEM + "interface  > switchport mode ", "removed"):
        "OS10 shows only `switchport mode trunk` (access is the default it does not show)",
    ("dellos10", _IDEM + "interface  > (?P<key>switchport access vlan) ", "removed"): _COVERED.format("OS10"),
    ("dellos10", _IDEM + "interface  > (?P<key>switchport trunk native vlan) ", "removed"):
        _NO_SUCH.format("OS10 (the access VLAN is a trunk's untagged one)"),
    ("dellos10", _IDEM + "vlan  > name ", "removed"): _NO_SUCH.format("OS10 (`description` under `interface vlanN`)"),
    ("dellos10", _IDEM + r"router bgp > neighbor \S+ (?:description|remote-as) ", "removed"):
        _NO_SUCH.format("OS10 (a neighbor is a section of its own)"),
    ("dellos10", _IDEM + r"router bgp > * > neighbor \S+ (?:description|remote-as) ", "removed"):
        _NO_SUCH.format("OS10 (a neighbor is a section of its own)"),
    ("dellos10", _IDEM + r"interface  > (?:no )?(?P<key>switchport access vlan)\b", "`\\b` at 39 dropped"): _WORD,
    ("dellos10", _VLAN_FILTER, "removed"): _NO_SUCH.format("OS10"),
    ("dellos10", "ordering: aaa group server tacacs+  > no server  {'weight': 10}", "removed"): _NO_SUCH.format("OS10"),
    ("dellos10", r"ordering: interface  > ^switchport access vlan \d+$ {'weight': 5, 'removal': False}", "`$` dropped"): _ENDS,
    ("dellos10", r"ordering: ^no interface vlan\d+$ {'weight': 100}", "`$` dropped"): _ENDS,
    ("dellos10", r"negate_with: ^(snmp-server user \S+ \S+)  {'template': 'no \\1 v3'}", "removed"): _COVERED.format("OS10"),
    ("dellos10", _KEY, "removed"): _NO_SUCH.format("OS10 (no section holds a `key <type> <secret>` line)"),
    ("dellos10", r"negate_with: interface  > ^switchport access vlan \d+$ {'template': 'no switchport access vlan'}", "`$` dropped"): _ENDS,
    ("dellos10", r"negate_with: interface  > ^no switchport access vlan$ {'template': 'switchport access vlan 1'}", "`$` dropped"): _ENDS,
    ("dellos10", r"sequenced: ^(?:ip|ipv6|mac) access-list \S+$" + _ACL.replace("False", "True"), "`$` dropped"): _ENDS,
    ("dellos10", r"physical: ^interface ethernet\d+/\d+/\d+(?::\d+)?$ {'defaults': ('no shutdown', 'switchport access vlan 1', 'flowcontrol receive on')}", "`$` dropped"):
        "OS10 port names end there (breakouts are `:N`, there are no subinterfaces)",
    ("dellos10", r"physical: ^interface mgmt\d+/\d+/\d+$ {'defaults': ('no shutdown', 'ip address dhcp')}", "`$` dropped"):
        "OS10 port names end there",
    ("junos", "single_valued: authentication-key", "removed"): _SECRET,
    ("junos", "single_valued: encrypted-password", "removed"): _SECRET,
    ("junos", "single_valued: action", "removed"):
        "no statement of the shape table or the lab's schema has an `action` leaf to change",
}  # fmt: skip


def label(row: PathRule) -> str:
    """A row as a reader finds it in platforms.py: its path, then what it gives."""
    words = " > ".join(m.regex or m.startswith or "*" for m in row.path)
    extra = {k: v for k, v in row.model_dump().items() if k != "path" and v not in ("", None, ())}
    return f"{words} {extra}" if extra else words


def variants(rules: PlatformRules) -> Iterator[tuple[str, str, PlatformRules]]:
    """(row, change, the platform's rules with that one change) for every row and word."""
    for field in ROWS:
        rows = getattr(rules, field)
        for i, row in enumerate(rows):
            name = f"{field}: {label(row)}"
            yield name, "removed", rules.model_copy(update={field: rows[:i] + rows[i + 1 :]})
            for j, match in enumerate(row.path):
                for change, looser in loosenings(match.regex):
                    path = (*row.path[:j], match.model_copy(update={"regex": looser}),
                            *row.path[j + 1 :])  # fmt: skip
                    edited = row.model_copy(update={"path": path})
                    update = {field: (*rows[:i], edited, *rows[i + 1 :])}
                    yield name, change, rules.model_copy(update=update)
    for i, row in enumerate(rules.hidden):  # each default line of a section
        for line in sorted(row.lines):
            edited = row.model_copy(update={"lines": row.lines - {line}})
            update = {"hidden": (*rules.hidden[:i], edited, *rules.hidden[i + 1 :])}
            yield f"hidden: {label(row)}: {line}", "removed", rules.model_copy(update=update)
    for field in WORDS:
        words: frozenset[str] = getattr(rules, field)
        for word in sorted(words):
            yield f"{field}: {word}", "removed", rules.model_copy(update={field: words - {word}})


def cases(platform: str) -> list[tuple[str, str]]:
    found = sorted(p for p in (FIXTURES / platform).glob("*") if (p / "running.conf").is_file())
    return [((c / "running.conf").read_text(), (c / "intended.conf").read_text()) for c in found]


def outputs(
    platform: str, rules: PlatformRules, table: list[tuple[str, str]], mp: pytest.MonkeyPatch
) -> list[object]:
    mp.setattr(diff, "rules_for", lambda _platform: rules)
    out: list[object] = []
    for running, intended in table:
        try:
            out.append((diff.remediation(running, intended, platform),
                        diff.rollback(running, intended, platform)))  # fmt: skip
        except Exception as err:  # a crash fails the fixture test too
            out.append(repr(err))
    return out


@pytest.mark.parametrize("platform", sorted(RULES))
def test_every_platform_row_is_pinned_by_a_fixture(
    platform: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = cases(platform)
    shipped = outputs(platform, RULES[platform], table, monkeypatch)
    unpinned, stale = [], []
    for row, change, rules in variants(RULES[platform]):
        noticed = outputs(platform, rules, table, monkeypatch) != shipped
        key = (platform, row, change)
        if key in EQUIVALENT:
            stale += [key] if noticed else []
        elif not noticed:
            unpinned.append(f"{row}  ({change})")
    assert unpinned == [], "row changes no fixture notices:\n" + "\n".join(unpinned)
    assert stale == [], f"listed as equivalent, yet a fixture notices them: {stale}"


def test_the_variants_cover_every_row_and_word() -> None:
    rules = RULES["ios"]
    names = {(row, change) for row, change, _ in variants(rules)}
    rows = sum(len(getattr(rules, f)) for f in ROWS) + sum(len(getattr(rules, f)) for f in WORDS)
    rows += sum(len(row.lines) for row in rules.hidden)
    assert len({row for row, _ in names}) == rows
    assert ("structural: exit", "removed") in names
    dropped = [v for row, change, v in variants(rules) if change == "`$` dropped"]
    assert dropped and all(v != rules for v in dropped)
