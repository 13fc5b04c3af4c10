"""The client side of the background lab: start the daemon, send it faults, stop it.

`bluewire lab up|fault|down` (cli/lab_cmd.py) and tests call these; the daemon itself is
daemon.py, and the state file both read is state.py. The control protocol is one HTTP endpoint
on 127.0.0.1: `POST /fault` with `{"host", "kind", "value"}` (204, or 400 with the reason).
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bluewire.errors import BluewireError
from bluewire.lab.daemon import lab_specs
from bluewire.lab.faults import FaultError, parse_fault
from bluewire.lab.state import LabState, lock_path, read_state, state_path
from bluewire.project import Project

START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


def start(
    project: Project, seed: str, limits: list[str], time_scale: float, procs: int = 1
) -> LabState:
    """Start the lab daemon in the background and wait until it has published its state.

    Bad input (an unknown --limit, a missing golden config, a bad inventory) is refused here,
    before any process starts. The daemon lock (see `lock_path`) is taken here and handed to the
    daemon, so two `lab up` at once cannot both start one.
    """
    lab_specs(project, seed, limits or None)  # BluewireError: nothing is started
    lock = _take_lock(project)
    try:
        _clear_stale_state(project)
        return _spawn(project, lock, [*_args(seed, limits, time_scale), "--procs", str(procs)])
    finally:
        os.close(lock)  # the daemon holds its own copy for as long as it runs


def _take_lock(project: Project) -> int:
    path = lock_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise BluewireError(
            "a lab is already running or starting for this project: `bluewire lab down` first"
        ) from None
    return fd


def _clear_stale_state(project: Project) -> None:
    """With the lock ours, no daemon runs: a state file left behind (a killed daemon, its PID
    since reused by another process) is stale and removed, never trusted or signalled."""
    state_path(project).unlink(missing_ok=True)


def _args(seed: str, limits: list[str], time_scale: float) -> list[str]:
    args = ["--seed", seed, "--time-scale", str(time_scale)]
    for limit in limits:
        args += ["--limit", limit]
    return args


def _spawn(project: Project, lock: int, args: list[str]) -> LabState:
    cmd = [sys.executable, "-m", "bluewire.lab.daemon", "--project", str(project.root)]
    cmd += [*args, "--lock-fd", str(lock)]
    log = project.state_dir / "lab" / "daemon.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, pass_fds=(lock,)
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BluewireError(
                f"the lab failed to start: {_last_line(log)} (details: {project.relative(log)})"
            )
        state = read_state(project)
        if state is not None:
            return state
        time.sleep(0.1)
    proc.terminate()
    raise BluewireError(f"the lab did not start within {START_TIMEOUT_S:.0f} s")


def _last_line(log: Path) -> str:
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def check_fault(kind: str, value: str | None) -> None:
    """BluewireError (exit 1) naming what is wrong with a fault request, before any lab is asked."""
    if kind == "clear":
        if value:
            raise BluewireError(f"clear takes no value (got {value!r})")
        return
    try:
        parse_fault(kind, value)
    except FaultError as exc:
        raise BluewireError(f"lab fault: {exc}") from None


def send_fault(state: LabState, host: str, kind: str, value: str | None) -> None:
    """Ask the running lab to inject fault `kind` (or `clear`) on `host`."""
    if host not in state.endpoints:
        raise BluewireError(f"{host}: not a lab host")
    check_fault(kind, value)
    body = json.dumps({"host": host, "kind": kind, "value": value}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{state.control_port}/fault",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    try:
        urllib.request.urlopen(request, timeout=10).close()
    except urllib.error.HTTPError as exc:
        raise BluewireError(f"lab refused the fault: {exc.read().decode()}") from None


def stop(project: Project) -> bool:
    """Stop the running lab (SIGTERM, then wait for its state file to go); False if none ran.

    The PID in the state file is signalled only after the process behind the control port
    proves it is that lab (the state's token and PID): a stale file's PID may belong to any
    process by now.
    """
    try:
        state = read_state(project)
    except BluewireError:  # a damaged state file: nothing to signal, remove it
        state_path(project).unlink(missing_ok=True)
        return False
    if state is None:
        return False
    if not is_lab_daemon(state):
        state_path(project).unlink(missing_ok=True)
        return False
    os.kill(state.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while state_path(project).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return True


def is_lab_daemon(state: LabState) -> bool:
    """True when the control port answers with this state's token and PID."""
    if not state.token or not state.control_port:
        return False
    try:
        url = f"http://127.0.0.1:{state.control_port}/whoami"
        with urllib.request.urlopen(url, timeout=5) as reply:
            who = json.loads(reply.read())
    except (OSError, ValueError):
        return False
    return bool(who.get("token") == state.token and who.get("pid") == state.pid)
