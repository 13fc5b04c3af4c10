"""One lab per project: two `lab up` at once start one daemon; a stale state file whose PID now
belongs to another process is never signalled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bluewire.cli.main import main
from bluewire.lab.state import state_path
from bluewire.project import Project

pytestmark = pytest.mark.lab


def _lab(project: Project, *args: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "bluewire", "--project", str(project.root), "lab", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _gone(pid: int, within_s: float = 15.0) -> bool:
    """The process ended (or is a zombie nobody reaped: it runs no code any more)."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        status = Path(f"/proc/{pid}/status")
        if status.is_file() and "State:\tZ" in status.read_text():
            return True
        time.sleep(0.1)
    return False


def test_two_lab_up_at_once_start_one_lab(example_project: Project) -> None:
    ups = [_lab(example_project, "up", "--limit", "hq-core-1") for _ in range(2)]
    results = [(p.wait(timeout=120), p.communicate()[1]) for p in ups]
    try:
        codes = sorted(code for code, _ in results)
        assert codes == [0, 1], results
        refused = next(err for code, err in results if code == 1)
        assert "already running or starting" in refused and "Traceback" not in refused
        pid = json.loads(state_path(example_project).read_text())["pid"]
        again = _lab(example_project, "up", "--limit", "hq-core-1")
        assert again.wait(timeout=60) == 1
    finally:
        down = _lab(example_project, "down")
        assert down.wait(timeout=60) == 0
    assert _gone(pid)
    assert not state_path(example_project).exists()


def test_stale_state_of_another_process_is_not_signalled(
    example_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        path = state_path(example_project)
        path.parent.mkdir(parents=True, exist_ok=True)
        stale = {"pid": bystander.pid, "control_port": 9, "seed": "golden", "endpoints": {}}
        path.write_text(json.dumps({**stale, "token": "from-a-dead-lab"}))
        root = str(example_project.root)
        assert main(["--project", root, "lab", "status"]) == 1
        assert "no lab is running" in capsys.readouterr().err
        path.write_text(json.dumps({**stale, "token": "from-a-dead-lab"}))
        assert main(["--project", root, "lab", "down"]) == 0
        assert "no lab is running" in capsys.readouterr().err
        assert bystander.poll() is None  # still alive: never signalled
        assert not path.exists()
    finally:
        bystander.kill()
        bystander.wait()


def test_damaged_state_file_is_an_error_and_lab_down_removes_it(
    example_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = state_path(example_project)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff{not json")
    root = str(example_project.root)
    assert main(["--project", root, "--lab", "plan", "--no-comment"]) == 1
    assert "damaged lab state file" in capsys.readouterr().err
    assert main(["--project", root, "lab", "down"]) == 0
    assert not Path(path).exists()
