"""The background lab's state file: where each simulated host listens and how to log in.

`bluewire lab up` writes it, `bluewire --lab <command>` reads it to point every host at its twin,
and `bluewire lab status --format json` prints it: everything a plain NAPALM or Nornir user needs
to connect (address, port, lab credentials, protocol, and the NAPALM driver with the exact
`optional_args` to pass: eAPI transport, IOS `dest_file_system` and enable `secret`, ...).
"""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from bluewire.errors import BluewireError
from bluewire.project import Project

LAB_USERNAME = "netops"
LAB_PASSWORD = "bluewire-lab"  # a lab credential, printed by `lab status`; never a real one
FORMAT_VERSION = 1


@dataclass(frozen=True)
class LabEndpoint:
    host: str
    platform: str
    address: str
    port: int
    username: str
    password: str
    transport: str = ""  # the management protocol: https (eAPI), ssh (CLI + SCP), netconf
    napalm_driver: str = ""  # napalm.get_network_driver(napalm_driver)(address, username, ...)
    optional_args: dict[str, Any] = field(default_factory=dict)  # ... optional_args=this


@dataclass(frozen=True)
class LabState:
    pid: int
    control_port: int
    seed: str
    endpoints: dict[str, LabEndpoint]
    time_scale: float = 1.0  # lab seconds per real second (revert timers, faults)
    format_version: int = FORMAT_VERSION
    token: str = ""  # the daemon answers GET /whoami with it: proof the PID is still the lab

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @staticmethod
    def from_json(text: str) -> LabState:
        raw: dict[str, Any] = json.loads(text)
        known = {f.name for f in fields(LabEndpoint)}
        endpoints = {
            k: LabEndpoint(**{n: v for n, v in e.items() if n in known})
            for k, e in raw["endpoints"].items()
        }
        return LabState(
            raw["pid"],
            raw["control_port"],
            raw["seed"],
            endpoints,
            float(raw.get("time_scale", 1.0)),
            int(raw.get("format_version", FORMAT_VERSION)),
            str(raw.get("token", "")),
        )


def state_path(project: Project) -> Path:
    return project.state_dir / "lab" / "state.json"


def lock_path(project: Project) -> Path:
    """Held (flock) by the lab daemon for its whole life, from the moment `lab up` starts it."""
    return project.state_dir / "lab" / "daemon.lock"


def read_state(project: Project) -> LabState | None:
    """The running lab's state, or None when no lab is up (a stale file is removed).

    Stale: its PID is gone, or (for a daemon's state) nobody holds the daemon lock any more, so
    a PID reused by another process is not taken for the lab.
    """
    path = state_path(project)
    if not path.is_file():
        return None
    try:
        state = LabState.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise BluewireError(
            f"{project.relative(path)}: damaged lab state file; `bluewire lab down` removes it"
        ) from None
    if not _alive(state.pid) or (state.token and not _held(lock_path(project))):
        path.unlink(missing_ok=True)
        return None
    return state


def require_state(project: Project) -> LabState:
    state = read_state(project)
    if state is None:
        raise BluewireError("no lab is running: start one with `bluewire lab up`")
    return state


def _held(lock: Path) -> bool:
    """Whether some process (the daemon) holds the daemon lock; False when it could be taken."""
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a lock this check took
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lab_requested(flag: bool) -> bool:
    """`--lab` or BLUEWIRE_LAB=1 (any value but 0/empty)."""
    return flag or os.environ.get("BLUEWIRE_LAB", "") not in ("", "0")
