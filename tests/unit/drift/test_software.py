"""Software policy: file:line errors for bad input, findings for every kind of version."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from bluewire.drift.software import (
    Approval,
    SoftwarePolicy,
    canonical,
    check_software,
    load_software_policy,
)
from bluewire.errors import BluewireError
from bluewire.platforms import Platform
from tests.conftest import REPO

TODAY = dt.date(2027, 1, 1)
POLICY = SoftwarePolicy(
    warn_days=30,
    approved=(
        Approval(
            platform=Platform.IOS,
            models=("C9300-48P",),
            version="17.9.4a",
            approved_by="CHG0000001",
            end_of_support=dt.date(2028, 1, 1),
        ),
        Approval(
            platform=Platform.IOS,
            version="17.6.5",
            approved_by="CHG0000002",
            end_of_support=dt.date(2027, 1, 20),
        ),
        Approval(
            platform=Platform.JUNOS,
            version="22.4R3-S2",
            approved_by="CHG0000003",
            end_of_support=dt.date(2026, 12, 1),
        ),
    ),
)


def test_the_example_policy_approves_every_example_device() -> None:
    import yaml

    policy = load_software_policy(REPO / "inventory/policy/software.yaml")
    assert policy is not None
    hosts = yaml.safe_load((REPO / "inventory/hosts.yaml").read_text())
    groups = yaml.safe_load((REPO / "inventory/groups.yaml").read_text())
    for name, host in hosts.items():
        platform = next(g for g in host["groups"] if g in {p.value for p in Platform})
        data = host["data"]
        assert platform in groups
        found = check_software(policy, platform, data["model"], data["os_version"], TODAY)
        assert found == [], (name, found)


@pytest.mark.parametrize(
    ("reported", "expected"),
    [
        ("17.9.4a", "17.9.4a"),
        ("17.09.04a", "17.9.4a"),
        (
            "Catalyst L3 Switch Software (CAT9K_IOSXE), Version 17.09.04a, RELEASE SOFTWARE (fc1)",
            "17.9.4a",
        ),
        ("22.4R3-S2", "22.4R3-S2"),
        ("4.31.2F", "4.31.2F"),
        ("4.31.2F-35442176.4312F", "4.31.2F"),
        ("4.23.2F-15405360.4232F", "4.23.2F"),
        ("10.5.5.5", "10.5.5.5"),
        ("  10.05.5.5 ", "10.5.5.5"),
        ("", ""),
    ],
)
def test_canonical_versions(reported: str, expected: str) -> None:
    assert canonical(reported) == expected


@pytest.mark.parametrize(
    ("platform", "model", "reported", "kind", "needle"),
    [
        ("ios", "C9300-48P", "17.9.4a", None, ""),
        ("ios", "C9300-48P", "Cisco IOS XE Software, Version 17.09.04a", None, ""),
        ("ios", "C9500-24Y4C", "17.9.4a", "unapproved", "approved: 17.6.5"),  # not this model
        ("ios", "C9300-48P", "17.3.1", "unapproved", "unapproved OS 17.3.1 on ios C9300-48P"),
        ("ios", "C9300-48P", "", "unapproved", "(not reported)"),
        ("ios", "C9500-24Y4C", "17.6.5", "expiring", "expires in 19 days (2027-01-20)"),
        ("junos", "SRX1500", "22.4R3-S2", "expired", "expired 31 days ago (2026-12-01)"),
        ("eos", "DCS-7050SX3-48YC8", "4.31.2F", "unapproved", "approved: none"),
    ],
)
def test_findings(platform: str, model: str, reported: str, kind: str | None, needle: str) -> None:
    found = check_software(POLICY, platform, model, reported, TODAY)
    assert [f.kind for f in found] == ([kind] if kind else [])
    if kind:
        assert needle in found[0].message
        assert found[0].blocking == (kind != "expiring")


def test_the_warning_window_edge() -> None:
    last_day = dt.date(2027, 1, 20) - dt.timedelta(days=30)
    assert check_software(POLICY, "ios", "x", "17.6.5", last_day - dt.timedelta(days=1)) == []
    assert check_software(POLICY, "ios", "x", "17.6.5", last_day)[0].days_left == 30
    assert check_software(POLICY, "ios", "x", "17.6.5", dt.date(2027, 1, 20))[0].kind == "expiring"
    assert check_software(POLICY, "ios", "x", "17.6.5", dt.date(2027, 1, 21))[0].kind == "expired"


def test_no_policy_file_means_no_policy(tmp_path: Path) -> None:
    assert load_software_policy(tmp_path / "software.yaml") is None


GOOD = """\
warn_days: 10
approved:
  - platform: ios
    version: 17.9.4a
    approved_by: CHG0000001
    end_of_support: 2028-01-01
"""


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        (GOOD.replace("platform: ios", "platform: nxos"), 3, "Input should be"),
        (GOOD.replace("2028-01-01", "2028-13-01"), 6, "invalid value '2028-13-01'"),
        (GOOD.replace("    approved_by: CHG0000001\n", ""), 3, "approved_by: Field required"),
        (GOOD.replace("version: 17.9.4a", "version: ''"), 4, "at least 1 character"),
        (GOOD.replace("version: 17.9.4a", "version: 17.9 4a"), 4, "pattern"),
        (GOOD.replace("warn_days: 10", "warn_days: -1"), 1, "greater than or equal to 0"),
        (GOOD + "    colour: blue\n", 7, "unknown key 'colour'"),
        (GOOD + "warn_days: 5\n", 7, "duplicate key 'warn_days'"),
        (GOOD.replace("approved:", "approved: [oops"), 3, "malformed YAML"),
        (GOOD + GOOD.split("approved:\n")[1], 8, "ios * 17.9.4a is already approved"),
    ],
)
def test_bad_policy_is_file_line(tmp_path: Path, text: str, line: int, needle: str) -> None:
    path = tmp_path / "software.yaml"
    path.write_text(text)
    with pytest.raises(BluewireError) as err:
        load_software_policy(path, "inventory/policy/software.yaml")
    lines = err.value.lines()
    assert any(
        entry.startswith(f"inventory/policy/software.yaml:{line}:") and needle in entry
        for entry in lines
    ), lines


def test_a_version_approved_twice_for_one_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "software.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            approved:
              - {platform: eos, models: [A, B], version: 4.31.2F, approved_by: x, end_of_support: 2030-01-01}
              - {platform: eos, models: [C, B], version: 4.31.02F, approved_by: y, end_of_support: 2030-01-01}
              - {platform: eos, models: [C], version: 4.32.1F, approved_by: z, end_of_support: 2030-01-01}
            """
        )
    )
    with pytest.raises(BluewireError) as err:
        load_software_policy(path)
    assert [line.split(": ", 1)[1] for line in err.value.lines()] == [
        "approved.1: eos B 4.31.02F is already approved (approved.0)"
    ]
