"""`bluewire --lab drift` end to end: real NAPALM drivers, real clients changing devices behind
the pipeline's back (netmiko for IOS, pyeapi for EOS), real git for backups and the audit branch.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyeapi
import pytest
from netmiko import ConnectHandler
from nornir_napalm.plugins.tasks import napalm_configure, napalm_get

from bluewire import gitrepo
from bluewire.apply.audit import AuditRecord, Identity, record_path, to_json
from bluewire.apply.result import ApplyReport, HostResult, Outcome
from bluewire.cli.main import main
from bluewire.device.connect import make_nornir
from bluewire.inventory.load import load_inventory
from bluewire.lab.clock import Clock
from bluewire.lab.daemon import lab_specs, publish_state
from bluewire.lab.fleet import Lab, start_lab
from bluewire.lab.state import require_state, state_path
from bluewire.plan.build import intended_form, redact
from bluewire.plan.model import sha256
from bluewire.project import Project
from tests.conftest import commit_all, git

pytestmark = pytest.mark.lab
HOSTS = ["hq-core-1", "hq-access-1", "dc-leaf-1", "edge-fw-1", "d3-access-1"]
ROGUE = "description rogue change by hand"


def _lab(project: Project, hosts: list[str] | None) -> Iterator[tuple[Project, Lab]]:
    (project.root / ".gitignore").write_text(".bluewire/\n")
    commit_all(project.root, "initial")
    specs = lab_specs(project, "golden", hosts)
    lab = start_lab(specs, Clock(60))
    publish_state(project, lab, specs, control_port=0, seed="golden")
    yield project, lab
    lab.stop()


@pytest.fixture
def drift_lab(example_project: Project) -> Iterator[tuple[Project, Lab]]:
    """The example network in a git repo, with a lab running five of its hosts (4 platforms)."""
    yield from _lab(example_project, HOSTS)


@pytest.fixture
def full_lab(example_project: Project) -> Iterator[tuple[Project, Lab]]:
    """The example network with every one of its 24 hosts in the lab."""
    yield from _lab(example_project, None)


def drift(project: Project, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, Any]:
    args = ["--project", str(project.root), "--lab", "drift", "--format", "json"]
    for host in HOSTS:
        args += ["--limit", host]
    code = main([*args, *extra])
    out = capsys.readouterr().out
    return code, json.loads(out)


def statuses(report: Any) -> dict[str, str]:
    return {h: v["status"] for h, v in report["hosts"].items()}


def tip(root: Path, ref: str = "backups") -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "-q", ref], cwd=root, capture_output=True, text=True
    )
    return done.stdout.strip()


def netmiko_config(lab: Lab, host: str, commands: list[str]) -> None:
    """Change an IOS device the way an engineer at a terminal would."""
    address, port = lab.address(host)
    device = lab.device(host)
    conn = ConnectHandler(
        device_type="cisco_ios",
        host=address,
        port=port,
        username=device.username,
        password=device.password,
        secret=device.enable_secret,
    )
    try:
        conn.enable()
        conn.send_config_set(commands)
    finally:
        conn.disconnect()


def test_change_behind_the_back_is_drift_with_a_backup_commit(
    drift_lab: tuple[Project, Lab], capsys: pytest.CaptureFixture[str]
) -> None:
    project, lab = drift_lab
    code, first = drift(project, capsys)
    assert code == 0 and set(statuses(first).values()) == {"in-sync"}
    baseline = tip(project.root)
    assert gitrepo.list_files(project.root, "backups") == sorted(f"configs/{h}.cfg" for h in HOSTS)

    netmiko_config(lab, "hq-access-1", ["interface GigabitEthernet1/0/5", ROGUE])
    code, second = drift(project, capsys)
    host = second["hosts"]["hq-access-1"]
    assert code == 2
    assert statuses(second) == {h: "drifted" if h == "hq-access-1" else "in-sync" for h in HOSTS}
    assert host["reason"] == "runs no committed version of its golden config; no apply recorded"
    assert host["diff"] == (
        f"--- running\n+++ intended\n interface GigabitEthernet1/0/5\n- {ROGUE}\n"
    )
    assert host["remediation"] == ["interface GigabitEthernet1/0/5", f" no {ROGUE}"]
    commit = tip(project.root)
    assert commit != baseline
    shown = subprocess.run(
        ["git", "show", "--format=%s", commit], cwd=project.root, capture_output=True, text=True
    ).stdout
    assert shown.splitlines()[0].endswith("1 files (1 modified; +1 -0 lines)")
    assert f"+ {ROGUE}" in shown and "configs/hq-access-1.cfg" in shown
    assert "configs/hq-core-1.cfg" not in shown

    code, third = drift(project, capsys)  # nothing changed since: same verdict, no commit
    assert code == 2 and third == second and tip(project.root) == commit


def _describe(project: Project, host: str, old: str, new: str, message: str) -> None:
    """A merge: an inventory change, rendered golden configs, committed."""
    hosts = project.inventory_dir / "hosts.yaml"
    text = hosts.read_text()
    assert old in text
    hosts.write_text(text.replace(old, new, 1))
    assert main(["--project", str(project.root), "render", "--limit", host]) == 0
    commit_all(project.root, message)


def _apply(project: Project, host: str, change: str) -> None:
    """What apply does, through the real driver: push the golden config, record the outcome."""
    inventory = load_inventory(project)
    endpoints = require_state(project).endpoints
    nr = make_nornir(inventory, [host], endpoints=endpoints, workers=1)
    golden = project.golden_path(host).read_text()
    pushed = nr.run(task=napalm_configure, configuration=golden, replace=True)
    assert not pushed.failed, pushed[host].exception
    got = nr.run(
        task=napalm_get, getters=["config"], getters_options={"config": {"retrieve": "running"}}
    )
    nr.close_connections()
    running = redact(got[host][0].result["config"]["running"], "eos")
    when = dt.datetime.now(dt.UTC)
    result = HostResult(
        platform="eos",
        outcome=Outcome.APPLIED,
        intended_sha256=sha256(intended_form(golden, "eos")),  # as apply records it
        running_after=sha256(running),
    )
    report = ApplyReport(change_id=change, started=when, finished=when, hosts={host: result})
    record = AuditRecord(who=Identity(user="ci"), report=report)
    files = {record_path(report): to_json(record, [])}
    gitrepo.commit_files(project.root, "audit", files, title=f"audit {change}")


def test_pending_and_drifted_told_apart_before_and_after_an_apply(
    drift_lab: tuple[Project, Lab], capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = drift_lab
    old, new = '"dc-tor-1 ethernet1/1/49"', '"dc-tor-1 e1/1/49 (CHG0000042)"'
    _describe(project, "dc-leaf-1", old, new, "rewire dc-tor-1")  # merged, not applied
    code, merged = drift(project, capsys, "--no-backup")
    leaf = merged["hosts"]["dc-leaf-1"]
    assert code == 2 and statuses(merged)["dc-leaf-1"] == "pending"
    assert leaf["reason"].startswith("runs the golden config of commit ")
    assert any("CHG0000042" in line for line in leaf["remediation"])

    _apply(project, "dc-leaf-1", "CHG0000042")
    code, applied = drift(project, capsys, "--no-backup")
    assert code == 0 and set(statuses(applied).values()) == {"in-sync"}

    _describe(project, "dc-leaf-1", new, '"dc-tor-1 e1/1/49 (CHG0000043)"', "relabel")
    code, again = drift(project, capsys, "--no-backup")
    assert statuses(again)["dc-leaf-1"] == "pending"
    assert again["hosts"]["dc-leaf-1"]["reason"].startswith(
        "golden config changed since the apply of CHG0000042 at "
    )

    address, port = drift_lab[1].address("dc-leaf-1")
    eapi = pyeapi.connect(
        transport="https", host=address, port=port, username="netops", password="bluewire-lab"
    )
    node = pyeapi.client.Node(eapi)
    node.config(["interface Ethernet1", "description patched at the console"])
    code, drifted = drift(project, capsys, "--no-backup")
    leaf = drifted["hosts"]["dc-leaf-1"]
    errors = {h: v["error"] for h, v in drifted["hosts"].items() if v["error"]}
    assert code == 2 and leaf["status"] == "drifted", errors
    assert leaf["reason"].startswith("changed on the device since the apply of CHG0000042 at ")
    # the record's golden hash is not today's golden config (CHG0000043 since): said too
    assert leaf["reason"].endswith("; the golden config changed since too")
    assert "-   description patched at the console" in leaf["diff"]


def test_unreachable_and_auth_failure_are_errors(
    drift_lab: tuple[Project, Lab], capsys: pytest.CaptureFixture[str]
) -> None:
    project, lab = drift_lab
    _point_at_a_closed_port(project, "edge-fw-1")  # nothing listens: connection refused
    lab.device("hq-core-1").faults.unreachable = True  # the socket closes at accept
    lab.device("d3-access-1").faults.refuse_login = True
    before = tip(project.root)
    code, report = drift(project, capsys)
    assert code == 1
    assert statuses(report) == {
        "edge-fw-1": "unreachable",
        "hq-core-1": "unreachable",
        "d3-access-1": "auth-failed",
        "hq-access-1": "in-sync",
        "dc-leaf-1": "in-sync",
    }
    assert report["hosts"]["d3-access-1"]["error"].startswith("authentication failed")
    assert before == ""  # first run: the backup holds the two hosts that could be read
    assert gitrepo.list_files(project.root, "backups") == [
        "configs/dc-leaf-1.cfg",
        "configs/hq-access-1.cfg",
    ]
    args = ["--project", str(project.root), "--lab", "drift", "--no-backup", "--format", "junit"]
    code = main([*args, "--limit", "d3-access-1", "--limit", "dc-leaf-1"])
    junit = capsys.readouterr().out
    assert code == 1  # as JUnit: an error, not a failure
    wire = [(w.session, w.kind, w.text[:40]) for w in lab.device("d3-access-1").wire]
    assert 'failures="0" errors="1"' in junit and 'type="auth-failed"' in junit, wire


def _point_at_a_closed_port(project: Project, host: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = state_path(project)
    state = json.loads(path.read_text())
    state["endpoints"][host]["port"] = port
    path.write_text(json.dumps(state))


def test_unapproved_os_is_reported(
    drift_lab: tuple[Project, Lab], capsys: pytest.CaptureFixture[str]
) -> None:
    project, lab = drift_lab
    lab.device("hq-core-1").os_version = "17.3.1"
    code, report = drift(project, capsys, "--no-backup")
    assert code == 2
    core = report["hosts"]["hq-core-1"]
    assert core["status"] == "in-sync" and core["os_version"] == "17.3.1"
    assert [f["kind"] for f in core["software"]] == ["unapproved"]
    assert core["software"][0]["message"].startswith("unapproved OS 17.3.1 on ios C9500-24Y4C")
    assert all(report["hosts"][h]["software"] == [] for h in HOSTS if h != "hq-core-1")
    assert report["hosts"]["dc-leaf-1"]["os_version"] == "4.31.2F"


def test_three_shards_merged_are_one_run_byte_for_byte(
    full_lab: tuple[Project, Lab],
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    project, lab = full_lab
    netmiko_config(lab, "hq-access-1", ["interface GigabitEthernet1/0/5", ROGUE])
    lab.device("edge-fw-1").os_version = "21.2R1"
    lab.device("d4-access-1").faults.refuse_login = True
    tmp = tmp_path_factory.mktemp("shards")  # outside the project: its checkout stays clean
    shards = tmp / "shards"
    shutil.copytree(project.root, shards)  # the same commit and lab; backups of its own
    remote = tmp / "remote.git"
    git(tmp, "init", "-q", "--bare", str(remote))
    git(shards, "remote", "add", "origin", str(remote))
    out = tmp / "out"
    one = ["--project", str(project.root), "--lab", "drift", "--output", f"{out}/one.json"]
    assert main(one) == 1  # the refused login beats the drift
    parts = [f"{out}/shard-{k}.json" for k in (1, 2, 3)]
    for k, part in enumerate(parts, 1):
        args = ["--project", str(shards), "--lab", "drift", "--shard", f"{k}/3", "--output", part]
        assert main(args) in (0, 1, 2)
    capsys.readouterr()
    assert main(["--project", str(shards), "report", "merge", *parts, "--format", "json"]) == 1
    merged, errors = capsys.readouterr()
    assert errors == "" and merged == (out / "one.json").read_text()
    report = json.loads(merged)
    assert statuses(report)["hq-access-1"] == "drifted"
    assert report["hosts"]["edge-fw-1"]["software"][0]["kind"] == "unapproved"
    sizes = [len(json.loads(Path(p).read_text())["hosts"]) for p in parts]
    assert sum(sizes) == 24 and all(sizes)
    pushed = gitrepo.list_files(remote, "backups")
    assert len(pushed) == 23  # every host but the one that refused the login
    commits = subprocess.run(
        ["git", "rev-list", "--count", "backups"], cwd=remote, capture_output=True, text=True
    )
    assert commits.stdout.strip() == "3"  # one per shard, none conflicting


CANARY = "Cnry9f2eQ"


def test_no_secret_reaches_backups_reports_or_logs(
    drift_lab: tuple[Project, Lab],
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Secrets on the device (masked by rule) and known secret values (masked by value)."""
    project, lab = drift_lab
    monkeypatch.setenv("BLUEWIRE_SECRET_SNMP_LOCATION_CANARY", f"{CANARY}-loc")
    netmiko_config(
        lab,
        "hq-access-1",
        [
            f"snmp-server community {CANARY}-community RO",
            f"username rogue privilege 15 secret 5 {CANARY}-hash",
            f"snmp-server location {CANARY}-loc",
        ],
    )
    lab.device("d3-access-1").faults.refuse_login = True
    folder = tmp_path_factory.mktemp("out")
    outputs = [folder / f"drift.{ext}" for ext in ("json", "md", "html", "xml", "txt")]
    logs = tmp_path_factory.mktemp("logs")
    monkeypatch.setenv("BLUEWIRE_LOG_DIR", str(logs))
    args = ["--project", str(project.root), "--lab", "drift", *(f"--limit={h}" for h in HOSTS)]
    for path in outputs:
        args += ["--output", str(path)]
    assert main(args) == 1
    captured = capsys.readouterr()
    texts = {str(p): p.read_text() for p in outputs}
    texts |= {"stdout": captured.out, "stderr": captured.err}
    texts |= {str(p): p.read_text() for p in logs.rglob("*") if p.is_file()}
    objects = subprocess.run(
        ["git", "rev-list", "--objects", "--all"], cwd=project.root, capture_output=True, text=True
    ).stdout.split()
    for sha in (o for o in objects if len(o) == 40):
        blob = subprocess.run(["git", "cat-file", "-p", sha], cwd=project.root, capture_output=True)
        texts[sha] = blob.stdout.decode("utf-8", "replace")
    assert "snmp-server community %%SECRET%% RO" in (
        gitrepo.read_file(project.root, "backups", "configs/hq-access-1.cfg") or ""
    )
    assert [name for name, text in texts.items() if CANARY in text] == []


