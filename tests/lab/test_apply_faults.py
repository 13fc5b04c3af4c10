"""apply under fault injection on the lab: every test ends with each device verifiably on its old
config or its new one, read back with an independent client."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bluewire.apply.gitlock import GitLock
from bluewire.apply.lock import new_lock
from bluewire.apply.rollout import plan_stages
from bluewire.lab.device import Device
from bluewire.lab.faults import Faults
from bluewire.plan.model import read_plan
from bluewire.project import Project
from tests.lab.apply_support import CHANGE, Net, network, outcomes
from tests.lab.conformance import wait_for

pytestmark = pytest.mark.lab


@pytest.fixture
def pair(example_project: Project, tmp_path: Path) -> Iterator[Net]:
    """dc-leaf-1 (EOS) and cjis-fw-1 (Junos): one real eBGP session between them."""
    with network(example_project, tmp_path, ["dc-leaf-1", "cjis-fw-1", "hq-core-1"]) as n:
        yield n


def describe_change(net: Net, host: str) -> None:
    old = {
        "dc-leaf-1": '"dc-tor-1 ethernet1/1/49"',
        "cjis-fw-1": '"State CJIS network (CSA) circuit"',
        "hq-core-1": '"hq-access-1 Te1/1/1"',
    }[host]
    net.edit(host, old, old[:-1] + f' {CHANGE}"')


def planned_change(net: Net, *hosts: str) -> Path:
    """The change id added to each of `hosts`' descriptions, committed and planned: the plan."""
    for host in hosts:
        describe_change(net, host)
    net.commit()
    return net.plan()[1]


def test_commit_rejected_fails_the_host_and_leaves_it_unchanged(pair: Net) -> None:
    plan = planned_change(pair, "hq-core-1", "cjis-fw-1")
    before = pair.running("cjis-fw-1")
    pair.lab.device("cjis-fw-1").faults.reject_commit = "error: configuration check-out failed"
    code, report = pair.apply(plan, "--canary", "0")
    assert code == 1
    assert (
        outcomes(report) == {"cjis-fw-1": "failed", "hq-core-1": "applied"}
        or outcomes(report)["cjis-fw-1"] == "failed"
    )
    message = report["hosts"]["cjis-fw-1"]["message"]  # type: ignore[index]
    assert "rejected" in message and "verified back on its old config" in message
    assert pair.running("cjis-fw-1") == before
    assert pair.lab.device("cjis-fw-1").pending is None


def test_bgp_session_lost_after_commit_is_rolled_back_and_verified(pair: Net) -> None:
    # dc-leaf-1 expects cjis-fw-1 in AS 65020; saying 65021 drops the session on both ends
    pair.edit("dc-leaf-1", "remote_as: 65020", "remote_as: 65021")
    pair.commit()
    _, plan = pair.plan()
    before = pair.running("dc-leaf-1")
    code, report = pair.apply(plan)
    assert code == 1
    assert outcomes(report) == {"dc-leaf-1": "rolled-back"}
    host = report["hosts"]["dc-leaf-1"]  # type: ignore[index]
    failed = [c for c in host["checks"] if not c["passed"]]
    assert [c["name"] for c in failed] == ["bgp established"]
    assert "10.0.1.1 is no longer established" in failed[0]["detail"]
    assert "verified back on its old config" in host["message"]
    assert pair.running("dc-leaf-1") == before
    assert pair.lab.device("dc-leaf-1").pending is None


def apply_with_fault(pair: Net, attr: str, value: object, timer_min: str) -> dict[str, object]:
    """Change hq-core-1, plan, apply with `faults.<attr> = value` set on it; the device must end
    on its old config, rolled back (verified); the report is returned."""
    plan = planned_change(pair, "hq-core-1")
    before = pair.running("hq-core-1")
    faults = pair.lab.device("hq-core-1").faults
    setattr(faults, attr, value)
    code, report = pair.apply(plan, "--confirm-timeout", timer_min)
    setattr(faults, attr, type(faults)().__dict__[attr])
    assert code == 1
    assert outcomes(report) == {"hq-core-1": "rolled-back"}
    assert pair.running("hq-core-1") == before
    assert pair.lab.device("hq-core-1").pending is None
    return report


@pytest.mark.parametrize("step", ["commit", "confirm"])
def test_session_dropped_at_commit_or_confirm_is_left_to_the_device_timer(
    pair: Net, step: str
) -> None:
    report = apply_with_fault(pair, "drop_at", step, "3")
    message = report["hosts"]["hq-core-1"]["message"]  # type: ignore[index]
    # the session is gone: the device's own timer undoes the change, and apply verifies it (had
    # the checks outlasted the timer on a loaded machine, apply finds it already reverted)
    assert ("revert timer" in message and "(verified)" in message) or "verified back" in message


