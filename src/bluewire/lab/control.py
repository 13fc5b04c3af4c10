"""The client side of the background lab: start the daemon, send it faults, stop it.

`bluewire lab up|fault|down` (cli/lab_cmd.py) and tests call these; the daemon itself is
daemon.py, and the state file both read is state.py. The control protocol is one HTTP endpoint
on 127.0.0.1: `POST /fault` with `{"host", "kind", "value"}` (204, or 400 with the reason).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from bluewire.errors import BluewireError
from bluewire.lab.faults import FaultError, parse_fault
from bluewire.lab.state import LabState, read_state, state_path
from bluewire.project import Project

START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0


def start(project: Project, seed: str, limits: list[str], time_scale: float) -> LabState:
    """Start the lab daemon in the background and wait until it has published its state."""
    if read_state(project) is not None:
        raise BluewireError("a lab is already running: `bluewire lab down` first")
    cmd = [sys.executable, "-m", "bluewire.lab.daemon", "--project", str(project.root)]
    cmd += ["--seed", seed, "--time-scale", str(time_scale)]
    for limit in limits:
        cmd += ["--limit", limit]
    log = project.state_dir / "lab" / "daemon.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BluewireError(
                f"the lab failed to start; see {project.relative(log)}:\n" + log.read_text()[-2000:]
            )
        state = read_state(project)
        if state is not None:
            return state
        time.sleep(0.1)
    proc.terminate()
    raise BluewireError(f"the lab did not start within {START_TIMEOUT_S:.0f} s")


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
    """Stop the running lab (SIGTERM, then wait for its state file to go); False if none ran."""
    state = read_state(project)
    if state is None:
        return False
    os.kill(state.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while state_path(project).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return True
