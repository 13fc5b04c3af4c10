"""Real playbooks through ansible-runner against the device lab, with Ansible's bundled modules.

EOS over httpapi (eAPI), IOS over network_cli (SSH), Junos over netconf: the facts and command
output Ansible gathers must be what the lab devices are; failed and unreachable hosts are
reported as such (exit 1); no credential is left on disk, however the run ends.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bluewire.cli.main import main
from bluewire.lab.clock import Clock
from bluewire.lab.daemon import lab_specs, publish_state
from bluewire.lab.fleet import Lab, LabHostSpec, start_lab
from bluewire.project import Project
from tests.conftest import REPO

pytestmark = pytest.mark.lab
HOSTS = {"hq-core-1": "ios", "dc-leaf-1": "eos", "edge-fw-1": "junos", "d3-access-1": "dellos10"}
CANARY = "Canary-pw-7f3a19"  # every lab device's password: must never be left on disk
LOCATION = "Data Center, 100 Civic Center Plaza, B2, internet edge"  # edge-fw-1's site


@pytest.fixture(scope="module")
def lab_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, Lab]]:
    """The example network with the shipped playbooks, and a lab of one host per platform."""
    root = tmp_path_factory.mktemp("ansible-project")
    for folder in ("inventory", "templates", "golden_configs", "playbooks"):
        subprocess.run(["cp", "-r", str(REPO / folder), str(root / folder)], check=True)
    (root / "playbooks" / "probe.yml").write_text(PROBE)
    (root / "playbooks" / "sleepy.yml").write_text(SLEEPY)
    project = Project(root)
    specs = [_with_password(s) for s in lab_specs(project, "golden", list(HOSTS))]
    lab = start_lab(specs, Clock(60))
    publish_state(project, lab, specs, control_port=0, seed="golden")
    yield project, lab
    lab.stop()


def _with_password(spec: LabHostSpec) -> LabHostSpec:
    from dataclasses import replace

    return replace(spec, password=CANARY)


PROBE = """\
# Test playbook: fails on purpose on one host and echoes a repository value back.
- hosts: all
  gather_facts: false
  tasks:
    - name: Fail on the chosen host
      ansible.builtin.fail: {msg: "failing on purpose"}
      when: inventory_hostname == fail_on | default('')
    - name: Echo a value from the inventory
      ansible.builtin.set_stats:
        data: "{{ {'bluewire': {inventory_hostname: {'note': snmp_location | default(''), 'facts': ansible_net_version | default('')}}} }}"
    - name: Reach the device (ios)
      cisco.ios.ios_facts: {gather_subset: [min]}
      when: ansible_network_os == 'cisco.ios.ios'
    - name: Reach the device (eos)
      arista.eos.eos_facts: {gather_subset: [min]}
      when: ansible_network_os == 'arista.eos.eos'
    - name: Reach the device (junos)
      junipernetworks.junos.junos_facts: {gather_subset: [min]}
      when: ansible_network_os == 'junipernetworks.junos.junos'
"""
SLEEPY = """\
# Test playbook: waits long enough to be interrupted.
- hosts: all
  gather_facts: false
  tasks:
    - name: Wait
      ansible.builtin.command: sleep 120
      delegate_to: localhost
      run_once: true
