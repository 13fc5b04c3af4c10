"""Junos `load set` of a statement that holds one value: the new one replaces the old.

`local-as autonomous-system <loops n> <private | alias>` holds one AS (the statement reference's
syntax; `loops` sits at `[edit protocols bgp group g local-as]`), so a second `set ... local-as`
changes the AS and keeps the options. A policy term's flow-control action (`accept`, `reject`,
`next term`, `next policy`), a firewall term's terminating action and a security policy's
`permit`/`deny`/`reject` are one choice: setting one removes the other. This is the model
bluewire's `set` reader and the lab's `load set` share, so the diff is refereed by it.
"""

from __future__ import annotations

import pytest

from bluewire.config.junos_set import overwrites
from bluewire.config.junos_shapes import ShapeTableError, _level
from bluewire.config.model import ConfigSyntaxError
from bluewire.config.tree import parse, to_set_commands

GROUP = "set protocols bgp group ISP"
TERM = "set policy-options policy-statement EXPORT term t then"
FILTER = "set firewall family inet filter F term t then"
POLICY = "set security policies from-zone a to-zone b policy p then"


def _shown(*lines: str) -> list[str]:
    return sorted(to_set_commands(parse("\n".join(lines), "junos")))


@pytest.mark.parametrize(
    ("lines", "shown"),
    [
        ([f"{GROUP} local-as 65000", f"{GROUP} local-as 65002"], [f"{GROUP} local-as 65002"]),
        ([f"{GROUP} local-as 65000 private", f"{GROUP} local-as 65002"],
         [f"{GROUP} local-as 65002 private"]),
        ([f"{GROUP} local-as 65000", f"{GROUP} local-as 65000 loops 2"],
         [f"{GROUP} local-as 65000 loops 2"]),
        ([f"{GROUP} neighbor 192.0.2.1 local-as 1", f"{GROUP} neighbor 192.0.2.1 local-as 2"],
         [f"{GROUP} neighbor 192.0.2.1 local-as 2"]),
        ([f"{TERM} accept", f"{TERM} reject"], [f"{TERM} reject"]),
        ([f"{TERM} reject", f"{TERM} next term"], [f"{TERM} next term"]),
        ([f"{TERM} next term", f"{TERM} next policy"], [f"{TERM} next policy"]),
        ([f"{TERM} accept", f"{TERM} local-preference 200"],
         [f"{TERM} accept", f"{TERM} local-preference 200"]),
        ([f"{TERM} local-preference 100", f"{TERM} local-preference 200"],
         [f"{TERM} local-preference 200"]),
        ([f"{TERM} community add C", f"{TERM} community add D"],
         [f"{TERM} community add C", f"{TERM} community add D"]),
        ([f"{FILTER} count c", f"{FILTER} accept", f"{FILTER} discard"],
         [f"{FILTER} count c", f"{FILTER} discard"]),
        ([f"{POLICY} permit", f"{POLICY} deny"], [f"{POLICY} deny"]),
        ([f"{POLICY} deny", f"{POLICY} permit application-services idp"],
         [f"{POLICY} permit application-services idp"]),
        ([f"{POLICY} permit", f"{POLICY} log session-init"],
         [f"{POLICY} log session-init", f"{POLICY} permit"]),
    ],
)  # fmt: skip
def test_a_new_value_replaces_the_old_one_as_junos_shows_it(
    lines: list[str], shown: list[str]
) -> None:
    assert _shown(*lines) == sorted(shown)
    # the brace form the device prints reads back the same
    assert _shown(*to_set_commands(parse("\n".join(lines), "junos"))) == sorted(shown)


def test_a_protected_action_refuses_another_one() -> None:
    lines = [f"{TERM} accept", "protect policy-options policy-statement EXPORT term t then accept"]
    with pytest.raises(ConfigSyntaxError, match="is protected") as err:
        parse("\n".join([*lines, f"{TERM} reject"]), "junos")
    assert err.value.line == 3


@pytest.mark.parametrize(
    ("old", "new", "replaced"),
    [
        ("then accept", "then reject", True),
        ("then accept", "then local-preference 200", False),
        ("local-as 65000", "local-as 65002", True),
        ("local-as 65000 private", "local-as 65002", False),
        ("local-as 65000", "local-as 65002 private", True),
    ],
)
def test_overwrites_says_whether_a_set_leaves_nothing_of_the_old_statement(
    old: str, new: str, replaced: bool
) -> None:
    path = ["protocols", "bgp", "group ISP"] if "local-as" in old else [
        "policy-options", "policy-statement EXPORT", "term t"]  # fmt: skip
    assert overwrites(path, old, new) is replaced


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ({"then": {"_choice": "accept"}}, "is a list of keywords"),
        ({"then": {"_kind": "single", "_value": True}}, "only a flat statement"),
    ],
)
def test_a_malformed_choice_or_value_is_refused(spec: dict[str, object], reason: str) -> None:
    with pytest.raises(ShapeTableError, match=reason):
        _level(spec, "root")
