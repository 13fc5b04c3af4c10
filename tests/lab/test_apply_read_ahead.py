"""Read ahead on the lab: a stage's hosts are read and staged while the stage before them runs.

What must hold (issue 10's promises, unchanged by reading ahead): nothing is committed before a
host's turn; a host whose running config changes after it was checked is `stale` and untouched;
a host whose turn never comes (the canary failed) has its staged candidate discarded and is
left exactly as it was. Each device is read back with an independent client.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bluewire.lab.device import Device
from bluewire.project import Project
from tests.lab.apply_support import CHANGE, Net, network, outcomes
from tests.lab.conformance import wait_for
from tests.lab.test_apply_faults import apply_args, bluewire, planned_change, slow_after_commit

pytestmark = pytest.mark.lab

# What each platform's driver sends when it stages a candidate, and when it lets it go.
STAGED = {
    "ios": "show archive config differences",
    "junos": "<load-configuration",
    "eos": "configure session bluewire-",
}
DISCARDED = {
    "ios": "delete /force flash:/candidate_config.txt",
    "junos": 'rollback="0"',  # PyEZ rollback(0): the candidate back to the running config
    "eos": " abort",
}


@pytest.fixture
def trio(example_project: Project, tmp_path: Path) -> Iterator[Net]:
    with network(example_project, tmp_path, ["dc-leaf-1", "cjis-fw-1", "hq-core-1"]) as n:
        yield n


def wire(net: Net, host: str) -> list[str]:
    return [w.text for w in net.lab.device(host).wire]


def staged(net: Net, host: str) -> bool:
    marker = STAGED[net.lab.device(host).platform]
    return any(marker in text for text in wire(net, host))


def while_read_ahead(
    net: Net, meanwhile: Callable[[Device], None]
) -> tuple[int, str, dict[str, Any]]:
    """Apply a change to cjis-fw-1 (the canary, slow in its post-checks) and hq-core-1 (read
    ahead beside it); once hq-core-1 is staged and the canary committed, `meanwhile(hq-core-1)`.
    Returns the exit code, stderr and the JSON report."""
    plan = planned_change(net, "cjis-fw-1", "hq-core-1")
    canary, later = net.lab.device("cjis-fw-1"), net.lab.device("hq-core-1")
    fast = slow_after_commit(canary, latency_s=60.0)  # the canary checks for a while
    out = net.tmp / "read-ahead.json"
    args = apply_args(
        plan, "--canary", "cjis-fw-1", "--confirm-timeout", "60", "--output", str(out)
    )
    proc = bluewire(net, *args)
    try:
        assert wait_for(lambda: canary.pending is not None and staged(net, "hq-core-1"), 120)
        meanwhile(later)
    finally:
        fast()
    _, err = proc.communicate(timeout=300)
    return proc.returncode, err, json.loads(out.read_text())


def test_a_host_changed_after_it_was_read_ahead_is_stale_and_untouched(trio: Net) -> None:
    def console_edit(device: Device) -> None:  # an engineer on the console meanwhile
        edited = device.running.replace(" description ", " description CONSOLE-EDIT ", 1)
        assert edited != device.running
        device.set_running(edited)

    code, err, report = while_read_ahead(trio, console_edit)
    assert code == 1, err
    assert outcomes(report) == {"cjis-fw-1": "applied", "hq-core-1": "stale"}
    message = report["hosts"]["hq-core-1"]["message"]
    assert "changed in the" in message and "after it was checked and staged" in message
    assert trio.commits_on("hq-core-1") == []
    assert "CONSOLE-EDIT" in trio.running("hq-core-1")  # the console edit stands, nothing pushed
    later = trio.lab.device("hq-core-1")
    assert "flash:/candidate_config.txt" not in later.files  # the staged candidate is gone
    assert "beside it, reading and staging (no commit): hq-core-1" in err


@pytest.mark.parametrize(
    ("canary", "later"),
    [("cjis-fw-1", "hq-core-1"), ("hq-core-1", "cjis-fw-1"), ("hq-core-1", "dc-leaf-1")],
)
def test_candidates_read_ahead_are_discarded_when_the_canary_fails(
    trio: Net, canary: str, later: str
) -> None:
    plan = planned_change(trio, canary, later)
    before = trio.running(later)
    trio.lab.device(canary).faults.reject_commit = "error: configuration check-out failed"
    code, report = trio.apply(plan, "--canary", canary)
    assert code == 1, trio.err
    assert outcomes(report) == {canary: "failed", later: "not-attempted"}
    assert report["hosts"][later]["message"] == f"rollout stopped: canary {canary} failed"  # type: ignore[index]
    platform = trio.lab.device(later).platform
    sent = wire(trio, later)
    first_stage = next(i for i, t in enumerate(sent) if STAGED[platform] in t)  # read ahead
    assert any(DISCARDED[platform] in t for t in sent[first_stage:]), sent[first_stage:]
    assert trio.commits_on(later) == []
    assert trio.running(later) == before
    device = trio.lab.device(later)
    assert device.lock_owner is None and device.pending is None
    assert "flash:/candidate_config.txt" not in device.files
    assert f"discarding the staged candidates of {later}" in trio.err


def test_a_host_whose_session_dies_while_it_waits_starts_over_on_a_new_one(trio: Net) -> None:
    # e.g. an exec-timeout, while the canary is checked
    code, err, report = while_read_ahead(trio, lambda device: device.drop_sessions())
    assert code == 0, err
    assert outcomes(report) == {"cjis-fw-1": "applied", "hq-core-1": "applied"}
    stagings = [t for t in wire(trio, "hq-core-1") if STAGED["ios"] in t]
    assert len(stagings) == 2  # read ahead, then again on the new session at its turn
    assert len(trio.commits_on("hq-core-1")) == 1
    assert CHANGE in trio.running("hq-core-1")
    assert "flash:/candidate_config.txt" not in trio.lab.device("hq-core-1").files
