"""Every JSON output validates against the schema published in the package."""

from __future__ import annotations

import json

import jsonschema
import pytest

from bluewire.compliance.views import to_json as compliance_json
from bluewire.plan.model import HostPlan, Plan
from bluewire.plan.views import to_json as plan_json
from bluewire.project import Project
from bluewire.report.model import Report
from bluewire.report.schemas import NAMES, load
from bluewire.report.views import to_json as check_json
from tests.unit.report import pages


def _valid(name: str, text: str) -> dict[str, object]:
    payload: dict[str, object] = json.loads(text)
    jsonschema.validate(payload, load("envelope"))
    jsonschema.validate(payload, load(name))
    return payload


@pytest.mark.parametrize("name", NAMES)
def test_published_schemas_are_valid_schemas(name: str) -> None:
    meta = jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA)
    assert [e.message for e in meta.iter_errors(load(name))] == []


def test_check_and_render_json() -> None:
    payload = _valid("check", check_json(pages.check_report()))
    assert (payload["command"], payload["exit_code"]) == ("check", 1)
    clean = _valid("check", check_json(Report("render", ["a"])))
    assert (clean["command"], clean["exit_code"]) == ("render", 0)


def test_plan_json_carries_command_exit_code_and_the_plan() -> None:
    payload = _valid("plan", plan_json(pages.plan()))
    assert (payload["command"], payload["exit_code"]) == ("plan", 1)  # fw-1 failed
    changes = Plan(commit="c" * 40, hosts={"a": HostPlan(platform="ios", remediation=["x"])})
    assert _valid("plan", plan_json(changes.sealed()))["exit_code"] == 2
    assert Plan.model_validate_json(plan_json(pages.plan())) == pages.plan()  # still a plan file


def test_compliance_json(example_project: Project) -> None:
    payload = _valid("compliance", compliance_json(pages.compliance_report(example_project)))
    assert (payload["command"], payload["exit_code"]) == ("compliance", 2)


def test_a_schema_catches_a_broken_output() -> None:
    payload = json.loads(plan_json(pages.plan()))
    del payload["exit_code"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(payload, load("plan"))
    payload = json.loads(check_json(pages.check_report()))
    payload["hosts"]["leaf-1"][0]["kind"] = "nonsense"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(payload, load("check"))