def test_compliance_on_what_runs_calls_out_violations_made_on_the_device(
    drift_lab: tuple[Project, Lab], capsys: pytest.CaptureFixture[str]
) -> None:
    project, lab = drift_lab
    gone = ["no ntp server 10.250.0.11 key 10 prefer", "no ntp server 10.250.0.12 key 10"]
    netmiko_config(lab, "hq-access-1", gone)  # no time source left: SEC-NTP-2
    code, report = drift(project, capsys, "--no-backup")
    access = report["hosts"]["hq-access-1"]
    assert code == 2 and report["profile"] == "cjis"
    assert [(v["rule"], v["running_only"]) for v in access["violations"]] == [("SEC-NTP-2", True)]
    assert all(report["hosts"][h]["violations"] == [] for h in HOSTS if h != "hq-access-1")
    # the compliance command reads the devices the same way, and scores what runs
    args = ["--project", str(project.root), "--lab", "compliance", "--target", "running"]
    code = main([*args, *(f"--limit={h}" for h in HOSTS), "--format", "json"])
    scored = json.loads(capsys.readouterr().out)
    assert code == 2
    failed = [
        (host, r["rule"])
        for host, entry in scored["hosts"].items()
        for r in entry["results"]
        if r["status"] == "fail"
    ]
    assert failed == [("hq-access-1", "SEC-NTP-2")]


def test_bad_input_touches_no_device(
    drift_lab: tuple[Project, Lab], capsys: pytest.CaptureFixture[str]
) -> None:
    project, lab = drift_lab
    policy = project.software_policy
    policy.write_text(
        policy.read_text().replace("end_of_support: 2028-10-31", "end_of_support: soon")
    )
    args = ["--project", str(project.root), "--lab", "drift", *(f"--limit={h}" for h in HOSTS)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "inventory/policy/software.yaml:" in err and "end_of_support" in err
    assert main([*args, "--shard", "4/3"]) == 1
    assert "--shard 4/3: K must be between 1 and N (3)" in capsys.readouterr().err
    assert all(lab.device(h).wire == [] for h in HOSTS)
    assert tip(project.root) == ""
