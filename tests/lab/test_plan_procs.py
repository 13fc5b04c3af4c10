"""`plan --procs N` shares the hosts over N forked processes: the plan of one process, byte for byte.

Against the lab with a templated change on one HA member, a change behind the repository's back on
the other (so the HA-pair risk spans two processes' hosts, and the plan fixes a compliance
violation) and a device refusing the login, so every kind of row crosses a process boundary.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from bluewire.cli.main import main
from bluewire.lab.fleet import Lab
from bluewire.project import Project
from bluewire.runs import plan as plan_run
from bluewire.runs.forked import run_forked
from tests.lab.test_plan import HOSTS, _describe, lab_project  # noqa: F401

pytestmark = pytest.mark.lab
T = TypeVar("T")


def test_processes_make_the_plan_of_one(
    lab_project: tuple[Project, Lab],  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project, lab = lab_project
    _describe(project, "hq-core-1", '"hq-access-1 Te1/1/1"', '"hq-access-1 Te1/1/1 (CHG0042)"')
    core2 = lab.device("hq-core-2")
    core2.running = core2.grammar.merge(core2.running, ["ip http server"])
    lab.device("d3-access-1").faults.refuse_login = True
    counts: list[int] = []

    def spy(work: Callable[[int], T], count: int) -> list[T]:
        counts.append(count)
        return run_forked(work, count)

    monkeypatch.setattr(plan_run, "run_forked", spy)
    texts = []
    for procs in (1, 3):
        out = tmp_path / f"plan-{procs}.json"
        args = ["--project", str(project.root), "--lab", "plan", "--no-comment", "--out", str(out)]
        args += [f"--limit={host}" for host in HOSTS]
        assert main([*args, "--procs", str(procs), "--format", "json"]) == 1  # the error row
        texts.append(_without_error_text(out.read_text()))
    assert counts == [1, 3]
    assert texts[0] == texts[1]
    assert (
        '"both-ha-members"' in texts[0] and '"-SEC-NO-HTTP"' in texts[0] and "CHG0042" in texts[0]
    )
    assert texts[0].count('"error": null') == len(HOSTS) - 1


def _without_error_text(plan: str) -> str:
    """The plan file with the failed host's error text (and so the digest) blanked: a refused
    login reads as `authentication failed` or, on a loaded machine, as a prompt timeout; which
    one the driver reports is the lab's timing, not the plan's."""
    payload = json.loads(plan)
    for host in payload["hosts"].values():
        if host["error"] is not None:
            host["error"] = "<error>"
    payload["digest"] = ""
    return json.dumps(payload, indent=2, sort_keys=True)
