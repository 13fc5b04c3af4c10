"""A changed single-valued setting, on every platform: the remediation must leave the new value.

A device removes such a setting by its name, whatever value the `no` form carries (`no
description` takes no text on OS10 and IOS; `no tacacs-server host H` deletes the host with
everything set on it). So a negation must never follow the new line it names: the shared
referee (`roundtrip.assert_no_late_negation`, run by `assert_round_trip`) checks that order on
top of the lab's own result, which removes only the exact line named.
"""

from __future__ import annotations

import pytest

from bluewire.diff import remediation, rollback
from tests.unit.diff.roundtrip import assert_round_trip, assert_set_round_trip

# (platform, running config, old value, new value): one setting each, in its usual place
CASES = [
    ("ios", "hostname r1\n", "r1", "r2"),
    ("ios", "interface GigabitEthernet0/1\n description uplink old\n", "old", "new"),
    ("ios", "vlan 10\n name USERS-OLD\n", "OLD", "NEW"),
    ("ios", "router bgp 65000\n neighbor 192.0.2.1 remote-as 65001\n"
            " neighbor 192.0.2.1 description peer old\n", "old", "new"),
    ("ios", "line vty 0 4\n exec-timeout 5 0\n", "5 0", "10 0"),
    ("ios", "snmp-server location rack old\n", "old", "new"),
    ("ios", "logging buffered 4096\n", "4096", "8192"),
    ("ios", "ip prefix-list P description lists old\nip prefix-list P seq 5 permit 10.0.0.0/8\n",
     "old", "new"),
    ("ios", "tacacs-server host 192.0.2.10 timeout 5\n", "timeout 5", "timeout 10"),
    # the new line is exactly what the negation names (`no tacacs-server host H`)
    ("ios", "tacacs-server host 192.0.2.12 key 7 %%SECRET:tacacs_key%%\n",
     " key 7 %%SECRET:tacacs_key%%", ""),
    ("ios", "radius-server host 192.0.2.11 auth-port 1812 timeout 5\n", "timeout 5", "timeout 9"),
    ("ios", "ip access-list extended A\n 10 permit ip any any\n", "permit", "deny"),
    ("eos", "hostname r1\n", "r1", "r2"),
    ("eos", "interface Ethernet1\n   description uplink old\n", "old", "new"),
    ("eos", "route-map RM permit 10\n   description maps old\n", "old", "new"),
    ("eos", "tacacs-server host 192.0.2.10 timeout 5\n", "timeout 5", "timeout 10"),
    ("eos", "radius-server host 192.0.2.11 timeout 5\n", "timeout 5", "timeout 9"),
    ("eos", "ip access-list A\n   10 permit ip any any\n", "permit", "deny"),
    ("eos", "ip prefix-list P\n   seq 10 permit 10.0.0.0/8\n", "/8", "/16"),
    ("dellos10", "hostname r1\n", "r1", "r2"),
    ("dellos10", "ip access-list VTY\n description filters old\n seq 10 permit ip 10.0.0.0/8 any\n",
     "old", "new"),
    ("dellos10", "ip prefix-list P description lists old\nip prefix-list P seq 5 permit 10.0.0.0/8\n",
     "old", "new"),
    ("dellos10", "interface loopback0\n description router old\n", "old", "new"),
    ("dellos10", "route-map RM permit 10\n description maps old\n", "old", "new"),
    ("dellos10", "tacacs-server host 192.0.2.10 key 9 %%SECRET:tacacs_key%% timeout 5\n",
     "timeout 5", "timeout 10"),
]  # fmt: skip


def _ids(case: tuple[str, str, str, str]) -> str:
    return f"{case[0]}:{'-'.join(case[1].split()[:2])}:{case[2]}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_a_changed_setting_ends_at_its_new_value(case: tuple[str, str, str, str]) -> None:
    platform, running, old, new = case
    golden = running.replace(old, new)
    assert golden != running
    commands = remediation(running, golden, platform)
    assert commands and any(new in c for c in commands)
    assert rollback(running, golden, platform)
    assert_round_trip(running, golden, platform)  # lab result, and no negation after its line
    assert_round_trip(golden, running, platform)


@pytest.mark.parametrize(
    "platform",
    ["ios", "dellos10"],
)
def test_a_changed_acl_or_prefix_list_description_is_never_negated_after(platform: str) -> None:
    """The examples the order bug was found on: OS10 `no description old` after `description
    new` in an ACL, and a prefix-list description's negation sorted after its new value."""
    acl = "ip access-list VTY\n description old\n seq 10 permit ip 10.0.0.0/8 any\n"
    if platform == "dellos10":
        assert remediation(acl, acl.replace("old", "new"), platform) == [
            "ip access-list VTY",
            " description new",
        ]
    plist = "ip prefix-list P description old\nip prefix-list P seq 5 permit 10.0.0.0/8\n"
    assert remediation(plist, plist.replace("old", "new"), platform) == [
        "no ip prefix-list P description",
        "ip prefix-list P description new",
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("system {\n    host-name r1;\n}\n", "system {\n    host-name r2;\n}\n"),
        ('interfaces {\n    ge-0/0/0 {\n        description "a";\n    }\n}\n',
         'interfaces {\n    ge-0/0/0 {\n        description "b";\n    }\n}\n'),
    ],
)  # fmt: skip
def test_junos_overwrites_a_single_value_with_set(old: str, new: str) -> None:
    commands = remediation(old, new, "junos")
    assert len(commands) == 1 and commands[0].startswith("set ")
    assert_set_round_trip(old, new)
    assert_round_trip(old, new, "junos")


_TERM = (
    "policy-options {\n    policy-statement EXPORT {\n        term t {\n"
    "            from protocol direct;\n            then %s;\n        }\n    }\n}\n"
)
_GROUP = (
    "protocols {\n    bgp {\n        group ISP {\n            local-as %s;\n        }\n    }\n}\n"
)


@pytest.mark.parametrize(
    ("config", "old", "new", "deletes"),
    [
        (_TERM, "accept", "reject", False),
        (_TERM, "reject", "next term", False),
        (_TERM, "accept", "local-preference 200", True),  # joins `accept` on the device
        (_GROUP, "65000", "65002", False),
        (_GROUP, "65000 private", "65002", True),  # `set local-as 65002` keeps `private`
        (_GROUP, "65000", "65002 private", False),
    ],
)
def test_junos_sets_a_new_value_alone_only_where_it_replaces_all_of_the_old(
    config: str, old: str, new: str, deletes: bool
) -> None:
    """The shape table's `load set` (the lab's too) says what a `set` leaves of the old value:
    an action of the same choice goes, an added option or action stays."""
    running, golden = (config % v for v in (old, new))
    commands = remediation(running, golden, "junos")
    assert any(c.startswith("delete ") for c in commands) is deletes
    assert_set_round_trip(running, golden)
    assert_set_round_trip(golden, running)
    assert_round_trip(running, golden, "junos")
    assert_round_trip(golden, running, "junos")
