"""apply's progress as the operator sees it: on a terminal a live bar per stage, in a CI job log
one plain line per host (a real pseudo-terminal or pipe, a real subprocess, the lab)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from bluewire.project import Project
from tests.lab.apply_support import CHANGE, Net, network

pytestmark = pytest.mark.lab

HOSTS = ["hq-core-1", "cjis-fw-1", "dc-leaf-1"]
EDITS = {
    "hq-core-1": '"hq-access-1 Te1/1/1"',
    "cjis-fw-1": '"State CJIS network (CSA) circuit"',
    "dc-leaf-1": '"dc-tor-1 ethernet1/1/49"',
}
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# A deploy job on a protected branch (apply refuses to run in CI anywhere else).
CI_JOB = {"CI": "true", "GITLAB_CI": "true", "CI_COMMIT_REF_PROTECTED": "true"}
CODE = "import sys; from bluewire.cli.main import main; sys.exit(main())"


@pytest.fixture
def planned(example_project: Project, tmp_path: Path) -> Iterator[tuple[Net, list[str]]]:
    """Three hosts changed and planned; the apply arguments: hq-core-1 alone as the canary,
    the two others in batch 1."""
    with network(example_project, tmp_path, HOSTS) as net:
        for host, old in EDITS.items():
            net.edit(host, old, old[:-1] + f' {CHANGE}"')
        net.commit()
        _, plan = net.plan()
        args = ["apply", "--plan", str(plan), "--change-id", CHANGE, "--yes"]
        args += ["--canary", "hq-core-1", "--confirm-timeout", "10"]
        yield net, net.args(*args)


def on_a_terminal(argv: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run bluewire with stdin, stdout and stderr on a pseudo-terminal; all it wrote there."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-c", CODE, *argv], stdin=follower, stdout=follower, stderr=follower,
        env=env, close_fds=True,
    )  # fmt: skip
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 600)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the child closed its end of the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def terminal_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI" and not k.startswith("CI_")}
    return {**env, "TERM": "xterm-256color", **extra}


def test_on_a_terminal_each_stage_gets_a_live_bar(planned: tuple[Net, list[str]]) -> None:
    _, argv = planned
    code, shown = on_a_terminal(argv, terminal_env())
    assert code == 0, shown[-3000:]
    assert ESCAPE.search(shown), "no terminal control sequences: no live bar was drawn"
    text = ESCAPE.sub("", shown)
    # a bar per stage: its label, the bar itself and done/total; and each host as it finishes
    assert re.search(r"canary[^\n]*━[^\n]*\b[01]/1\b", text), text[-3000:]
    assert re.search(r"batch 1[^\n]*━[^\n]*\b[012]/2\b", text), text[-3000:]
    assert re.search(r"canary hq-core-1: changes \(\d+\.\d s\)", text)
    for host in ("cjis-fw-1", "dc-leaf-1"):
        assert re.search(rf"batch 1 {host}: changes \(\d+\.\d s\)", text), host


def test_a_ci_job_on_a_terminal_gets_plain_lines(planned: tuple[Net, list[str]]) -> None:
    _, argv = planned
    code, shown = on_a_terminal(argv, terminal_env(**CI_JOB))
    assert code == 0, shown[-3000:]
    assert "━" not in shown  # CI may fake a terminal: still no bar
    for host in HOSTS:
        assert len(re.findall(rf"^  {host}: applied", shown, re.MULTILINE)) == 1, host


def test_a_ci_log_has_one_line_per_host(planned: tuple[Net, list[str]]) -> None:
    _, argv = planned
    env = {**os.environ, **CI_JOB}
    done = subprocess.run(
        [sys.executable, "-c", CODE, *argv], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    log = done.stderr
    assert not ESCAPE.search(log) and "━" not in log  # a job log is plain text
    lines = log.splitlines()
    assert "canary: hq-core-1" in lines and "batch 1: cjis-fw-1, dc-leaf-1" in lines
    for host in HOSTS:
        mine = [line for line in lines if re.match(rf"\s+{host}: ", line)]
        assert mine == [f"  {host}: applied: committed, checked and confirmed"], mine
    stage = {line: n for n, line in enumerate(lines)}
    assert stage["canary: hq-core-1"] < lines.index(
        "  hq-core-1: applied: committed, checked and confirmed"
    ) < stage["batch 1: cjis-fw-1, dc-leaf-1"]  # fmt: skip
