"""The plan digest: an HMAC keyed by BLUEWIRE_PLAN_KEY when it is set, so an edited plan is
refused even when its editor recomputes a plain SHA-256."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bluewire.errors import SecretError, StalePlanError
from bluewire.plan.model import HostPlan, Plan, plan_key, read_plan, verify_plan

KEY = "k" * 40
ENV = {"BLUEWIRE_PLAN_KEY": KEY}


def _plan() -> Plan:
    host = HostPlan(platform="ios", remediation=["interface Gi1/0/1", " description x"])
    return Plan(commit="a" * 40, hosts={"sw1": host})


def _write(tmp_path: Path, plan: Plan) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(plan.to_json())
    return path


def test_a_signed_plan_verifies_with_its_key(tmp_path: Path) -> None:
    plan = _plan().sealed(plan_key(ENV))
    assert plan.digest.startswith("hmac-sha256:")
    assert read_plan(_write(tmp_path, plan), ENV) == plan


def test_an_edited_plan_with_a_recomputed_sha256_is_refused_when_the_key_is_set(
    tmp_path: Path,
) -> None:
    signed = _plan().sealed(plan_key(ENV))
    data = json.loads(signed.to_json())
    data["hosts"]["sw1"]["remediation"] = ["username evil privilege 15 secret 0 x"]
    forged = Plan.model_validate(data).sealed()  # what anyone can compute without the key
    with pytest.raises(StalePlanError, match="not signed"):
        read_plan(_write(tmp_path, forged), ENV)
    data["digest"] = signed.digest  # the old signature over new content
    with pytest.raises(StalePlanError, match="digest mismatch"):
        read_plan(_write(tmp_path, Plan.model_validate(data)), ENV)


def test_a_plan_signed_with_another_key_is_refused() -> None:
    plan = _plan().sealed(("x" * 40).encode())
    with pytest.raises(StalePlanError, match="another key"):
        verify_plan(plan, plan_key(ENV))


def test_a_signed_plan_cannot_be_checked_without_the_key() -> None:
    with pytest.raises(StalePlanError, match="set BLUEWIRE_PLAN_KEY"):
        verify_plan(_plan().sealed(plan_key(ENV)), None)


def test_unsigned_plans_still_work_where_no_key_is_set(tmp_path: Path) -> None:
    plan = _plan().sealed()
    assert read_plan(_write(tmp_path, plan), {}) == plan


def test_a_short_plan_key_is_refused() -> None:
    with pytest.raises(SecretError, match="shorter than 32"):
        plan_key({"BLUEWIRE_PLAN_KEY": "short"})
