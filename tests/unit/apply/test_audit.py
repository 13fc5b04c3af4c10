"""The audit record: identity, where it is stored, and a last secret filter on every string."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bluewire.apply.audit import AuditRecord, Identity, identity, read_record, record_path, to_json
from bluewire.apply.result import ApplyReport, CheckResult, HostResult, Outcome

T0 = dt.datetime(2026, 11, 29, 8, 1, 2, 345678, tzinfo=dt.UTC)


def test_ci_identity_comes_from_gitlab() -> None:
    env = {
        "GITLAB_CI": "true",
        "GITLAB_USER_LOGIN": "jdoe",
        "GITLAB_USER_NAME": "Jane Doe",
        "GITLAB_USER_EMAIL": "jdoe@example.org",
        "CI_JOB_URL": "https://gitlab.example.org/net/-/jobs/1",
        "CI_PIPELINE_URL": "https://gitlab.example.org/net/-/pipelines/2",
        "USER": "runner",
    }
    who = identity(env, "ignored", "ignored@example.org")
    assert who == Identity(
        user="jdoe",
        email="jdoe@example.org",
        source="ci",
        job="https://gitlab.example.org/net/-/jobs/1",
        pipeline="https://gitlab.example.org/net/-/pipelines/2",
    )
    assert identity({"GITLAB_CI": "true", "GITLAB_USER_NAME": "Jane"}).user == "Jane"
    assert identity({"GITLAB_CI": "true"}).user == "ci"


def test_local_identity_prefers_git_then_the_os_user() -> None:
    assert identity({"USER": "bob"}, "Alice", "alice@example.org") == Identity(
        user="Alice", email="alice@example.org"
    )
    assert identity({"USER": "bob"}).user == "bob"
    assert identity({"LOGNAME": "carol"}).user == "carol"
    assert identity({}).user == "unknown"
    assert identity({"CI": "true", "USER": "x"}).source == "local"  # only GitLab is recognised


def test_record_path_is_dated_in_utc_and_names_change_and_command() -> None:
    chicago = T0.astimezone(dt.timezone(dt.timedelta(hours=-6)))
    report = ApplyReport(change_id="CHG0001234", command="restore", started=chicago)
    assert record_path(report) == "audit/2026/11/29/20261129T080102.345678Z-CHG0001234-restore.json"
    assert record_path(ApplyReport()) == "audit/undated/undated-no-change-id-apply.json"


CANARY = "Canary-Secret-7f3a9"


def test_free_text_is_masked_by_value_config_text_is_left_as_given() -> None:
    report = ApplyReport(
        change_id="CHG0001234",
        emergency_reason=f"key {CANARY} rotated",
        started=T0,
        hosts={
            "sw1": HostResult(
                platform="ios",
                outcome=Outcome.FAILED,
                message=f"rejected: tacacs key {CANARY}",
                device_diff="+vlan 10\n+ key %%SECRET%%\n",
                checks=[CheckResult(name="user", passed=False, detail=f"saw {CANARY}")],
            )
        },
    )
    record = AuditRecord(who=Identity(user="alice"), report=report)
    text = to_json(record, [CANARY, "10"])
    assert CANARY not in text
    data = json.loads(text)
    assert data["kind"] == "bluewire-audit" and data["format_version"] == 1
    host = data["report"]["hosts"]["sw1"]
    assert host["message"] == "rejected: tacacs key %%SECRET%%"
    assert host["checks"][0]["detail"] == "saw %%SECRET%%"
    assert data["report"]["emergency_reason"] == "key %%SECRET%% rotated"
    # the device diff was masked by position (plan.build.redact); by value it would lose `vlan 10`
    assert host["device_diff"] == "+vlan 10\n+ key %%SECRET%%\n"
    back = read_record(text)
    assert back.report.hosts["sw1"].device_diff == "+vlan 10\n+ key %%SECRET%%\n"
    assert back.who.user == "alice"


def test_a_secret_value_left_in_a_device_diff_is_masked_anyway() -> None:
    result = HostResult(
        platform="junos", outcome=Outcome.FAILED, device_diff=f'+  secret "{CANARY}";\n'
    )
    record = AuditRecord(who=Identity(user="a"), report=ApplyReport(hosts={"fw": result}))
    text = to_json(record, [CANARY])
    assert CANARY not in text
    assert json.loads(text)["report"]["hosts"]["fw"]["device_diff"] == '+  secret "%%SECRET%%";\n'


def test_bad_json_is_refused() -> None:
    with pytest.raises(ValueError):
        read_record("{not json")
