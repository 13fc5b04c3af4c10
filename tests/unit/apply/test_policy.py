"""The change policy file: a valid one loads; every kind of mistake is reported as file:line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bluewire.apply.policy import ChangePolicy, PolicyError, TimeRange, load_change_policy
from bluewire.project import Project

GROUPS = {"region-central", "site-dispatch", "site-hq", "ios"}

VALID = """\
change_id: 'CHG\\d{7}'
timezone: America/Chicago
windows:
  - name: central
    groups: [region-central]
    times:
      - {days: [sun], start: "02:00", end: "05:00"}
  - name: dispatch
    groups: [site-dispatch]
    times:
      - {days: [wed], start: "23:00", end: "01:00"}
emergency_groups: [site-dispatch]
os10_reload_revert: true
"""


def write(tmp_path: Path, text: str) -> Project:
    folder = tmp_path / "inventory" / "policy"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "change.yaml").write_text(textwrap.dedent(text))
    return Project(tmp_path)


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(PolicyError) as err:
        load_change_policy(write(tmp_path, text), GROUPS)
    return err.value.lines()


def test_valid_policy_loads_every_field(tmp_path: Path) -> None:
    policy = load_change_policy(write(tmp_path, VALID), GROUPS)
    assert policy.change_id.pattern == "CHG\\d{7}"
    assert policy.timezone == "America/Chicago"
    assert [w.name for w in policy.windows] == ["central", "dispatch"]
    assert policy.windows[1].times[0].start_min == 23 * 60
    assert policy.windows[1].times[0].end_min == 60
    assert policy.emergency_groups == ("site-dispatch",)
    assert policy.os10_reload_revert is True


def test_defaults_are_conservative(tmp_path: Path) -> None:
    policy = load_change_policy(write(tmp_path, "change_id: X\ntimezone: UTC\n"), GROUPS)
    assert policy.windows == ()
    assert policy.emergency_groups == ()
    assert policy.os10_reload_revert is False


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"inventory/policy/change.yaml: missing"):
        load_change_policy(Project(tmp_path), GROUPS)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("change_id: '(unclosed'\ntimezone: UTC\n", 1, "change_id"),
        ("change_id: X\ntimezone: Mars/Olympus\n", 2, "unknown time zone"),
        ("change_id: X\ntimezone: UTC\nfreeze: true\n", 3, "freeze"),
        ("timezone: UTC\n", 1, "change_id"),
        (
            "change_id: X\ntimezone: UTC\nwindows:\n  - name: a\n    groups: [ios]\n"
            "    times:\n      - {days: [sun], start: '25:00', end: '03:00'}\n",
            7,
            "start",
        ),
        (
            "change_id: X\ntimezone: UTC\nwindows:\n  - name: a\n    groups: [ios]\n"
            "    times:\n      - {days: [someday], start: '01:00', end: '03:00'}\n",
            7,
            "days",
        ),
        (
            "change_id: X\ntimezone: UTC\nwindows:\n  - name: a\n    groups: [ios]\n"
            "    times:\n      - {days: [sun], start: '03:00', end: '03:00'}\n",
            7,
            "empty",
        ),
        (
            "change_id: X\ntimezone: UTC\nwindows:\n  - name: a\n    groups: [ios]\n"
            "    times: []\n",
            6,
            "times",
        ),
        (
            "change_id: X\ntimezone: UTC\nwindows:\n  - name: a\n    groups: []\n"
            "    times:\n      - {days: [sun], start: '01:00', end: '03:00'}\n",
            5,
            "groups",
        ),
        ("change_id: X\ntimezone: UTC\nos10_reload_revert: maybe\n", 3, "os10_reload_revert"),
        ("change_id: X\ntimezone: UTC\nchange_id: Y\n", 3, "duplicate key"),
        ("change_id: [X\n", 2, "malformed YAML"),
    ],
)
def test_schema_errors_name_file_line_and_field(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    lines = problems(tmp_path, text)
    assert any(
        entry.startswith(f"inventory/policy/change.yaml:{line}:") and fragment in entry
        for entry in lines
    ), lines


def test_unknown_groups_are_reported_where_they_are_written(tmp_path: Path) -> None:
    text = (
        "change_id: X\ntimezone: UTC\nwindows:\n  - name: a\n    groups: [ios, region-centrl]\n"
        "    times:\n      - {days: [sun], start: '01:00', end: '03:00'}\n"
        "emergency_groups:\n  - site-dispatch\n  - site-dispach\n"
    )
    assert problems(tmp_path, text) == [
        "inventory/policy/change.yaml:5: unknown group 'region-centrl'",
        "inventory/policy/change.yaml:10: unknown group 'site-dispach'",
    ]


def test_a_group_in_two_windows_is_ambiguous(tmp_path: Path) -> None:
    text = (
        "change_id: X\ntimezone: UTC\nwindows:\n"
        "  - name: a\n    groups: [ios]\n    times:\n      - {days: [sun], start: '01:00', end: '03:00'}\n"
        "  - name: b\n    groups: [site-hq, ios]\n    times:\n      - {days: [mon], start: '01:00', end: '03:00'}\n"
    )
    assert problems(tmp_path, text) == [
        "inventory/policy/change.yaml:9: group 'ios' is already in window 'a'"
    ]


def test_all_is_a_known_group(tmp_path: Path) -> None:
    text = (
        "change_id: X\ntimezone: UTC\nwindows:\n  - name: a\n    groups: [all]\n"
        "    times:\n      - {days: [sun], start: '00:00', end: '24:00'}\n"
    )
    policy = load_change_policy(write(tmp_path, text), GROUPS)
    assert policy.windows[0].times[0].end_min == 1440


def _policy(windows: list[tuple[str, list[str]]]) -> ChangePolicy:
    return ChangePolicy.model_validate(
        {
            "change_id": "X",
            "timezone": "UTC",
            "windows": [
                {
                    "name": name,
                    "groups": groups,
                    "times": [{"days": ["sun"], "start": "01:00", "end": "02:00"}],
                }
                for name, groups in windows
            ],
        }
    )


def test_windows_of_takes_the_most_specific_group_with_a_window() -> None:
    policy = _policy(
        [("region", ["region-central"]), ("site", ["site-dispatch"]), ("rest", ["all"])]
    )
    assert [w.name for w in policy.windows_of(["site-dispatch", "region-central"])] == ["site"]
    assert [w.name for w in policy.windows_of(["site-hq", "region-central"])] == ["region"]
    assert [w.name for w in policy.windows_of(["ios"])] == ["rest"]
    assert _policy([("region", ["region-central"])]).windows_of(["ios"]) == ()


def test_time_range_text_names_days_and_times() -> None:
    span = TimeRange(days=("sat", "sun"), start="22:00", end="02:00")
    assert str(span) == "sat,sun 22:00-02:00"


def test_the_example_networks_policy_loads_and_covers_every_host(example_project: Project) -> None:
    from bluewire.inventory.load import load_inventory

    inventory = load_inventory(example_project, use_cache=False)
    policy = load_change_policy(example_project, set(inventory.groups))
    for host in inventory.hosts.values():
        groups = inventory.expanded_groups(host)
        assert policy.windows_of(groups) or set(groups) & set(policy.emergency_groups), host.name
