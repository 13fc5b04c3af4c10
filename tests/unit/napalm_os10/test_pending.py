"""The pending-revert rule of the OS10 driver (pending.py), on plain values."""

from __future__ import annotations

import datetime as dt

import pytest

from napalm_bluewire_dellos10.pending import GRACE, Marker, State, assess, marker_for, markers

NOW = dt.datetime(2026, 11, 30, 7, 15, 0, tzinfo=dt.UTC)
DIR = """\
Directory contents for folder: home
Date (modified)        Size (bytes)  Name
---------------------  ------------  -----------
2026-11-30T07:14:01Z   54525         config.xml
2026-11-30T07:14:02Z   4711          bluewire-revert-20261130T071600Z.cfg
2026-11-30T07:14:02Z   4711          bluewire_rollback.cfg
2026-11-30T07:14:03Z   12            bluewire-revert-2026.cfg
2026-11-30T07:14:03Z   12            my-bluewire-revert-20261130T071600Z.cfg
"""


def test_markers_are_read_from_dir_home_and_nothing_else() -> None:
    assert markers(DIR) == [
        Marker("bluewire-revert-20261130T071600Z.cfg", NOW + dt.timedelta(minutes=1))
    ]
    assert markers("Directory contents for folder: home\n") == []
    assert markers("") == []


@pytest.mark.parametrize(
    "deadline",
    [
        NOW,
        NOW + dt.timedelta(minutes=5, microseconds=999),
        NOW.astimezone(dt.timezone(dt.timedelta(hours=-8))),
    ],
)
def test_a_marker_names_its_deadline_in_utc_and_reads_back(deadline: dt.datetime) -> None:
    marker = marker_for(deadline)
    assert marker.url == f"home://{marker.name}"
    listing = f"2026-11-30T07:14:02Z   10   {marker.name}\n"
    assert markers(listing) == [marker]
    assert marker.deadline == deadline.replace(microsecond=0)


@pytest.mark.parametrize(
    ("found", "saved", "now", "state"),
    [
        ([], False, NOW, State.NONE),
        ([], True, NOW, State.NONE),
        ([marker_for(NOW)], False, NOW - dt.timedelta(minutes=1), State.PENDING),
        ([marker_for(NOW)], False, NOW + GRACE, State.PENDING),  # a slow reload, a skewed clock
        ([marker_for(NOW)], False, NOW + GRACE + dt.timedelta(seconds=1), State.STALE),
        ([marker_for(NOW)], True, NOW - dt.timedelta(minutes=1), State.OVER),
        ([marker_for(NOW)], True, NOW + dt.timedelta(days=1), State.OVER),
        # two markers (a crash between two arms): the later deadline counts
        (
            [marker_for(NOW - 2 * GRACE), marker_for(NOW)],
            False,
            NOW + dt.timedelta(minutes=1),
            State.PENDING,
        ),
    ],
)
def test_assess(found: list[Marker], saved: bool, now: dt.datetime, state: State) -> None:
    assert assess(found, saved, now) is state