def test_a_forgotten_confirm_is_noticed_and_settled(pair: Net) -> None:
    report = apply_with_fault(pair, "forget_confirm", True, "1")
    assert "verified" in report["hosts"]["hq-core-1"]["message"]  # type: ignore[index]


def bluewire(net: Net, *args: str) -> subprocess.Popen[str]:
    code = "import sys; from bluewire.cli.main import main; sys.exit(main())"
    cmd = [sys.executable, "-c", code, "--project", str(net.project.root), "--lab", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def after_change(device: Device, attr: str, value: object) -> Callable[[], None]:
    """From the next config change on, `device.faults.<attr>` is `value`; returns what turns it
    off again."""

    def inject(changed: Device) -> None:
        setattr(changed.faults, attr, value)

    def clear() -> None:
        device.on_change.remove(inject)
        setattr(device.faults, attr, getattr(Faults(), attr))

    device.on_change.append(inject)
    return clear


def slow_after_commit(device: Device, latency_s: float = 30.0) -> Callable[[], None]:
    """From the next config change on, every exchange is answered `latency_s` lab seconds later;
    returns what turns that off again."""
    return after_change(device, "latency_s", latency_s)


@pytest.mark.parametrize("host", ["hq-core-1", "cjis-fw-1"])
def test_a_change_that_locks_out_new_logins_is_rolled_back_on_the_first_session(
    pair: Net, host: str
) -> None:
    """The post-check's fresh login is real: a commit after which the device refuses new logins
    (a management lockout) is rolled back on the session that committed, and verified."""
    plan = planned_change(pair, host)
    before = pair.running(host)
    let_in = after_change(pair.lab.device(host), "refuse_login", True)
    try:
        code, report = pair.apply(plan)
    finally:
        let_in()
    assert code == 1
    assert outcomes(report) == {host: "rolled-back"}
    result = report["hosts"][host]  # type: ignore[index]
    assert [c["name"] for c in result["checks"] if not c["passed"]] == ["fresh session"]
    assert "a new session cannot log in" in result["message"]
    assert "verified back on its old config" in result["message"]
    assert pair.running(host) == before
    assert pair.lab.device(host).pending is None


def apply_args(plan: Path, *extra: str) -> list[str]:
    return ["apply", "--plan", str(plan), "--change-id", CHANGE, "--yes", *extra]


def test_apply_killed_after_commit_before_confirm_reverts_by_itself(pair: Net) -> None:
    plan = planned_change(pair, "hq-core-1")
    before = pair.running("hq-core-1")
    device = pair.lab.device("hq-core-1")
    fast = slow_after_commit(device)  # post-checks take a while: time to kill it before confirm
    proc = bluewire(pair, *apply_args(plan, "--confirm-timeout", "1"))
    assert wait_for(lambda: device.pending is not None, timeout=120), proc.stderr
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    fast()
    assert wait_for(lambda: device.pending is None, timeout=30)
    assert pair.running("hq-core-1") == before
    assert not any("configure confirm" in w.text for w in device.wire)


def test_second_apply_while_one_runs_is_refused_naming_the_holder(
    pair: Net,
) -> None:
    plan = planned_change(pair, "hq-core-1")
    device = pair.lab.device("hq-core-1")
    fast = slow_after_commit(device)  # the first apply is busy with post-checks for a while
    # a revert timer (60 s at the lab's 60x) that outlasts the second run's start on a loaded box:
    # the first run stays slow until the second one has been refused
    first = bluewire(pair, *apply_args(plan, "--confirm-timeout", "60"))
    locks = pair.project.root / ".git" / "refs" / "bluewire" / "locks"
    assert wait_for(lambda: (locks / "hq-core-1").exists() or _packed_lock(pair), timeout=120)
    # the first run commits, then is slow in its post-checks: only then is the count stable
    assert wait_for(lambda: len(pair.commits_on("hq-core-1")) == 1, timeout=120)
    commits = 1
    code, report = pair.apply(plan)
    err = pair.err
    assert code == 1 and report == {}
    assert "hq-core-1 is locked by Lab Tester@" in err and "CHG0001234" in err
    assert len(pair.commits_on("hq-core-1")) == commits  # the second run touched nothing
    fast()
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert CHANGE in pair.running("hq-core-1")


def test_locks_broken_during_a_stage_stop_the_rollout_before_the_next_one(pair: Net) -> None:
    plan = planned_change(pair, "hq-core-1", "cjis-fw-1")
    before = pair.running("cjis-fw-1")
    device = pair.lab.device("hq-core-1")
    fast = slow_after_commit(device)  # the canary is busy with its post-checks for a while
    out = pair.tmp / "broken-locks.json"
    proc = bluewire(pair, *apply_args(plan, "--canary", "hq-core-1", "--output", str(out)))
    assert wait_for(lambda: device.pending is not None, timeout=120), proc.stderr
    now = dt.datetime.now(dt.UTC)
    mallory = [
        new_lock(h, "mallory@elsewhere", "CHG0009999", "run-x", now, dt.timedelta(hours=1))
        for h in ("hq-core-1", "cjis-fw-1")
    ]
    GitLock(pair.project.root).acquire(mallory, now, break_lock=True)
    fast()
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err
    report = json.loads(out.read_text())
    assert outcomes(report) == {"hq-core-1": "applied", "cjis-fw-1": "not-attempted"}
    stopped = report["stopped"]
    assert stopped.startswith("the device locks could not be renewed before batch 1")
    assert "cjis-fw-1 is locked by mallory@elsewhere" in stopped
    assert report["hosts"]["cjis-fw-1"]["message"] == f"rollout stopped: {stopped}"
    assert "were broken by someone else meanwhile" in err
    assert pair.commits_on("cjis-fw-1") == []  # never touched after the locks were lost
    assert pair.running("cjis-fw-1") == before
    assert {
        h: r.holder
        for h, r in GitLock(pair.project.root).holders(["hq-core-1", "cjis-fw-1"]).items()
        if r
    } == {
        "hq-core-1": "mallory@elsewhere",
        "cjis-fw-1": "mallory@elsewhere",
    }  # the release left mallory's locks alone


def _packed_lock(net: Net) -> bool:
    packed = net.project.root / ".git" / "packed-refs"
    return packed.exists() and "refs/bluewire/locks/hq-core-1" in packed.read_text()


def test_unreachable_hosts_beyond_the_threshold_stop_the_rollout(
    example_project: Project, tmp_path: Path
) -> None:
    hosts = ["hq-access-1", "hq-access-2", "hq-cam-agg-1", "disp-access-1", "disp-access-2"]
    with network(example_project, tmp_path, hosts) as net:
        for site in ("HQ, 100 Civic Center Plaza, MDF", "911 Emergency Communications Center"):
            groups = net.project.inventory_dir / "groups.yaml"
            groups.write_text(groups.read_text().replace(site, f"{site} {CHANGE}", 1))
        net.commit()
        _, plan = net.plan()
        stages = plan_stages(read_plan(plan).hosts, [], 2, {})
        assert [len(s.hosts) for s in stages] == [2, 2, 1]
        before = {h: net.running(h) for h in hosts}
        for host in stages[1].hosts:
            net.lab.device(host).faults.unreachable = True
        code, report = net.apply(plan, "--canary", "0", "--batch-size", "2", "--max-failures", "1")
        for host in stages[1].hosts:
            net.lab.device(host).faults.unreachable = False
        assert code == 1
        expected = {h: "applied" for h in stages[0].hosts}
        expected |= {h: "failed" for h in stages[1].hosts}
        expected |= {h: "not-attempted" for h in stages[2].hosts}
        assert outcomes(report) == expected
        assert report["stopped"] == "2 failure(s) exceed --max-failures 1"
        for host in hosts:
            now = net.running(host)
            assert (CHANGE in now) is (host in stages[0].hosts), host
            if host not in stages[0].hosts:
                assert now == before[host]
                assert net.commits_on(host) == []


CANARIES = {
    "tacacs_key": "CanaryTacacs-7f3a9b2c11",
    "ntp_key": "CanaryNtp-4d5e6f708192",
    "ospf_key": "CanaryOspf-a1b2c3d4e5f6",
    "bgp_cjis": "CanaryBgp-0a9b8c7d6e5f",
    "bgp_csa": "CanaryCsa-5f6e7d8c9b0a",
}


@pytest.mark.parametrize("canary", [[], ["--canary", "cjis-fw-1"]], ids=["canaries", "read-ahead"])
def test_secrets_reach_the_device_but_no_artifact_log_or_git_object(
    pair: Net, monkeypatch: pytest.MonkeyPatch, canary: list[str]
) -> None:
    """By default both hosts are canaries; with cjis-fw-1 the only canary, hq-core-1's candidate
    (secrets substituted) is staged on its flash while the canary runs, and waits there."""
    for name, value in CANARIES.items():
        monkeypatch.setenv(f"BLUEWIRE_SECRET_{name.upper()}", value)
    plan = planned_change(pair, "hq-core-1", "cjis-fw-1")
    outputs = [pair.tmp / f"report.{ext}" for ext in ("json", "xml", "md", "html", "txt")]
    code, report = pair.apply(plan, *canary, *[a for o in outputs for a in ("--output", str(o))])
    assert code == 0, report
    assert ("reading and staging (no commit): hq-core-1" in pair.err) is bool(canary)
    on_devices = pair.running("hq-core-1") + pair.running("cjis-fw-1")
    assert any(v in on_devices for v in CANARIES.values())  # the push carried real values
    flash = b"".join(pair.lab.device("hq-core-1").files.values())  # no candidate file left behind
    assert not any(v.encode() in flash for v in CANARIES.values())
    texts = [pair.out, pair.err, plan.read_text()]
    texts += [o.read_text() for o in outputs]
    texts += [  # caches included; compiled templates are bytes
        p.read_bytes().decode("utf-8", "replace")
        for p in (pair.project.state_dir).rglob("*")
        if p.is_file() and "lab" not in p.parts
    ]
    texts.append(_all_git_objects(pair.project.root))
    for value in CANARIES.values():
        assert all(value not in text for text in texts), value


def _all_git_objects(root: Path) -> str:
    out = subprocess.run(
        ["git", "cat-file", "--batch-all-objects", "--batch"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout
    return out.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("host", "target", "failed_check", "detail"),
    [
        ("hq-core-1", "TwentyFiveGigE1/0/2", "interfaces up", "TwentyFiveGigE1/0/2 went down"),
        ("disp-core-1", "Vlan300", "dispatch_svis_up", "dispatch SVI not up: Vlan300"),
    ],
)
def test_an_interface_down_after_the_commit_is_rolled_back_and_verified(
    example_project: Project, tmp_path: Path, host: str, target: str, failed_check: str, detail: str
) -> None:
    with network(example_project, tmp_path, [host]) as net:
        old = {"hq-core-1": '"hq-access-1 Te1/1/1"', "disp-core-1": '"disp-access-1 Te1/1/1"'}[host]
        net.edit(host, old, old[:-1] + f' {CHANGE}"')
        net.commit()
        _, plan = net.plan()
        before = net.running(host)
        net.lab.device(host).set_fault("failing-check", target)  # down once the change is in
        code, report = net.apply(plan)
        assert code == 1
        assert outcomes(report) == {host: "rolled-back"}
        checks = {c["name"]: c for c in report["hosts"][host]["checks"]}  # type: ignore[index]
        assert checks[failed_check]["passed"] is False
        assert detail in checks[failed_check]["detail"]
        assert net.running(host) == before
        assert net.lab.device(host).pending is None


def test_a_second_interrupt_leaves_committed_hosts_to_their_timers_and_still_audits(
    pair: Net,
) -> None:
    plan = planned_change(pair, "hq-core-1", "cjis-fw-1")
    before = {h: pair.running(h) for h in ("hq-core-1", "cjis-fw-1")}
    device = pair.lab.device("hq-core-1")
    fast = slow_after_commit(device)  # the canary is busy with its post-checks for a while
    out = pair.tmp / "twice.json"
    timer = ("--confirm-timeout", "30")  # 30 s at the lab's 60x: far longer than the exit takes
    args = apply_args(plan, "--canary", "hq-core-1", *timer, "--output", str(out))
    proc = bluewire(pair, *args)
    assert wait_for(lambda: device.pending is not None, timeout=120), proc.stderr
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    took = time.monotonic() - start
    fast()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "writing the report and the audit record" in err
    assert took < 25, f"{took:.1f} s: it waited instead of leaving the host to its timer"
    report = json.loads(out.read_text())
    assert report["interrupted"] is True
    assert outcomes(report) == {"hq-core-1": "reverting", "cjis-fw-1": "not-attempted"}
    assert "revert timer" in report["hosts"]["hq-core-1"]["message"]
    record = _audit_record(pair)
    assert record["report"]["hosts"] == report["hosts"] and record["report"]["interrupted"]
    locks = GitLock(pair.project.root).holders(["hq-core-1", "cjis-fw-1"])
    assert set(locks) == {"hq-core-1"}  # kept while its timer may still revert it
    # the device's own timer (or the rollback still in flight) brings it back; the other host
    # was never touched
    assert wait_for(lambda: device.pending is None, timeout=120)
    assert pair.running("hq-core-1") == before["hq-core-1"]
    assert pair.commits_on("cjis-fw-1") == []
    assert pair.running("cjis-fw-1") == before["cjis-fw-1"]


def _audit_record(net: Net) -> dict[str, Any]:
    """The one record on the audit branch (and its CI artifact copy beside the project)."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=net.project.root, capture_output=True, text=True)
        return done.stdout

    files = git("ls-tree", "-r", "--name-only", "audit").split()
    assert len(files) == 1 and (net.project.state_dir / files[0]).is_file()
    record: dict[str, Any] = json.loads(git("show", f"audit:{files[0]}"))
    return record
