"""Plan's security promises, end to end through the real NAPALM drivers against the lab:
read-only by default, candidates (cleartext secrets) never left on a device even when the plan
is interrupted mid-upload, device text sanitized in every output format, signed plans, and
secrets too short to mask refused."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyeapi
import pytest
from netmiko import ConnectHandler

from bluewire.cli.main import main
from bluewire.lab.clock import Clock
from bluewire.lab.daemon import lab_specs, publish_state
from bluewire.lab.fleet import Lab, LabHostSpec, start_lab
from bluewire.plan.model import read_plan
from bluewire.project import Project
from tests.conftest import commit_all

pytestmark = pytest.mark.lab
HOSTS = {"hq-core-1": "ios", "dc-leaf-1": "eos", "edge-fw-1": "junos", "d3-access-1": "dellos10"}
# Device secrets the brownfield seed and these tests put on the devices (never in an output).
CANARIES = ["brownfield", "Cnry-ios-comm", "Cnry-eos-hash", "Cnry-junos-comm"]
EXTRA = {
    "ios": "snmp-server community Cnry-ios-comm RO\n",
    "eos": "username ops2 privilege 1 role network-operator secret sha512 $6$x$Cnry-eos-hash\n",
}
WRITES = re.compile(
    r"configure|copy |delete|load-configuration|lock-configuration|transaction|discard|"
    r"commit-configuration|^commit",
    re.I,
)


def _seeded(spec: LabHostSpec) -> LabHostSpec:
    if spec.platform == "junos":
        community = "    community Cnry-junos-comm {\n        authorization read-only;\n    }\n"
        return replace(spec, config=spec.config.replace("snmp {\n", "snmp {\n" + community, 1))
    return replace(spec, config=spec.config + EXTRA.get(spec.platform, ""))


@pytest.fixture
def lab_project(
    example_project: Project, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Project, Lab]]:
    """The example network with one brownfield device per platform, outside any CI job."""
    for name in ("CI", "GITLAB_CI", "CI_COMMIT_REF_PROTECTED", "BLUEWIRE_PLAN_KEY"):
        monkeypatch.delenv(name, raising=False)
    commit_all(example_project.root, "initial")
    specs = [_seeded(s) for s in lab_specs(example_project, "brownfield", list(HOSTS))]
    lab = start_lab(specs, Clock(60))
    publish_state(example_project, lab, specs, control_port=0, seed="brownfield")
    yield example_project, lab
    lab.stop()


def _args(project: Project, *extra: str) -> list[str]:
    hosts = [f"--limit={h}" for h in HOSTS]
    return ["--project", str(project.root), "--lab", "plan", "--no-comment", *hosts, *extra]


def test_a_merge_request_plan_only_reads_and_needs_no_secret(
    lab_project: tuple[Project, Lab], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, lab = lab_project
    monkeypatch.setenv("BLUEWIRE_SECRETS_FILE", str(tmp_path / "absent.yaml"))  # never read
    for device in lab.devices.values():
        device.wire.clear()
    code = main(_args(project, "--out", str(tmp_path / "plan.json")))
    assert code == 2  # the brownfield drift is found by bluewire's own diff
    plan = json.loads((tmp_path / "plan.json").read_text())
    assert all(p["device_diff"] == "" and p["remediation"] for p in plan["hosts"].values())
    for name, device in lab.devices.items():
        writes = [w.text for w in device.wire if w.kind == "scp" or WRITES.search(w.text)]
        assert writes == [], name


def _outputs(tmp_path: Path) -> list[Path]:
    return [tmp_path / f"report.{ext}" for ext in ("json", "md", "html", "xml", "txt")]


def _leaks(texts: dict[str, str]) -> list[tuple[str, str]]:
    return [(name, c) for name, text in texts.items() for c in CANARIES if c in text]


@pytest.mark.parametrize("device_diff", [True, False])
def test_device_secrets_never_reach_any_plan_output(
    lab_project: tuple[Project, Lab],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    device_diff: bool,
) -> None:
    project, _ = lab_project
    extra = ["--device-diff"] if device_diff else []
    outputs = [arg for path in _outputs(tmp_path) for arg in ("--output", str(path))]
    code = main(_args(project, *extra, "--out", str(tmp_path / "plan.json"), *outputs))
    out = capsys.readouterr()
    plan = json.loads((tmp_path / "plan.json").read_text())
    if device_diff:  # the device's own diff shows the hand-made users and communities go
        # (the lab's OS10 refuses the brownfield replace today: its row is an error, which must
        # not leak either)
        assert code in (1, 2)
        assert all(plan["hosts"][h]["device_diff"] for h in ("hq-core-1", "dc-leaf-1", "edge-fw-1"))
        assert "%%SECRET%%" in plan["hosts"]["hq-core-1"]["device_diff"]
    else:
        assert code == 2
    texts = {str(p): p.read_text() for p in [*_outputs(tmp_path), tmp_path / "plan.json"]}
    assert _leaks({**texts, "stdout": out.out, "stderr": out.err}) == []


@pytest.mark.parametrize("source", ["devices", "folder"])
def test_running_config_compliance_never_prints_device_secrets(
    lab_project: tuple[Project, Lab],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    source: str,
) -> None:
    project, lab = lab_project
    args = ["--project", str(project.root), "--lab", "compliance", "--target", "running"]
    if source == "folder":  # raw running configs, as another tool (Oxidized, RANCID) saved them
        folder = tmp_path / "running"
        folder.mkdir()
        for host in HOSTS:
            (folder / f"{host}.cfg").write_text(lab.device(host).running)
        args += ["--running-dir", str(folder)]
    outputs = [arg for path in _outputs(tmp_path) for arg in ("--output", str(path))]
    main([*args, *(f"--limit={h}" for h in HOSTS), *outputs])
    out = capsys.readouterr()
    texts = {str(p): p.read_text() for p in _outputs(tmp_path)}
    assert "temp-vendor" in texts[str(tmp_path / "report.txt")]  # the evidence is there...
    assert _leaks({**texts, "stdout": out.out, "stderr": out.err}) == []  # ...its secret not


def test_plans_are_signed_where_the_plan_key_is(
    lab_project: tuple[Project, Lab], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, _ = lab_project
    key = "plan-key-" + "0" * 40
    monkeypatch.setenv("BLUEWIRE_PLAN_KEY", key)
    assert main(_args(project, "--out", str(tmp_path / "plan.json"))) == 2
    plan = read_plan(tmp_path / "plan.json", {"BLUEWIRE_PLAN_KEY": key})
    assert plan.digest.startswith("hmac-sha256:")


def test_a_secret_too_short_to_mask_is_refused_before_any_device_is_touched(
    lab_project: tuple[Project, Lab],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project, lab = lab_project
    monkeypatch.setenv("BLUEWIRE_SECRET_NTP_KEY", "10")
    for device in lab.devices.values():
        device.wire.clear()
    assert main(_args(project, "--device-diff")) == 1
    assert "BLUEWIRE_SECRET_NTP_KEY: shorter than 8 characters" in capsys.readouterr().err
    assert all(d.wire == [] for d in lab.devices.values())


def test_a_secret_that_is_also_config_text_does_not_change_the_plan(
    example_project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Masking by value turned `vlan 10` into `vlan %%SECRET%%` and bloated the plan."""
    for name in ("CI", "GITLAB_CI"):
        monkeypatch.delenv(name, raising=False)
    commit_all(example_project.root, "initial")
    specs = lab_specs(example_project, "golden", ["hq-core-1"])
    lab = start_lab(specs, Clock(60))
    publish_state(example_project, lab, specs, control_port=0, seed="golden")
    try:
        monkeypatch.setenv("BLUEWIRE_SECRET_NTP_KEY", "HQ-USERS")  # also hq-core-1's VLAN name
        out = tmp_path / "plan.json"
        args = ["--project", str(example_project.root), "--lab", "plan", "--no-comment"]
        main([*args, "--limit=hq-core-1", "--device-diff", "--out", str(out)])
        host = json.loads(out.read_text())["hosts"]["hq-core-1"]
        assert host["error"] is None
        assert host["remediation"] == [] and host["diff"] == ""
    finally:
        lab.stop()


