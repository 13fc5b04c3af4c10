"""`bluewire --lab plan` end to end: real NAPALM drivers against lab devices booted from golden."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bluewire.cli.main import main
from bluewire.lab.clock import Clock
from bluewire.lab.daemon import lab_specs, publish_state
from bluewire.lab.fleet import Lab, start_lab
from bluewire.project import Project
from bluewire.secrets import names_in
from tests.conftest import commit_all

pytestmark = pytest.mark.lab
HOSTS = ["hq-core-1", "hq-core-2", "dc-leaf-1", "edge-fw-1", "d3-access-1"]
CANARY = "CANARY-plan-4f9e1b"
COMMITS = re.compile(
    r"configure replace|copy flash:\S+ running-config|session \S+ commit|<commit-configuration|"
    r"^commit$|write mem"
)


@pytest.fixture
def lab_project(example_project: Project) -> Iterator[tuple[Project, Lab]]:
    """The example network in a git repo, with a lab running five of its hosts."""
    commit_all(example_project.root, "initial")
    specs = lab_specs(example_project, "golden", HOSTS)
    lab = start_lab(specs, Clock(60))
    publish_state(example_project, lab, specs, control_port=0, seed="golden")
    yield example_project, lab
    lab.stop()


def plan(project: Project, tmp: Path, *extra: str) -> tuple[int, dict[str, object]]:
    """`plan --device-diff` (these tests check the device's own diff too)."""
    out = tmp / "plan.json"
    args = ["--project", str(project.root), "--lab", "plan", "--no-comment", "--out", str(out)]
    args.append("--device-diff")
    for host in HOSTS:
        args += ["--limit", host]
    code = main([*args, "--format", "json", *extra])
    return code, json.loads(out.read_text())


def _describe(project: Project, host: str, old: str, new: str) -> None:
    hosts = project.inventory_dir / "hosts.yaml"
    text = hosts.read_text()
    assert old in text
    hosts.write_text(text.replace(old, new, 1))
    assert main(["--project", str(project.root), "render", "--limit", host]) == 0


def test_clean_lab_plans_no_changes_and_leaves_devices_untouched(
    lab_project: tuple[Project, Lab], tmp_path: Path
) -> None:
    project, lab = lab_project
    before = {h: lab.device(h).running for h in HOSTS}
    code, result = plan(project, tmp_path)
    hosts = result["hosts"]
    assert isinstance(hosts, dict)
    assert {h: hosts[h]["remediation"] for h in HOSTS} == {h: [] for h in HOSTS}
    assert code == 0
    assert {h: lab.device(h).running for h in HOSTS} == before
    for name, device in lab.devices.items():  # the wire log shows no commit of any kind
        commits = [w.text for w in device.wire if COMMITS.search(w.text)]
        assert commits == [], name
    assert any(
        "discard" in w.text or "abort" in w.text or "copy running-config flash:/candidate" in w.text
        for w in lab.device("dc-leaf-1").wire + lab.device("hq-core-1").wire
    )


def test_three_changed_hosts_are_exactly_the_planned_changes(
    lab_project: tuple[Project, Lab], tmp_path: Path
) -> None:
    project, _ = lab_project
    _describe(
        project, "hq-core-1", '"hq-access-1 Te1/1/1"', '"hq-access-1 Te1/1/1 (rewired CHG0042)"'
    )
    _describe(project, "dc-leaf-1", '"dc-tor-1 ethernet1/1/49"', '"dc-tor-1 e1/1/49 (CHG0042)"')
    _describe(project, "edge-fw-1", '"ISP-A circuit 77-1234"', '"ISP-A circuit 77-9999"')
    code, result = plan(project, tmp_path)
    hosts = result["hosts"]
    assert isinstance(hosts, dict)
    changed = sorted(h for h, p in hosts.items() if p["remediation"])
    assert changed == ["dc-leaf-1", "edge-fw-1", "hq-core-1"]
    assert code == 2
    assert any("rewired CHG0042" in c for c in hosts["hq-core-1"]["remediation"])
    assert any("77-9999" in c for c in hosts["edge-fw-1"]["remediation"])
    assert "+" in hosts["dc-leaf-1"]["diff"] and "CHG0042" in hosts["dc-leaf-1"]["diff"]
    assert "CHG0042" in hosts["dc-leaf-1"]["device_diff"]
    assert result["digest"] and result["format_version"] == 1


def test_change_behind_the_repositorys_back_shows_in_the_plan(
    lab_project: tuple[Project, Lab], tmp_path: Path
) -> None:
    project, lab = lab_project
    device = lab.device("hq-core-2")
    device.running = device.grammar.merge(
        device.running, ["ip domain lookup", "hostname rogue", "ip http server"]
    )
    code, result = plan(project, tmp_path)
    hosts = result["hosts"]
    assert isinstance(hosts, dict)
    assert code == 2
    assert "hostname hq-core-2" in hosts["hq-core-2"]["remediation"]
    assert any("rogue" in c for c in hosts["hq-core-2"]["rollback"])
    assert "-SEC-NO-HTTP" in hosts["hq-core-2"]["compliance"]  # the plan fixes the violation


def test_unreachable_device_is_an_error_row_and_the_rest_are_planned(
    lab_project: tuple[Project, Lab],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project, lab = lab_project
    lab.device("dc-leaf-1").faults.unreachable = True
    code, result = plan(project, tmp_path)
    # the failure is data in its row; Nornir logs no raw traceback (unmasked) anywhere
    assert not [r for r in caplog.records if r.name.startswith("nornir")]
    assert "Traceback" not in capsys.readouterr().err
    hosts = result["hosts"]
    assert isinstance(hosts, dict)
    assert code == 1
    assert hosts["dc-leaf-1"]["error"]
    assert all(hosts[h]["error"] is None for h in HOSTS if h != "dc-leaf-1")


def test_secret_values_never_reach_plan_or_reports(
    lab_project: tuple[Project, Lab], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, _ = lab_project
    names = set().union(*(names_in(project.golden_path(h).read_text()) for h in HOSTS))
    for name in names:
        monkeypatch.setenv(f"BLUEWIRE_SECRET_{name.upper()}", f"{CANARY}-{name}")
    md, junit = tmp_path / "plan.md", tmp_path / "plan.xml"
    code, _ = plan(project, tmp_path, "--output", str(md), "--output", str(junit))
    assert (
        code == 2
    )  # the lab holds placeholders, the candidate real values: the device sees a diff
    for path in (tmp_path / "plan.json", md, junit):
        assert CANARY not in path.read_text(), path
