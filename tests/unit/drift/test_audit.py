"""The baseline per host from apply's own audit records (written with apply's models)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bluewire.apply.audit import AuditRecord, Identity, record_path, to_json
from bluewire.apply.result import ApplyReport, HostResult, Outcome
from bluewire.drift.audit import last_applied
from bluewire.errors import BluewireError

T0 = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC)


def record(day: int, change: str, hosts: dict[str, HostResult], **kw: Any) -> tuple[str, str]:
    when = T0 + dt.timedelta(days=day)
    report = ApplyReport(
        change_id=change,
        started=when,
        finished=when + dt.timedelta(minutes=5),
        hosts=hosts,
        **kw,
    )
    rec = AuditRecord(who=Identity(user="ci"), report=report)
    return record_path(report), to_json(rec, [])


def result(outcome: Outcome, after: str = "", before: str = "") -> HostResult:
    return HostResult(platform="ios", outcome=outcome, running_after=after, running_before=before)


class Branch:
    """The audit branch as gitrepo shows it: file paths, and their text on demand (counted)."""

    def __init__(self, *records: tuple[str, str]) -> None:
        self.files = dict(records)
        self.reads: list[str] = []

    def read(self, path: str) -> str | None:
        self.reads.append(path)
        return self.files.get(path)


def test_newest_successful_apply_wins_per_host() -> None:
    branch = Branch(
        record(
            0,
            "CHG0000001",
            {"a": result(Outcome.APPLIED, "a1"), "b": result(Outcome.APPLIED, "b1")},
        ),
        record(
            2, "CHG0000002", {"a": result(Outcome.APPLIED, "a2"), "b": result(Outcome.FAILED, "bx")}
        ),
        record(3, "CHG0000003", {"b": result(Outcome.ROLLED_BACK, "by")}),
        record(4, "CHG0000004", {"a": result(Outcome.APPLIED, "az")}, dry_run=True),
        record(5, "CHG0000005", {"c": result(Outcome.NO_CHANGE, before="c0")}),
        record(6, "CHG0000006", {"d": result(Outcome.APPLIED)}),  # not verified: no hash
    )
    found = last_applied(branch.files, branch.read, ["a", "b", "c", "d", "e"])
    assert {h: a.running_sha256 for h, a in found.items()} == {"a": "a2", "b": "b1", "c": "c0"}
    assert found["a"].change_id == "CHG0000002"
    assert found["a"].when == "2026-11-03T02:05:00+00:00"
    assert found["b"].describe() == "apply of CHG0000001 at 2026-11-01T02:05:00+00:00"


def test_a_restore_is_a_baseline_too() -> None:
    branch = Branch(
        record(0, "CHG0000001", {"a": result(Outcome.APPLIED, "a1")}),
        record(1, "CHG0000009", {"a": result(Outcome.APPLIED, "old")}, command="restore"),
    )
    found = last_applied(branch.files, branch.read, ["a"])
    assert found["a"].running_sha256 == "old" and found["a"].command == "restore"


def test_reading_stops_once_every_host_has_a_baseline() -> None:
    records = [
        record(day, f"CHG{day:07d}", {"a": result(Outcome.APPLIED, f"a{day}")}) for day in range(30)
    ]
    branch = Branch(*records, ("audit/README.md", "not a record"))
    found = last_applied(branch.files, branch.read, ["a"])
    assert found["a"].running_sha256 == "a29"
    assert len(branch.reads) == 1


def test_the_golden_hash_apply_recorded_comes_with_the_baseline() -> None:
    """apply records the intended config's hash per host; drift compares it with today's golden
    config to say whether the golden config moved on since (pending) or not."""
    older = HostResult(
        platform="eos", outcome=Outcome.APPLIED, running_after="a1", intended_sha256="g1"
    )
    newer = HostResult(
        platform="eos", outcome=Outcome.APPLIED, running_after="a2", intended_sha256="g2"
    )
    branch = Branch(
        record(0, "CHG0000001", {"a": older, "b": result(Outcome.APPLIED, "b1")}),
        record(1, "CHG0000002", {"a": newer}),
    )
    found = last_applied(branch.files, branch.read, ["a", "b"])
    assert found["a"].intended_sha256 == "g2" and found["a"].running_sha256 == "a2"
    assert found["b"].intended_sha256 == ""  # a record without it: drift does not guess


def test_no_records_no_baselines() -> None:
    assert last_applied([], Branch().read, ["a"]) == {}


def test_a_damaged_record_names_its_file() -> None:
    path, _ = record(0, "CHG0000001", {})
    branch = Branch((path, '{"kind": "bluewire-audit", "report": 3}'))
    with pytest.raises(BluewireError, match=f"audit branch {path}: not an audit record"):
        last_applied(branch.files, branch.read, ["a"])