"""


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where this test's temporary directories go, so leftovers can be counted."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def playbook(project: Project, tmp: Path, name: str, *args: str) -> tuple[int, dict[str, Any]]:
    out = tmp / f"{name}.json"
    argv = ["--project", str(project.root), "--lab", "playbook", "run", name]
    code = main([*argv, *args, "--format", "json", "--output", str(out)])
    return code, json.loads(out.read_text())


def _files_containing(root: Path, needle: str) -> list[Path]:
    found = []
    for path in root.rglob("*"):
        # state.json is the lab's own endpoint file (lab credentials, by design)
        if path.is_file() and path.name != "state.json" and needle.encode() in path.read_bytes():
            found.append(path)
    return found


def test_facts_over_httpapi_network_cli_and_netconf(
    lab_project: tuple[Project, Lab], tmp_path: Path, private_tmp: Path
) -> None:
    project, lab = lab_project
    code, report = playbook(project, tmp_path, "facts", "--output-dir", str(tmp_path / "out"))
    assert code == 0, report
    hosts = report["hosts"]
    for name, platform in HOSTS.items():
        if platform == "dellos10":
            assert hosts[name]["status"] == "skipped"
            assert "dellemc.os10" in hosts[name]["message"]
            continue
        device = lab.device(name)
        facts = hosts[name]["data"]["facts"]
        assert hosts[name]["status"] == "ok", name
        assert facts["hostname"] == name
        assert facts["version"] == device.os_version
        assert facts["serial"] == device.serial
        assert facts["model"].lower() == device.model.lower()
        saved = json.loads((tmp_path / "out" / f"{name}.json").read_text())
        assert saved == facts
    assert list(private_tmp.iterdir()) == []
    assert _files_containing(project.root, CANARY) == []


def test_show_commands_output_is_the_devices(
    lab_project: tuple[Project, Lab], tmp_path: Path
) -> None:
    project, lab = lab_project
    commands = json.dumps({"commands": ["show version"]})
    out = str(tmp_path)
    # --check: Ansible's check mode; read-only playbooks still run and report no change.
    code, report = playbook(
        project, tmp_path, "show", "-e", commands, "--output-dir", out, "--check"
    )
    assert code == 0, report
    assert report["check"] is True
    for name in ("hq-core-1", "dc-leaf-1", "edge-fw-1"):
        output = report["hosts"][name]["data"]["output"]["show version"]
        assert lab.device(name).os_version in output
        assert "show version" in (tmp_path / f"{name}.txt").read_text()
    wire = [w.text for w in lab.device("hq-core-1").wire]
    assert any("show version" in t for t in wire)


def test_backup_saves_sanitized_configs(lab_project: tuple[Project, Lab], tmp_path: Path) -> None:
    project, _ = lab_project
    code, report = playbook(project, tmp_path, "backup", "--output-dir", str(tmp_path))
    assert code == 0, report
    for name in ("hq-core-1", "dc-leaf-1", "edge-fw-1"):
        saved = tmp_path / f"{name}.cfg"
        assert saved.stat().st_mode & 0o777 == 0o600
        text = saved.read_text()
        assert "hostname" in text or "host-name" in text
        assert "$6$" not in text and "$9$" not in text  # hashes removed by the sanitizer


def test_one_failing_host_is_reported_failed_and_exits_1(
    lab_project: tuple[Project, Lab], tmp_path: Path, private_tmp: Path
) -> None:
    project, _ = lab_project
    code, report = playbook(project, tmp_path, "probe", "-e", "fail_on=dc-leaf-1")
    hosts = report["hosts"]
    assert code == 1 and report["exit_code"] == 1
    assert report["output_dir"] == ""  # the probe saves no file: no empty folder is reported
    assert hosts["dc-leaf-1"]["status"] == "failed"
    assert "failing on purpose" in hosts["dc-leaf-1"]["message"]
    assert {hosts[h]["status"] for h in ("hq-core-1", "edge-fw-1")} == {"ok"}
    assert hosts["edge-fw-1"]["data"]["note"] == LOCATION  # inventory data reaches the play
    assert list(private_tmp.iterdir()) == []  # credentials removed after a failing run too
    assert _files_containing(project.root, CANARY) == []


def test_unreachable_devices_are_reported_unreachable(
    lab_project: tuple[Project, Lab], tmp_path: Path, private_tmp: Path
) -> None:
    project, lab = lab_project
    names = ["hq-core-1", "dc-leaf-1", "edge-fw-1"]  # network_cli, httpapi, netconf
    for name in names:
        lab.device(name).set_fault("unreachable", None)  # what `bluewire lab fault` does
    try:
        code, report = playbook(project, tmp_path, "probe")
    finally:
        for name in names:
            lab.device(name).set_fault("clear", None)
    assert code == 1
    for name in names:
        assert report["hosts"][name]["status"] == "unreachable", report["hosts"][name]
        assert report["hosts"][name]["counts"]["unreachable"] == 1
    assert list(private_tmp.iterdir()) == []


def test_ctrl_c_removes_the_credentials(lab_project: tuple[Project, Lab], tmp_path: Path) -> None:
    project, _ = lab_project
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    argv = [sys.executable, "-m", "bluewire", "--project", str(project.root), "--lab"]
    proc = subprocess.Popen(
        [*argv, "playbook", "run", "sleepy", "--limit", "edge-fw-1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    creds = _wait_for(
        lambda: next(tmp_path.glob("bluewire-ansible-*/inventory/credentials.yml"), None)
    )
    assert creds.stat().st_mode & 0o777 == 0o600
    assert creds.parent.parent.stat().st_mode & 0o777 == 0o700
    assert CANARY in creds.read_text()
    _wait_for(lambda: next(creds.parent.parent.glob("artifacts/*/job_events/*.json"), None))
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert list(tmp_path.glob("bluewire-ansible-*")) == []


def _wait_for(probe: Any, timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_upgrade_precheck_reads_the_software_policy_and_flash(
    lab_project: tuple[Project, Lab], tmp_path: Path
) -> None:
    """inventory/policy/software.yaml approves 17.9.5 only for C9300-48P: hq-core-1 is a C9500."""
    project, lab = lab_project
    lab.device("hq-core-1").files["flash:/cat9k_iosxe.17.09.05.SPA.bin"] = b"\0" * 4096
    targets = {
        "target_version": {"ios": "17.9.5", "eos": "4.31.2F", "junos": "22.4R3-S2"},
        "image": {"ios": "cat9k_iosxe.17.09.05.SPA.bin", "eos": "EOS-4.31.2F.swi"},
    }
    limits = [a for h in ("hq-core-1", "dc-leaf-1", "edge-fw-1") for a in ("--limit", h)]
    code, report = playbook(
        project, tmp_path, "os_upgrade_precheck", "-e", json.dumps(targets), *limits
    )
    hosts = report["hosts"]
    assert code == 1
    ios = hosts["hq-core-1"]
    assert ios["status"] == "failed" and "approved=False" in ios["message"]
    assert ios["data"]["precheck"]["approved_versions"] == ["17.9.4a"]
    assert ios["data"]["precheck"]["current_approved"] is True
    assert ios["data"]["precheck"]["image_present"] is True
    eos = hosts["dc-leaf-1"]["data"]["precheck"]
    assert hosts["dc-leaf-1"]["status"] == "ok", hosts["dc-leaf-1"]
    assert eos["target_approved"] is True and eos["image_present"] is True
    assert 1024 < eos["free_mb"] < 4096  # from EOS's `dir flash:` through eos_command
    assert hosts["edge-fw-1"]["status"] == "ok"
    assert hosts["edge-fw-1"]["data"]["precheck"]["target_approved"] is True
