"""A throw-away copy of the example network in git, with a lab running some of its hosts, and
the steps apply's lab tests repeat: edit, render, commit, plan, apply, read the device back."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bluewire.cli.main import main
from bluewire.lab.clock import Clock
from bluewire.lab.daemon import lab_specs, publish_state
from bluewire.lab.fleet import Lab, start_lab
from bluewire.project import Project
from tests.conftest import commit_all, git
from tests.lab import independent

# Every day, all day: window tests write their own policy.
OPEN_POLICY = """\
change_id: 'CHG\\d{7}'
timezone: UTC
windows:
  - name: always
    groups: [all]
    times:
      - {days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00"}
os10_reload_revert: false
"""
CHANGE = "CHG0001234"
COMMIT_WORDS = re.compile(
    r"configure replace|copy flash:\S+ running-config|session \S+ commit|<commit-configuration|"
    r"^commit|reload in"
)


@dataclass
class Net:
    project: Project
    lab: Lab
    hosts: list[str]
    tmp: Path
    out: str = ""
    err: str = ""

    def args(self, *extra: str) -> list[str]:
        return ["--project", str(self.project.root), "--lab", *extra]

    def edit(self, host: str, old: str, new: str) -> None:
        """Replace `old` by `new` in `host`'s entry of hosts.yaml (the first match after it)."""
        path = self.project.inventory_dir / "hosts.yaml"
        text = path.read_text()
        start = text.index(f"\n{host}:\n")
        at = text.index(old, start)
        path.write_text(text[:at] + new + text[at + len(old) :])

    def commit(self, message: str = "change") -> None:
        assert main(["--project", str(self.project.root), "render"]) == 0
        commit_all(self.project.root, message)

    def run(self, *args: str) -> int:
        """`bluewire --project P --lab ARGS` in a child process, as an operator runs it: its CPU
        work does not starve the lab's threads in this process (one GIL each); its stdout and
        stderr are kept in `out`/`err`."""
        code = "import sys; from bluewire.cli.main import main; sys.exit(main())"
        done = subprocess.run(
            [sys.executable, "-c", code, *self.args(*args)], capture_output=True, text=True
        )
        self.out, self.err = done.stdout, done.stderr
        return done.returncode

    def plan(self, name: str = "plan.json") -> tuple[int, Path]:
        """Plan every lab host; a plan with a failed host (a session lost on a loaded machine)
        is made again, twice at most, so tests start from a complete plan."""
        out = self.tmp / name
        limits = [a for h in self.hosts for a in ("--limit", h)]
        for _ in range(3):
            code = self.run("plan", "--no-comment", "--out", str(out), *limits)
            if code != 1:
                break
        return code, out

    def apply(self, plan: Path, *extra: str) -> tuple[int, dict[str, object]]:
        """apply with a 10-minute revert timer (10 s at the lab's 60x): checks on a loaded machine
        finish well within it; tests of the timer itself pass a shorter one (the last one wins)."""
        out = self.tmp / "apply.json"
        out.unlink(missing_ok=True)
        args = ["apply", "--plan", str(plan), "--change-id", CHANGE, "--yes"]
        code = self.run(*args, "--confirm-timeout", "10", "--output", str(out), *extra)
        return code, json.loads(out.read_text()) if out.exists() else {}

    def running(self, host: str) -> str:
        return independent.running(self.lab, host)

    def commits_on(self, host: str) -> list[str]:
        return [w.text for w in self.lab.device(host).wire if COMMIT_WORDS.search(w.text)]


def outcomes(report: dict[str, object]) -> dict[str, str]:
    hosts = report["hosts"]
    assert isinstance(hosts, dict)
    return {h: r["outcome"] for h, r in hosts.items()}


@contextmanager
def network(
    project: Project, tmp: Path, hosts: Sequence[str], policy: str = OPEN_POLICY
) -> Iterator[Net]:
    """The example network committed in git with `policy`, a lab of `hosts` booted from golden."""
    (project.change_policy).write_text(textwrap.dedent(policy))
    (project.root / ".gitignore").write_text(".bluewire/\n")
    commit_all(project.root, "initial")
    git(project.root, "config", "user.name", "Lab Tester")
    git(project.root, "config", "user.email", "tester@example.invalid")
    specs = lab_specs(project, "golden", list(hosts))
    lab = start_lab(specs, Clock(60))
    publish_state(project, lab, specs, control_port=0, seed="golden")
    out = tmp.parent / f"{tmp.name}-out"  # reports and plans live outside the repository
    out.mkdir(exist_ok=True)
    try:
        yield Net(project, lab, list(hosts), out)
    finally:
        lab.stop()
