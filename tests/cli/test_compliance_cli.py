"""`bluewire compliance` and the compliance gate in `bluewire check`, on the example network."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from bluewire.cli.main import main
from bluewire.project import Project


def run(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def test_example_network_passes_cjis_with_one_waiver(
    example_project: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code = run(
        example_project,
        "compliance",
        "--output",
        str(out / "c.json"),
        "--output",
        str(out / "c.xml"),
        "--output",
        str(out / "c.md"),
        "--output",
        str(out / "c.html"),
    )
    assert code == 0, capsys.readouterr().out
    payload = json.loads((out / "c.json").read_text())
    assert payload["format_version"] == 1 and payload["profile"] == "cjis"
    assert payload["score"]["failed"] == 0 and payload["score"]["waived"] == 3
    assert [w["rule"] for w in payload["waivers"]] == ["SEC-8021X"]
    assert set(payload["scores"]) == {"rule", "host", "site"}
    suites = ET.fromstring((out / "c.xml").read_text())
    assert len(suites.findall("testsuite")) == 24
    assert "Waivers" in (out / "c.md").read_text()
    assert "SEC-8021X" in (out / "c.html").read_text()


def test_stig_profile_finds_violations(
    example_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(example_project, "compliance", "--profile", "stig", "--limit", "d1-access-1") == 2
    out = capsys.readouterr().out
    assert "FAIL    d1-access-1: SEC-IDLE-TO (high)" in out and "exec-timeout 10 0" in out
    assert run(example_project, "compliance", "--profile", "stig", "--limit", "cjis-fw-1") == 0


def test_running_target_reads_the_devices_or_a_folder(
    example_project: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(example_project, "--lab", "compliance", "--target", "running") == 1
    assert "no lab is running" in capsys.readouterr().err
    running = tmp_path / "running"
    running.mkdir()
    shutil.copy(example_project.golden_path("cjis-fw-1"), running / "cjis-fw-1.cfg")
    args = ["compliance", "--target", "running", "--running-dir", str(running)]
    assert run(example_project, *args, "--limit", "cjis-fw-1") == 0
    assert run(example_project, *args, "--limit", "cjis-fw-2") == 1
    assert "cjis-fw-2.cfg is missing" in capsys.readouterr().out


def _break_template(project: Project, path: str, old: str, new: str) -> None:
    file = project.templates_dir / path
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new))


def test_check_fails_on_high_severity_only(
    example_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(example_project, "check") == 0
    assert "waiver SEC-8021X" in capsys.readouterr().out
    # low severity (SEC-DISCOVERY): listed, exit 0
    _break_template(example_project, "ios/_interfaces.j2", " no lldp transmit\n", "")
    run(example_project, "render")
    capsys.readouterr()
    assert run(example_project, "check") == 0
    assert "NOTE      hq-cam-agg-1: SEC-DISCOVERY (low)" in capsys.readouterr().out
    # high severity (SEC-NO-HTTP): fails the gate
    _break_template(example_project, "ios/_mgmt.j2", "no ip http server\n", "")
    run(example_project, "render")
    capsys.readouterr()
    assert run(example_project, "check") == 2
    out = capsys.readouterr().out  # the same violation on several hosts is listed once
    assert "COMPLIANCE SEC-NO-HTTP (high)" in out and out.count("SEC-NO-HTTP") == 1
    assert "on 13 hosts: " in out and "hq-core-1" in out


def test_expired_waiver_fails_the_gate(
    example_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = example_project.compliance_policy
    policy.write_text(policy.read_text().replace("expires: 2027-03-31", "expires: 2025-01-31"))
    assert run(example_project, "check") == 2
    out = capsys.readouterr().out
    assert "SEC-8021X (high)" in out and "waiver expired on 2025-01-31" in out
    assert run(example_project, "compliance", "--format", "json") == 2
    payload = json.loads(capsys.readouterr().out)
    assert payload["waivers"][0]["expired"] is True and payload["score"]["failed"] == 3


def test_bad_policy_is_file_line_error(
    example_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = example_project.compliance_policy
    policy.write_text(
        policy.read_text().replace(
            "    approver: J. Alvarez, CJIS Information Security Officer\n", ""
        )
    )
    assert run(example_project, "compliance") == 1
    err = capsys.readouterr().err
    assert "inventory/policy/compliance.yaml:" in err and "approver" in err


def test_nothing_evaluated_scores_n_a_not_100_percent(
    example_project: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every golden config missing: an error per host (exit 1), and no score that reads as a pass."""
    shutil.rmtree(example_project.golden_dir)
    example_project.golden_dir.mkdir()
    out = tmp_path / "out"
    outputs = [
        arg for name in ("c.json", "c.md", "c.html") for arg in ("--output", str(out / name))
    ]
    assert run(example_project, "compliance", *outputs) == 1
    human = capsys.readouterr().out
    assert "score n/a" in human and "100.0%" not in human
    payload = json.loads((out / "c.json").read_text())
    assert payload["score"]["percent"] is None
    for name in ("c.md", "c.html"):
        assert "100.0%" not in (out / name).read_text()
