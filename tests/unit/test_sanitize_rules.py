"""Every sanitizer rule is pinned by a case: removing or loosening it changes some case's output.

The cases (tests/unit/sanitize_cases.py) give device text and the exact sanitized text, context
lines included. `test_each_case_is_sanitized_byte_for_byte` checks them against the shipped rules.
The pinning tests then break sanitize_rules.yaml one rule at a time, the way a careless edit would:
the rule removed, its `$` anchor dropped, one of its lookarounds or word boundaries dropped; and
require that some case comes out differently, i.e. that the byte-for-byte test would fail. A change
that no case notices is either covered by a new case or listed in EQUIVALENT with the reason no
device text can tell it apart (e.g. a rule another rule fully covers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

import bluewire.sanitize as sanitizer
from bluewire.sanitize import SanitizeRules, rules_for, sanitize
from tests.unit.sanitize_cases import TABLE, cases

KINDS = ("secrets", "volatile", "blocks", "trailing")
_LOOKAROUND = re.compile(r"\(\?(?:=|!|<=|<!)")

# (rule, change) -> why no device text tells the changed rule apart from the shipped one.
_NO_WORD_ENDS_SO = (
    "no command of this line's syntax has a word ending in the keyword before a value"
)
EQUIVALENT: dict[tuple[str, str], str] = {
    (r"^(\s*username \S+ .*?\b(?:secret|password)(?: (?:\d+|sha512))? )\S+", "`\\b` at 21 dropped"):
        "`nopassword` (IOS, EOS) ends the line: nothing follows it to mask",
    (r"^(\s*(?:tacacs-server|radius-server) .*?\bkey(?: \d+)? )\S+", "`\\b` at 40 dropped"): _NO_WORD_ENDS_SO,
    (r"^(\s*server-private .*?\bkey(?: \d+)? )\S+", "`\\b` at 23 dropped"): _NO_WORD_ENDS_SO,
    (r"^(\s*pre-shared-key .*?\bkey(?: \d+)? )\S+", "`\\b` at 23 dropped"): _NO_WORD_ENDS_SO,
    (r"^(\s*snmp-server host .*?\bversion (?:1|2c) )\S+", "`\\b` at 25 dropped"): _NO_WORD_ENDS_SO,
    (r"^(\s*snmp-server user .*?\bauth (?:md5|sha\S*) )\S+", "`\\b` at 25 dropped"): _NO_WORD_ENDS_SO,
    (r"^(\s*snmp-server user .*?\bpriv (?:aes(?: \d+)?|3des|des) )\S+", "`\\b` at 25 dropped"): _NO_WORD_ENDS_SO,
    (r"^(.*?\bauthentication ipsec spi \d+ (?:md5|sha1)(?: [0-7])? )\S+", "`\\b` at 5 dropped"): _NO_WORD_ENDS_SO,
    (r"^(.*?\bencryption ipsec spi \d+ esp (?:des|3des|aes-cbc(?: \d+)?)(?: [0-7])? )\S+", "`\\b` at 5 dropped"): _NO_WORD_ENDS_SO,
    (r"^(.*?\bencryption ipsec spi \d+ esp .*?(?<=\s)(?:md5|sha1)(?: [0-7])? )\S+", "`\\b` at 5 dropped"): _NO_WORD_ENDS_SO,
    (r"^(.*?\bencryption ipsec spi \d+ esp .*?(?<=\s)(?:md5|sha1)(?: [0-7])? )\S+", "`(?<=\\s)` dropped"):
        "the only word before md5/sha1 that could end in them is the first key, which the rule "
        "before has already masked",
    (r"^(.*?(?<![\w-])key-string(?: \d+)? )\S+", "`(?<![\\w-])` dropped"): _NO_WORD_ENDS_SO,
    (r"^(.*?(?<![\w-])server-key(?: [0-7])? )\S+", "`(?<![\\w-])` dropped"): _NO_WORD_ENDS_SO,
    (r"^(.*?(?<![\w-])passphrase(?: [0-7])? )\S+", "`(?<![\\w-])` dropped"): _NO_WORD_ENDS_SO,
    # Volatile lines are whole lines the device prints itself; nothing ever follows these words.
    (r"^Building configuration\.\.\.\s*$", "`$` dropped"): "IOS prints nothing after it",
    (r"^Current configuration\s*:\s*\d+ bytes\s*$", "`$` dropped"): "IOS prints nothing after it",
    (r"^! No configuration change since last restart\s*$", "`$` dropped"): "a comment line either way",
    (r"^ntp clock-period \d+\s*$", "`$` dropped"): "`ntp clock-period N` takes no more words",
    (r"^file prompt quiet\s*$", "`$` dropped"): "`file prompt quiet` takes no more words",
}  # fmt: skip


def _group_end(regex: str, start: int) -> int:
    """Index just past the group opening at `start` (escapes, classes and nesting honoured)."""
    depth, i, in_class = 0, start, False
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced group in {regex!r}")


def loosenings(regex: str) -> Iterator[tuple[str, str]]:
    """(what changed, the looser regex): each way an edit could make the rule match more."""
    if regex.endswith("$") and not regex.endswith(("\\$", ".*$")):  # `.*` reaches the end anyway
        yield "`$` dropped", regex[:-1]
    for m in _LOOKAROUND.finditer(regex):
        end = _group_end(regex, m.start())
        yield f"`{regex[m.start() : end]}` dropped", regex[: m.start()] + regex[end:]
    for m in re.finditer(r"\\b", regex):
        if m.start() == 0 or regex[m.start() - 1] != "\\":
            yield f"`\\b` at {m.start()} dropped", regex[: m.start()] + regex[m.end() :]


def variants(platform: str) -> Iterator[tuple[str, str, SanitizeRules]]:
    """(rule, change, the platform's rules with that one change) for every rule."""
    shipped = rules_for(platform)
    for kind in KINDS:
        rules: tuple[str, ...] = getattr(shipped, kind)
        for i, regex in enumerate(rules):
            changes = [("removed", None), *loosenings(regex)]
            for change, looser in changes:
                edited = (*rules[:i], *([looser] if looser is not None else []), *rules[i + 1 :])
                yield f"{kind}: {regex}", change, shipped.model_copy(update={kind: edited})


def _output_with(rules: SanitizeRules, monkeypatch: pytest.MonkeyPatch) -> Callable[..., str]:
    monkeypatch.setattr(sanitizer, "rules_for", lambda _platform: rules)
    return sanitize


@pytest.mark.parametrize(("platform", "name"), [(p, n) for p in TABLE for n in TABLE[p]])
def test_each_case_is_sanitized_byte_for_byte(platform: str, name: str) -> None:
    _, device, expected = next(c for c in cases(platform) if c[0] == name)
    assert sanitize(device, platform) == expected
    assert sanitize(expected, platform) == expected  # sanitized text is a fixed point


@pytest.mark.parametrize("platform", sorted(TABLE))
def test_every_rule_is_pinned_by_a_case(platform: str, monkeypatch: pytest.MonkeyPatch) -> None:
    table = cases(platform)
    unpinned, equivalent = [], []
    for rule, change, rules in variants(platform):
        run = _output_with(rules, monkeypatch)
        noticed = any(run(device, platform) != expected for _, device, expected in table)
        key = (rule.split(": ", 1)[1], change)
        if key in EQUIVALENT:
            equivalent.append((key, noticed))
        elif not noticed:
            unpinned.append(f"{rule}  ({change})")
    assert unpinned == [], "rule changes no case notices:\n" + "\n".join(unpinned)
    stale = [key for key, noticed in equivalent if noticed]
    assert stale == [], f"listed as equivalent, yet a case notices them: {stale}"


def test_the_loosenings_are_the_edits_they_claim() -> None:
    assert dict(loosenings(r"^(\s*a (?!b\b)(?<=\s)x)\S+$")) == {
        "`$` dropped": r"^(\s*a (?!b\b)(?<=\s)x)\S+",
        "`(?!b\\b)` dropped": r"^(\s*a (?<=\s)x)\S+$",
        "`(?<=\\s)` dropped": r"^(\s*a (?!b\b)x)\S+$",
        "`\\b` at 11 dropped": r"^(\s*a (?!b)(?<=\s)x)\S+$",
    }
    assert list(loosenings(r"price \$")) == []