# ---------------------------------------------------------------- interrupted mid-upload
def _loading(lab: Lab) -> bool:
    """Some device has started receiving a candidate."""
    marks = ("write flash:", "configure session", "lock-configuration", "start transaction")
    return any(m in w.text for d in lab.devices.values() for w in list(d.wire) for m in marks)


def _eos_sessions(lab: Lab) -> dict[str, dict[str, object]]:
    host, port = lab.address("dc-leaf-1")
    device = lab.device("dc-leaf-1")
    node = pyeapi.connect(
        transport="https", host=host, port=port, username=device.username,
        password=device.password, return_node=True,
    )  # fmt: skip
    reply = node.enable(["show configuration sessions"])[0]["result"]
    sessions: dict[str, dict[str, object]] = reply["sessions"]
    return sessions


def _os10_pending_diff(lab: Lab) -> str:
    host, port = lab.address("d3-access-1")
    device = lab.device("d3-access-1")
    with ConnectHandler(
        device_type="dell_os10", host=host, port=port, username=device.username,
        password=device.password,
    ) as conn:  # fmt: skip
        return str(conn.send_command("show diff candidate-configuration running-configuration"))


@pytest.mark.parametrize(
    "signals", [[signal.SIGINT], [signal.SIGINT, signal.SIGINT], [signal.SIGTERM]]
)
def test_an_interrupted_plan_leaves_no_candidate_on_any_device(
    lab_project: tuple[Project, Lab], signals: list[int]
) -> None:
    project, lab = lab_project
    for device in lab.devices.values():
        device.faults.latency_s = 30.0  # half a real second per command: uploads take a while
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITLAB_CI")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bluewire", *_args(project, "--device-diff")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.time() + 60
    while not _loading(lab) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the plan ended before any candidate was loaded"
    for sig in signals:
        proc.send_signal(sig)
        time.sleep(0.2)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "discarding the candidates" in err
    for device in lab.devices.values():
        device.faults.latency_s = 0.0
    files = lab.device("hq-core-1").files
    assert not [f for f in files if "candidate_config" in f or "merge_config" in f], files
    assert [s for s in _eos_sessions(lab).values() if s["state"] == "pending"] == []
    assert lab.device("edge-fw-1").lock_owner is None
    assert _os10_pending_diff(lab).strip() == ""
    assert all(d.lock_owner is None for d in lab.devices.values())
