"""One Ctrl-C during `plan` against slow devices: no new host starts, the sessions in flight
are closed within seconds, the command exits 130 without a traceback (real signals, a real
subprocess, the real NAPALM drivers against the lab)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest

from bluewire.lab.clock import Clock
from bluewire.lab.daemon import lab_specs, publish_state
from bluewire.lab.fleet import Lab, start_lab
from bluewire.project import Project
from tests.conftest import commit_all

pytestmark = pytest.mark.lab
# Planned in name order by two workers: the first two are in flight, the rest must never start.
HOSTS = ["hq-core-1", "dc-leaf-1", "edge-fw-1", "d3-access-1", "hq-core-2", "dc-leaf-2"]
LATENCY = "4"  # lab seconds = real seconds at scale 1: every answer takes 4 s
# From the signal to the exit: the grace (2 s), closing (2 s) and slack for a loaded machine. Finishing
# the IOS host in flight instead takes about five more 4 s answers (~20 s), so 12 s still tells
# "stopped" from "waited for the work".
BOUND_S = 12.0


@pytest.fixture
def slow_lab(example_project: Project) -> Iterator[tuple[Project, Lab]]:
    commit_all(example_project.root, "initial")
    specs = lab_specs(example_project, "golden", HOSTS)
    lab = start_lab(specs, Clock(1))
    for device in lab.devices.values():
        device.set_fault("latency", LATENCY)
    publish_state(example_project, lab, specs, control_port=0, seed="golden")
    yield example_project, lab
    lab.stop()


def _plan(project: Project) -> subprocess.Popen[str]:
    args = ["--project", str(project.root), "--lab", "plan", "--no-comment", "--workers", "2"]
    args += [f"--limit={h}" for h in HOSTS]
    return subprocess.Popen(
        [sys.executable, "-m", "bluewire", *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _sessions(lab: Lab) -> dict[str, int]:
    return {name: len(device.sessions) for name, device in lab.devices.items()}


def _wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(
    "signals",
    [[signal.SIGINT], [signal.SIGTERM], [signal.SIGINT, signal.SIGINT]],
    ids=["SIGINT", "SIGTERM", "two-SIGINT"],
)
def test_an_interrupt_stops_a_slow_plan_within_seconds(
    slow_lab: tuple[Project, Lab], signals: list[int]
) -> None:
    """A second Ctrl-C (an impatient user) once exited at once with a threading traceback and
    left the sessions open: it must change nothing but the message."""
    project, lab = slow_lab
    proc = _plan(project)
    assert _wait_for(lambda: sum(_sessions(lab).values()) >= 2, 120), "no session opened"
    start = time.monotonic()
    for sig in signals:
        proc.send_signal(sig)
        time.sleep(0.3)
    _, err = proc.communicate(timeout=60)
    took = time.monotonic() - start
    assert proc.returncode == 130, err
    assert took < BOUND_S, f"exit took {took:.1f} s after the signal"
    assert "Traceback" not in err and "interrupted" in err
    never = [h for h in sorted(HOSTS)[2:] if lab.device(h).wire]  # 2 workers took the first 2
    assert never == [], "hosts queued behind the two in flight were started"
    # The lab answers the request it was working on before it sees the connection gone (as a
    # real box would): a few latency periods, then no session is left open.
    assert _wait_for(lambda: sum(_sessions(lab).values()) == 0, 6 * float(LATENCY)), _sessions(lab)
    assert all(d.lock_owner is None for d in lab.devices.values())
