"""Bad input to `apply`: the plan file (missing, not a plan, edited, from an unknown commit) and
its options. Every row is refused before any lock is taken or any device is contacted (no lab
runs: a row that reached a device would fail with "no lab is running" instead)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from bluewire.plan.model import HostPlan, Plan
from tests.cli.bad_inputs import Case, Edit, pipe, write

PLAN = "plan.json"
GO = ("--change-id", "CHG0001234", "--yes")
APPLY = ("--lab", "apply", "--plan", PLAN, *GO)
NO_LOCK = (".bluewire/lab",)


def _plan(commit: str = "a" * 40) -> Plan:
    host = HostPlan(platform="ios", remediation=["interface Gi1/0/1", " description x"])
    return Plan(commit=commit, target="lab", hosts={"hq-access-1": host}).sealed()


def plan_file(change: dict[str, object] | None = None, commit: str = "a" * 40) -> Edit:
    """A plan sealed for `commit`, then (the edit a reviewer would not see) `change` applied."""

    def edit(root: Path) -> None:
        data = json.loads(_plan(commit).to_json())
        data.update(change or {})
        (root / PLAN).write_text(json.dumps(data, indent=1), encoding="utf-8")

    return edit


def git_repo(root: Path) -> None:
    """The copy as a repository with one commit (apply trusts only committed work)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "initial"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


EDITED: dict[str, object] = {
    "hosts": {"hq-access-1": {"platform": "ios", "remediation": ["username x secret 0 y"]}}
}

ROWS = [
    Case("apply-plan-missing", argv=APPLY, says="plan.json", absent=NO_LOCK),
    Case(
        "apply-plan-binary",
        (write(PLAN, b"{\n\xff\xfe #!\n"),),
        argv=APPLY,
        where=PLAN,
        says="UTF-8",
    ),
    Case(
        "apply-plan-bad-json",
        (write(PLAN, '{\n "format_version": 1,\n "commit": "#!" oops\n}\n'),),
        argv=APPLY,
        where=PLAN,
        says="invalid JSON",
    ),
    Case("apply-plan-a-list", (write(PLAN, "[1, 2]\n"),), argv=APPLY, where=PLAN, says="plan"),
    Case(
        "apply-plan-a-report",
        (write(PLAN, '{"format_version": 1, "command": "check", "hosts": []}\n'),),
        argv=APPLY,
        where=PLAN,
        says="not a plan",
    ),
    Case(
        "apply-plan-future-version",
        (plan_file({"format_version": 99}),),
        argv=APPLY,
        where=PLAN,
        says="format 99",
    ),
    Case("apply-plan-edited", (plan_file(EDITED),), argv=APPLY, where=PLAN, says="digest"),
    Case(
        "apply-plan-unsigned-with-key",
        (plan_file(),),
        argv=APPLY,
        env={"BLUEWIRE_PLAN_KEY": "k" * 40},
        where=PLAN,
        says="BLUEWIRE_PLAN_KEY",
    ),
    Case(
        "apply-plan-unknown-commit",
        (git_repo, plan_file(commit="0" * 40)),
        argv=APPLY,
        says="0000000",
        absent=NO_LOCK,
    ),
    Case("apply-plan-a-folder", (write(PLAN + "/x", ""),), argv=APPLY, where=PLAN, says="folder"),
    Case(
        "apply-plan-a-pipe",
        (pipe(PLAN),),
        argv=APPLY,
        where=PLAN,
        says="not a regular file",
        max_s=10,
    ),
    Case("apply-no-change-id", (plan_file(),), argv=("--lab", "apply", "--plan", PLAN, "--yes")),
    Case(
        "apply-change-id-blank",
        (plan_file(),),
        argv=("--lab", "apply", "--plan", PLAN, "--change-id", " ", "--yes"),
        says="--change-id",
    ),
    Case("apply-batch-zero", (plan_file(),), argv=(*APPLY, "--batch-size", "0"), says="--batch"),
    Case(
        "apply-max-failures-text",
        (plan_file(),),
        argv=(*APPLY, "--max-failures", "lots"),
        says="--max-failures",
    ),
    Case(
        "apply-confirm-timeout-zero",
        (plan_file(),),
        argv=(*APPLY, "--confirm-timeout", "0"),
        says="--confirm-timeout",
    ),
    Case(
        "apply-confirm-timeout-days",
        (plan_file(),),
        argv=(*APPLY, "--confirm-timeout", "100000"),
        says="1 to 120",
    ),
    Case("apply-no-plan-option", argv=("--lab", "apply", *GO), says="--plan"),
]

# Counts, sizes, budgets and timers out of their range or not numbers at all: a usage error
# naming the option, before the plan is read (a row that got further would say the plan is
# bad, or that no lab is running), never a number taken for a host name.
BAD_OPTIONS = [
    ("--canary", ("-1",), "--canary: expected one count >= 0 or host names"),
    ("--canary", ("-3", "hq-core-1"), "--canary: expected one count >= 0"),
    ("--canary", ("1.5",), "--canary: expected one count >= 0"),
    ("--canary", ("+2",), "--canary: expected one count >= 0"),
    ("--canary", ("2", "hq-core-1"), "--canary: expected one count >= 0"),
    ("--canary", ("hq-core-1", "-1"), "--canary: expected one count >= 0"),
    ("--canary", ("10%",), "--canary: expected one count >= 0"),
    ("--canary", ("",), "--canary: expected one count >= 0"),
    ("--batch-size", ("-3",), "--batch-size: must be at least 1"),
    ("--batch-size", ("x",), "--batch-size: must be a whole number"),
    ("--batch-size", ("2.5",), "--batch-size: must be a whole number"),
    ("--max-failures", ("-1",), "--max-failures -1: expected a count"),
    ("--max-failures", ("101%",), "--max-failures 101%: expected a count"),
    ("--max-failures", ("x%",), "--max-failures x%: expected a count"),
    ("--max-failures", ("-5%",), "argument --max-failures: expected one argument"),
    ("--max-failures", ("1.5",), "--max-failures 1.5: expected a count"),
    ("--max-failures", ("",), "--max-failures : expected a count"),
    ("--confirm-timeout", ("-5",), "--confirm-timeout: must be 1 to 120"),
    ("--confirm-timeout", ("121",), "--confirm-timeout: must be 1 to 120"),
    ("--confirm-timeout", ("x",), "--confirm-timeout: must be a whole number"),
    ("--confirm-timeout", ("2.5",), "--confirm-timeout: must be a whole number"),
]
ROWS += [
    Case(
        f"apply-{option[2:]}-{'-'.join(values) or 'empty'}",
        (plan_file(),),
        argv=(*APPLY, option, *values),
        says=says,
        absent=NO_LOCK,
    )
    for option, values, says in BAD_OPTIONS
]
