"""The drift report: exit codes (error beats drift), counts, and a JSON file that reads back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bluewire.drift.model import (
    DriftHost,
    DriftReport,
    SoftwareFinding,
    Status,
    Violation,
    read_report,
)
from bluewire.errors import BluewireError
from bluewire.exitcodes import ExitCode
from bluewire.plan.model import Plan

UNAPPROVED = SoftwareFinding(kind="unapproved", message="unapproved OS 1.0")
EXPIRING = SoftwareFinding(kind="expiring", message="approval expires in 9 days", days_left=9)
VIOLATION = Violation(rule="SEC-NTP-2", severity="medium", title="t", running_only=True)


def host(status: Status, **kw: object) -> DriftHost:
    return DriftHost(platform="ios", status=status, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("hosts", "code"),
    [
        ({}, ExitCode.OK),
        ({"a": host(Status.IN_SYNC)}, ExitCode.OK),
        ({"a": host(Status.IN_SYNC, software=[EXPIRING])}, ExitCode.OK),
        ({"a": host(Status.DRIFTED)}, ExitCode.CHANGES),
        ({"a": host(Status.PENDING)}, ExitCode.CHANGES),
        ({"a": host(Status.IN_SYNC, software=[UNAPPROVED])}, ExitCode.CHANGES),
        ({"a": host(Status.IN_SYNC, violations=[VIOLATION])}, ExitCode.CHANGES),
        ({"a": host(Status.UNREACHABLE)}, ExitCode.ERROR),
        ({"a": host(Status.AUTH_FAILED)}, ExitCode.ERROR),
        ({"a": host(Status.FAILED), "b": host(Status.DRIFTED)}, ExitCode.ERROR),
        ({"a": host(Status.IN_SYNC), "b": host(Status.UNREACHABLE)}, ExitCode.ERROR),
    ],
)
def test_exit_code(hosts: dict[str, DriftHost], code: ExitCode) -> None:
    assert DriftReport(commit="c", hosts=hosts).exit_code is code


def test_counts_and_summary() -> None:
    report = DriftReport(
        commit="c",
        shard="2/3",
        hosts={
            "a": host(Status.DRIFTED, violations=[VIOLATION]),
            "b": host(Status.DRIFTED, software=[UNAPPROVED]),
            "c": host(Status.IN_SYNC),
            "d": host(Status.AUTH_FAILED),
        },
    )
    assert report.counts()["drifted"] == 2
    assert report.summary() == (
        "drift (shard 2/3): 4 host(s): 2 drifted, 1 in-sync, 1 auth-failed, "
        "1 unapproved-software, 1 non-compliant"
    )
    assert DriftReport(commit="c").summary() == "drift: 0 host(s): nothing found"


def sample() -> DriftReport:
    return DriftReport(
        commit="abc",
        profile="cjis",
        hosts={
            "b": host(Status.DRIFTED, diff="-x\n+y\n", remediation=["y"], violations=[VIOLATION]),
            "a": host(Status.IN_SYNC, os_version="17.9.4a", software=[EXPIRING]),
        },
    ).sealed()


def test_json_reads_back_equal_and_sorted(tmp_path: Path) -> None:
    report = sample()
    path = tmp_path / "drift.json"
    path.write_text(report.to_json())
    assert list(json.loads(path.read_text())["hosts"]) == ["a", "b"]
    again = read_report(path)
    assert again == report and again.to_json() == report.to_json()
    assert isinstance(again.hosts["b"], DriftHost) and again.hosts["b"].violations == [VIOLATION]


def test_a_drift_report_is_a_plan() -> None:
    """Every plan view takes it: same fields, same digest rule, HostPlan hosts."""
    report = sample()
    assert isinstance(report, Plan) and report.target == "drift"
    assert report.changed_hosts == ["b"]
    assert report.digest == report.compute_digest()


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("not json", "not a bluewire drift report"),
        ("{}", "not a bluewire drift report"),
        (Plan(commit="c").sealed().to_json(), "not a drift report of format 1 .target 'devices'"),
        (sample().to_json().replace('"y"', '"z"'), "digest mismatch"),
    ],
)
def test_read_report_refuses(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(text)
    with pytest.raises(BluewireError, match=needle):
        read_report(path)
    with pytest.raises(
        BluewireError, match=r"missing\.json: cannot read: No such file or directory"
    ):
        read_report(tmp_path / "missing.json")
    with pytest.raises(BluewireError, match="cannot read"):
        read_report(tmp_path)  # a directory
