"""After a second interrupt every host is still accounted for, from where it got to."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from bluewire.apply.result import HostResult, Outcome
from bluewire.apply.rollout import Stage
from bluewire.runs.apply_interrupt import Abandoned, Interrupts, Progress, abandoned

STAGES = [
    Stage("canary", ("c1",), canary=True),
    Stage("batch 1", ("a1", "a2", "a3", "a4", "a5", "a6")),
    Stage("batch 2", ("b1",)),
]
PLATFORMS = {h: "eos" for s in STAGES for h in s.hosts}


def test_each_host_is_told_from_its_last_step() -> None:
    known = {"c1": HostResult(platform="eos", outcome=Outcome.APPLIED, stage="canary", canary=True)}
    progress = Progress()
    for host, phase in (
        ("a1", "started"),
        ("a2", "commit"),
        ("a3", "committed"),
        ("a4", "confirm"),
    ):
        progress.mark(host, phase)
    progress.mark("a5", "committed")
    progress.finish("a5", HostResult(platform="eos", outcome=Outcome.ROLLED_BACK, message="x"))
    out = abandoned(STAGES, known, progress, PLATFORMS)
    assert {h: r.outcome.value for h, r in out.items()} == {
        "c1": "applied",  # a finished stage stays as it was
        "a1": "not-attempted",  # had not committed
        "a2": "reverting",  # its commit was in flight
        "a3": "reverting",  # committed, not confirmed
        "a4": "unknown",  # its confirm was in flight
        "a5": "rolled-back",  # finished before the run was abandoned
        "a6": "not-attempted",  # never started
        "b1": "not-attempted",  # a later stage
    }
    assert "revert timer" in out["a3"].message and "nothing committed" in out["a1"].message
    assert "check this device" in out["a4"].message
    assert out["b1"].message == "rollout stopped: interrupted"
    assert {out[h].stage for h in ("a1", "a5", "a6")} == {"batch 1"} and out["c1"].canary
    assert out["b1"].stage == "batch 2" and not out["b1"].canary


def test_first_stops_second_abandons_only_during_the_rollout() -> None:
    handling = Interrupts()
    handling.handle(signal.SIGINT, None)
    assert handling.stop.is_set()
    with handling.abandonable(), pytest.raises(Abandoned):
        handling.handle(signal.SIGINT, None)
    assert not handling.rolling_out
    outside = Interrupts()
    outside.handle(signal.SIGTERM, None)
    outside.handle(signal.SIGTERM, None)  # writing the report: nothing to abandon, no raise
    assert outside.count == 2


THIRD = textwrap.dedent(
    """
    import signal
    from bluewire.runs.apply_interrupt import Interrupts
    handling = Interrupts()
    for _ in range(3):
        handling.handle(signal.SIGINT, None)
    print("still here")
    """
)


def test_a_third_interrupt_exits_at_once_with_130() -> None:
    done = subprocess.run(
        [sys.executable, "-c", THIRD], capture_output=True, text=True, env=dict(os.environ)
    )
    assert done.returncode == 130 and "still here" not in done.stdout
    assert "exiting without the report and the audit record" in done.stderr
