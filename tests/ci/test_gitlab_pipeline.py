"""The GitLab pipeline really runs: gitlab-ci-local executes ci/gitlab-ci.yml with its shell executor."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from tests.conftest import REPO, commit_all, git
from tests.lab.apply_support import OPEN_POLICY

GITLAB_CI_LOCAL = REPO / "node_modules" / ".bin" / "gitlab-ci-local"
VENV = Path(sys.executable).parent.parent

pytestmark = pytest.mark.ci


@pytest.fixture
def pipeline_repo(tmp_path: Path) -> Path:
    if not GITLAB_CI_LOCAL.exists():
        pytest.fail("gitlab-ci-local is not installed: run `make ci-tools` (make test does)")
    repo = tmp_path / "repo"
    for folder in ("inventory", "templates", "golden_configs", "ci"):
        shutil.copytree(REPO / folder, repo / folder)
    shutil.copy(REPO / ".gitlab-ci.yml", repo)
    commit_all(repo, "base")
    return repo


def _run_job(repo: Path, job: str, *variables: str) -> subprocess.CompletedProcess[str]:
    """One pipeline job through gitlab-ci-local's shell executor, using this test run's venv."""
    flags = [arg for v in (f"BLUEWIRE_VENV={VENV}", *variables) for arg in ("--variable", v)]
    return subprocess.run(
        [str(GITLAB_CI_LOCAL), "--shell-executor-no-image=true", *flags, job],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_validate_job_passes_and_publishes_junit(pipeline_repo: Path) -> None:
    result = _run_job(pipeline_repo, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS  validate" in result.stdout
    suite = ET.parse(pipeline_repo / "bluewire-check.xml").getroot()
    assert suite.get("failures") == "0" and int(suite.get("tests", "0")) >= 25


def test_validate_job_fails_on_a_stale_golden_config(pipeline_repo: Path) -> None:
    golden = pipeline_repo / "golden_configs" / "hq-core-1.cfg"
    golden.write_text(golden.read_text().replace("hostname hq-core-1", "hostname renamed"))
    commit_all(pipeline_repo)
    result = _run_job(pipeline_repo, "validate")
    assert result.returncode != 0
    assert "FAIL  validate" in result.stdout
    suite = ET.parse(pipeline_repo / "bluewire-check.xml").getroot()
    failed = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
    assert failed == ["hq-core-1"]


def test_plan_job_runs_against_the_lab(pipeline_repo: Path) -> None:
    golden = pipeline_repo / "golden_configs" / "dc-leaf-2.cfg"
    golden.write_text(
        golden.read_text().replace("description RMS server farm", "description moved", 1)
    )
    commit_all(pipeline_repo)
    result = _run_job(pipeline_repo, "plan", "BLUEWIRE_PLAN_TARGET=lab")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    plan = json.loads((pipeline_repo / "plan.json").read_text())
    changed = sorted(h for h, p in plan["hosts"].items() if p["remediation"] or p["device_diff"])
    assert "dc-leaf-2" in changed
    assert (pipeline_repo / "plan.md").read_text().startswith("<!-- bluewire-plan -->")


def _jobs(repo: Path, *variables: str) -> list[str]:
    """The jobs gitlab-ci-local would run for a pipeline with these variables (rules applied)."""
    flags = [arg for v in variables for arg in ("--variable", v)]
    listed = subprocess.run(
        [str(GITLAB_CI_LOCAL), "--list", *flags],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert listed.returncode == 0, listed.stdout + listed.stderr
    lines = listed.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("name "))
    return [line.split()[0] for line in lines[start + 1 :] if line.strip()]


def test_a_readme_only_merge_request_skips_the_device_jobs(pipeline_repo: Path) -> None:
    origin = pipeline_repo.parent / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    git(pipeline_repo, "branch", "-M", "main")
    git(pipeline_repo, "remote", "add", "origin", str(origin))
    git(pipeline_repo, "push", "-q", "origin", "main")
    git(pipeline_repo, "remote", "set-head", "origin", "main")
    git(pipeline_repo, "checkout", "-qb", "docs")
    (pipeline_repo / "README.md").write_text("# notes\n")
    commit_all(pipeline_repo, "docs only")
    mr = "CI_PIPELINE_SOURCE=merge_request_event"
    assert _jobs(pipeline_repo, mr) == ["validate"]
    template = pipeline_repo / "templates" / "ios" / "_base.j2"
    template.write_text(template.read_text() + "{# reviewed #}\n")
    commit_all(pipeline_repo, "template")
    assert _jobs(pipeline_repo, mr) == ["validate", "plan"]


def test_pipeline_shape_gitlab_users_expect() -> None:
    """What GitLab itself evaluates (workflow, interruptible, resource groups) but the local
    runner does not: checked on the definition."""
    spec = yaml.safe_load((REPO / "ci" / "gitlab-ci.yml").read_text())
    workflow = spec["workflow"]["rules"]
    assert workflow[0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    assert "$CI_OPEN_MERGE_REQUESTS" in workflow[1]["if"] and workflow[1]["when"] == "never"
    for name in ("validate", "plan"):
        job = spec[name]
        assert job["interruptible"] is True
        assert job["artifacts"]["expire_in"]
    plan = spec["plan"]
    assert plan["resource_group"] and plan["variables"]["GIT_DEPTH"] == "0"
    assert plan["artifacts"]["access"] == "developer"
    assert ".venv" in spec[".bluewire"]["cache"]["paths"]


def test_deploy_job_applies_the_plan_of_the_merged_commit_on_the_lab(pipeline_repo: Path) -> None:
    (pipeline_repo / "inventory" / "policy" / "change.yaml").write_text(OPEN_POLICY)
    golden = pipeline_repo / "golden_configs" / "dc-leaf-2.cfg"
    golden.write_text(
        golden.read_text().replace("description RMS server farm", "description moved", 1)
    )
    commit_all(pipeline_repo)
    lab = ("BLUEWIRE_PLAN_TARGET=lab", "CI_COMMIT_REF_PROTECTED=true")
    planned = _run_job(pipeline_repo, "plan", *lab)
    assert planned.returncode == 0, planned.stdout[-3000:]
    result = _run_job(pipeline_repo, "deploy", *lab, "BLUEWIRE_CHANGE_ID=CHG0000042")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    report = json.loads((pipeline_repo / "apply.json").read_text())
    assert {h: r["outcome"] for h, r in report["hosts"].items()} == {"dc-leaf-2": "applied"}
    assert report["change_id"] == "CHG0000042"
    records = list((pipeline_repo / ".bluewire" / "audit").rglob("*-CHG0000042-apply.json"))
    assert len(records) == 1
    suite = ET.parse(pipeline_repo / "apply-junit.xml").getroot()
    assert suite.get("failures") == "0" and suite.get("tests") == "1"


def test_deploy_job_refuses_an_unprotected_ref(pipeline_repo: Path) -> None:
    (pipeline_repo / "inventory" / "policy" / "change.yaml").write_text(OPEN_POLICY)
    commit_all(pipeline_repo)
    result = _run_job(
        pipeline_repo,
        "deploy",
        "BLUEWIRE_PLAN_TARGET=lab",
        "CI_COMMIT_REF_PROTECTED=false",
        "BLUEWIRE_CHANGE_ID=CHG0000042",
    )
    assert result.returncode != 0
    assert "apply runs in CI only on a protected ref" in result.stdout + result.stderr
