"""Folding ansible-runner events into per-host outcomes: worst status wins, errors are data."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from bluewire.exitcodes import ExitCode
from bluewire.playbook.model import PlaybookReport, Status, fold
from bluewire.playbook.views import VIEWS

HOSTS = ["sw-ok", "sw-changed", "sw-failed", "sw-dark", "sw-unmatched"]


def _result(kind: str, host: str, task: str, **res: Any) -> dict[str, Any]:
    return {"event": kind, "event_data": {"host": host, "task": task, "res": res}}


def _stats(**per_key: dict[str, int]) -> dict[str, Any]:
    data: dict[str, Any] = {k: {} for k in ("ok", "changed", "failures", "dark", "skipped")}
    data.update(per_key)
    data["processed"] = {h: 1 for table in per_key.values() for h in table}
    return {"event": "playbook_on_stats", "event_data": data}


def _events() -> list[dict[str, Any]]:
    return [
        _result("runner_on_ok", "sw-ok", "show"),
        _result("runner_on_failed", "sw-failed", "assert", msg="image missing: token s3cr3t"),
        _result("runner_on_failed", "sw-failed", "later", msg="second failure"),
        {"event": "runner_on_failed", "event_data": {"host": "sw-ok", "ignore_errors": True}},
        _result("runner_on_unreachable", "sw-dark", "facts", msg="Connection refused"),
        _stats(
            ok={"sw-ok": 3, "sw-changed": 2, "sw-failed": 1},
            changed={"sw-changed": 1},
            failures={"sw-failed": 1},
            dark={"sw-dark": 1},
        ),
    ]


def test_each_host_gets_its_worst_outcome_and_first_failure() -> None:
    report = fold("pb", HOSTS, _events(), mask=lambda t: t.replace("s3cr3t", "%%SECRET%%"))
    status = {h: o.status for h, o in report.hosts.items()}
    assert status == {
        "sw-ok": Status.OK,
        "sw-changed": Status.CHANGED,
        "sw-failed": Status.FAILED,
        "sw-dark": Status.UNREACHABLE,
        "sw-unmatched": Status.SKIPPED,
    }
    assert report.hosts["sw-failed"].message == "assert: image missing: token %%SECRET%%"
    assert report.hosts["sw-dark"].message == "facts: Connection refused"
    assert report.hosts["sw-ok"].message == ""  # an ignored error is not the host's failure
    assert report.hosts["sw-changed"].counts == {
        "ok": 2,
        "changed": 1,
        "failed": 0,
        "unreachable": 0,
    }
    assert report.exit_code is ExitCode.ERROR


@pytest.mark.parametrize(
    ("stats", "check", "code"),
    [
        ({"ok": {"a": 1}}, False, ExitCode.OK),
        ({"ok": {"a": 1}, "changed": {"a": 1}}, False, ExitCode.OK),
        ({"ok": {"a": 1}, "changed": {"a": 1}}, True, ExitCode.CHANGES),
        ({"failures": {"a": 1}, "changed": {"a": 1}}, True, ExitCode.ERROR),
        ({"dark": {"a": 1}}, False, ExitCode.ERROR),
    ],
)
def test_exit_code(stats: dict[str, dict[str, int]], check: bool, code: ExitCode) -> None:
    assert fold("pb", ["a"], [_stats(**stats)], check=check).exit_code is code


def test_published_data_reaches_each_host() -> None:
    stats = _stats(ok={"a": 1, "b": 1})
    stats["event_data"]["artifact_data"] = {"bluewire": {"a": {"facts": {"version": "4.31.2F"}}}}
    report = fold("pb", ["a", "b"], [stats])
    assert report.hosts["a"].data == {"facts": {"version": "4.31.2F"}}
    assert report.hosts["b"].data == {}


def _report() -> PlaybookReport:
    return fold("precheck", HOSTS, _events())


def test_json_view_is_versioned_and_sorted() -> None:
    payload = json.loads(VIEWS["json"](_report()))
    assert payload["format_version"] == 1 and payload["exit_code"] == 1
    assert list(payload["hosts"]) == sorted(HOSTS)
    assert payload["hosts"]["sw-dark"]["status"] == "unreachable"


def test_junit_marks_failed_unreachable_and_skipped() -> None:
    suite = ET.fromstring(VIEWS["junit"](_report()))
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("5", "1", "1")
    tags = {c.get("name"): [e.tag for e in c if e.tag != "system-out"] for c in suite}
    assert tags == {
        "sw-ok": [],
        "sw-changed": [],
        "sw-failed": ["failure"],
        "sw-dark": ["error"],
        "sw-unmatched": ["skipped"],
    }


@pytest.mark.parametrize("fmt", ["human", "markdown", "html"])
def test_text_views_name_every_host_and_its_status(fmt: str) -> None:
    text = VIEWS[fmt](_report())
    for host, outcome in _report().hosts.items():
        assert host in text
        assert outcome.status.value in text.lower()
    assert "image missing" in text


@pytest.mark.parametrize(
    "message",
    [
        "ssh connection failed: ssh connect failed: Socket error: Connection reset by peer",
        "Could not connect to https://127.0.0.1:1/command-api: [Errno 111] Connection refused",
        "Negotiation failed: Error reading SSH protocol banner",
    ],
)
def test_a_network_connection_failure_is_unreachable(message: str) -> None:
    # network_cli, httpapi and netconf report "no session" as a failed task; bluewire says why.
    events = [_result("runner_on_failed", "a", "facts", msg=message), _stats(failures={"a": 1})]
    host = fold("pb", ["a"], events).hosts["a"]
    assert host.status is Status.UNREACHABLE
    assert host.counts["unreachable"] == 1 and host.counts["failed"] == 0


def test_a_task_failing_on_the_device_stays_failed() -> None:
    events = [
        _result("runner_on_failed", "a", "cfg", msg="% Invalid input"),
        _stats(failures={"a": 1}),
    ]
    assert fold("pb", ["a"], events).hosts["a"].status is Status.FAILED
