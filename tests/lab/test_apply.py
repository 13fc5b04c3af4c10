"""`bluewire apply` / `restore` end to end through the real NAPALM drivers against the lab.

Every test ends by reading each device back with an independent client (netmiko, pyeapi,
ncclient) and checking it is on its old config or its new one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bluewire.project import Project
from tests.lab.apply_support import OPEN_POLICY, Net, network, outcomes

pytestmark = pytest.mark.lab

FOUR = ["hq-core-1", "dc-leaf-1", "edge-fw-1", "d3-access-1"]
EDITS = {
    "hq-core-1": ('"hq-access-1 Te1/1/1"', '"hq-access-1 Te1/1/1 CHG0001234"'),
    "dc-leaf-1": ('"dc-tor-1 ethernet1/1/49"', '"dc-tor-1 e1/1/49 CHG0001234"'),
    "edge-fw-1": ('"ISP-A circuit 77-1234"', '"ISP-A circuit 77-1234 CHG0001234"'),
    "d3-access-1": ('"district WAN router"', '"district WAN router CHG0001234"'),
    "hq-core-2": ('"hq-access-1 Te1/1/2"', '"hq-access-1 Te1/1/2 CHG0001234"'),
    "edge-fw-2": ('"ISP-B circuit 88-5678"', '"ISP-B circuit 88-5678 CHG0001234"'),
}


@pytest.fixture
def net(example_project: Project, tmp_path: Path) -> Iterator[Net]:
    with network(example_project, tmp_path, FOUR) as n:
        yield n


def change(net: Net, hosts: list[str]) -> None:
    for host in hosts:
        net.edit(host, *EDITS[host])
    net.commit()


def test_apply_on_all_four_platforms_then_nothing_to_do_then_restore(net: Net) -> None:
    before = {h: net.running(h) for h in FOUR}
    initial = git_head(net)
    change(net, FOUR)
    code, plan = net.plan()
    assert code == 2
    code, report = net.apply(plan, "--allow-reload-revert", "--confirm-timeout", "10")
    assert code == 0, report
    assert outcomes(report) == {h: "applied" for h in FOUR}
    hosts = report["hosts"]
    assert isinstance(hosts, dict)
    assert {hosts[h]["stage"] for h in FOUR} == {"canary"}  # one canary per platform
    assert hosts["d3-access-1"]["revert"] == "reload"
    for host in FOUR:
        now = net.running(host)
        assert "CHG0001234" in now and now != before[host], host
        checks = {c["name"]: c["passed"] for c in hosts[host]["checks"]}
        assert checks["fresh session"] and checks["running matches intended"], host
    assert net.run("plan", "--no-comment", *limits(net)) == 0  # nothing left to do
    junos = [w.text for w in net.lab.device("edge-fw-1").wire if "<confirm-timeout>10<" in w.text]
    assert junos and all("<log>bluewire-CHG0001234-" in text for text in junos)  # commit comment
    eos = [w.text for w in net.lab.device("dc-leaf-1").wire if "commit timer 00:10:00" in w.text]
    assert eos and all("configure session bluewire-CHG0001234-" in text for text in eos)
    args = ["restore", "hq-core-1", "dc-leaf-1", "--at", initial, "--change-id", "CHG0001235"]
    code = net.run(*args, "--yes")
    assert code == 0
    assert net.running("hq-core-1") == before["hq-core-1"]
    assert net.running("dc-leaf-1") == before["dc-leaf-1"]
    assert "CHG0001234" in net.running("edge-fw-1")  # not restored: untouched


def limits(net: Net) -> list[str]:
    return [a for h in net.hosts for a in ("--limit", h)]


def git_head(net: Net) -> str:
    import subprocess

    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=net.project.root, capture_output=True, text=True
    ).stdout.strip()


def test_device_changed_since_the_plan_is_stale_and_untouched(net: Net) -> None:
    change(net, ["hq-core-1", "dc-leaf-1"])
    _, plan = net.plan()
    device = net.lab.device("hq-core-1")
    device.set_running(device.grammar.merge(device.running, ["ip domain lookup"]))
    behind_our_back = net.running("hq-core-1")
    code, report = net.apply(plan, "--canary", "0")
    assert code == 1
    assert outcomes(report) == {"hq-core-1": "stale", "dc-leaf-1": "applied"}
    assert "re-plan" in report["hosts"]["hq-core-1"]["message"]  # type: ignore[index]
    assert net.commits_on("hq-core-1") == []
    assert net.running("hq-core-1") == behind_our_back


def test_an_edited_plan_file_is_refused_before_any_device_is_touched(net: Net) -> None:
    change(net, ["hq-core-1"])
    _, plan = net.plan()
    data = json.loads(plan.read_text())
    data["hosts"]["hq-core-1"]["remediation"].append("username evil privilege 15 secret x")
    plan.write_text(json.dumps(data))
    before = net.running("hq-core-1")
    wire = {h: len(net.lab.device(h).wire) for h in FOUR}
    code, report = net.apply(plan)
    assert code == 1 and report == {}
    for host, seen in wire.items():  # no session was opened to any device
        assert [w for w in net.lab.device(host).wire[seen:] if w.kind == "login"] == [], host
    assert net.running("hq-core-1") == before


def test_a_plan_from_another_commit_touching_its_hosts_is_refused(net: Net) -> None:
    change(net, ["hq-core-1"])
    _, plan = net.plan()
    net.edit("hq-core-1", "CHG0001234", "CHG0001234 again")
    net.commit("later")
    code, report = net.apply(plan)
    assert code == 1 and report == {}
    assert net.commits_on("hq-core-1") == []


def closed_policy() -> str:
    """A window on a weekday that is not today (UTC), so it is closed now."""
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[
        (dt.datetime.now(dt.UTC).weekday() + 3) % 7
    ]
    return OPEN_POLICY.replace("[mon, tue, wed, thu, fri, sat, sun]", f"[{day}]")


def test_outside_the_window_is_refused_unless_emergency(
    example_project: Project, tmp_path: Path
) -> None:
    with network(example_project, tmp_path, ["hq-core-1"], closed_policy()) as net:
        change(net, ["hq-core-1"])
        _, plan = net.plan()
        before = net.running("hq-core-1")
        code, report = net.apply(plan)
        assert code == 1
        assert outcomes(report) == {"hq-core-1": "refused"}
        assert "outside the maintenance window" in report["hosts"]["hq-core-1"]["message"]  # type: ignore[index]
        assert net.commits_on("hq-core-1") == [] and net.running("hq-core-1") == before
        code, report = net.apply(plan, "--emergency", "--reason", "uplink flapping")
        assert code == 0 and outcomes(report) == {"hq-core-1": "applied"}
        assert report["emergency_reason"] == "uplink flapping"
        assert "CHG0001234" in net.running("hq-core-1")


def test_dry_run_checks_everything_and_commits_nothing(net: Net) -> None:
    change(net, ["hq-core-1", "edge-fw-1"])
    _, plan = net.plan()
    before = {h: net.running(h) for h in ("hq-core-1", "edge-fw-1")}
    code, report = net.apply(plan, "--dry-run")
    assert code == 0
    assert outcomes(report) == {"hq-core-1": "dry-run", "edge-fw-1": "dry-run"}
    for host, text in before.items():
        assert net.commits_on(host) == [] and net.running(host) == text


def test_os10_is_refused_without_consent_to_reload(net: Net) -> None:
    change(net, ["d3-access-1"])
    _, plan = net.plan()
    before = net.running("d3-access-1")
    code, report = net.apply(plan)
    assert code == 1
    assert outcomes(report) == {"d3-access-1": "refused"}
    assert "reload in N" in report["hosts"]["d3-access-1"]["message"]  # type: ignore[index]
    assert net.commits_on("d3-access-1") == [] and net.running("d3-access-1") == before


def test_ha_peers_are_never_in_one_stage_nor_unconfirmed_together(
    example_project: Project, tmp_path: Path
) -> None:
    pairs = ["hq-core-1", "hq-core-2", "edge-fw-1", "edge-fw-2"]
    with network(example_project, tmp_path, pairs) as net:
        change(net, pairs)
        _, plan = net.plan()
        code, report = net.apply(plan, "--canary", "0", "--batch-size", "10")
        assert code == 0, report
        stages = report["stages"]
        assert isinstance(stages, list) and len(stages) == 2
        for stage in stages:
            assert not {"hq-core-1", "hq-core-2"} <= set(stage)
            assert not {"edge-fw-1", "edge-fw-2"} <= set(stage)
        for a, b in (("hq-core-1", "hq-core-2"), ("edge-fw-1", "edge-fw-2")):
            first, second = sorted((a, b), key=lambda h: _first_commit(net, h))
            assert _last_confirm(net, first) < _first_commit(net, second)
            assert "CHG0001234" in net.running(a) and "CHG0001234" in net.running(b)


def _first_commit(net: Net, host: str) -> float:
    """When the commit with a revert timer reached the device (IOS replace, Junos confirmed)."""
    marks = ("timer", "<confirmed")
    return min(w.at for w in net.lab.device(host).wire if any(m in w.text for m in marks))


def _last_confirm(net: Net, host: str) -> float:
    marks = ("configure confirm", "<commit-configuration />")
    return max(w.at for w in net.lab.device(host).wire if any(m == w.text.strip() for m in marks))


def test_audit_record_is_committed_to_the_audit_branch(net: Net) -> None:
    change(net, ["hq-core-1"])
    _, plan = net.plan()
    status = git_status(net)
    assert net.apply(plan)[0] == 0
    import subprocess

    files = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "audit"],
        cwd=net.project.root,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert (
        len(files) == 1
        and files[0].startswith("audit/")
        and files[0].endswith("-CHG0001234-apply.json")
    )
    record = json.loads(
        subprocess.run(
            ["git", "show", f"audit:{files[0]}"],
            cwd=net.project.root,
            capture_output=True,
            text=True,
        ).stdout
    )
    assert record["who"]["user"] == "Lab Tester"
    host = record["report"]["hosts"]["hq-core-1"]
    assert host["outcome"] == "applied"
    # drift's baseline: the golden config's hash as the plan has it, the running config after
    planned = json.loads(plan.read_text())["hosts"]["hq-core-1"]
    assert host["intended_sha256"] == planned["intended_sha256"]
    assert host["running_before"] == planned["running_sha256"] != host["running_after"] != ""
    assert record["report"]["plan_digest"] == json.loads(plan.read_text())["digest"]
    assert git_status(net) == status  # the working tree and index were not touched
    assert (net.project.state_dir / files[0]).is_file()  # the CI artifact copy


def git_status(net: Net) -> str:
    import subprocess

    return subprocess.run(
        ["git", "status", "--porcelain", "--ignored"],
        cwd=net.project.root,
        capture_output=True,
        text=True,
    ).stdout


def test_a_signed_plan_is_applied_only_with_its_key(
    net: Net, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BLUEWIRE_PLAN_KEY", "k" * 40)
    change(net, ["hq-core-1"])
    _, plan = net.plan()
    assert json.loads(plan.read_text())["digest"].startswith("hmac-sha256:")
    before = net.running("hq-core-1")
    monkeypatch.setenv("BLUEWIRE_PLAN_KEY", "x" * 40)
    assert net.apply(plan) == (1, {}) and "signed with another key" in net.err
    monkeypatch.delenv("BLUEWIRE_PLAN_KEY")
    assert net.apply(plan) == (1, {}) and "the plan is signed" in net.err
    assert net.commits_on("hq-core-1") == [] and net.running("hq-core-1") == before
    monkeypatch.setenv("BLUEWIRE_PLAN_KEY", "k" * 40)
    code, report = net.apply(plan)
    assert code == 0 and outcomes(report) == {"hq-core-1": "applied"}
