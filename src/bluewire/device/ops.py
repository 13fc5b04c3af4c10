"""Operations on one NAPALM `NetworkDriver`, under one retry and timeout policy.

A read-only operation run through `read_only` (today: the device diff) retries a transient
failure (a slow SCP ack, a busy control plane) once; an authentication failure never, since each retry counts towards the device's login
block. Operations that change a device (commit with a revert timer, confirm, rollback, discard,
lock: added by apply, next to these) are never retried blindly: a commit that timed out may still
have happened.
"""

from __future__ import annotations

import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from bluewire.device.errors import is_transient

T = TypeVar("T")
Sleep = Callable[[float], None]


@dataclass(frozen=True)
class Policy:
    timeout_s: int = 30  # NAPALM's `timeout` for every session bluewire opens
    read_attempts: int = 2  # a read-only operation: the first try and one retry
    retry_delay_s: float = 2.0


POLICY = Policy()


def read_only(operation: Callable[[], T], sleep: Sleep = time.sleep, policy: Policy = POLICY) -> T:
    """Run a read-only `operation`, retrying transient failures as the policy allows."""
    for _ in range(policy.read_attempts - 1):
        try:
            return operation()
        except Exception as exc:
            if not is_transient(exc):
                raise
        sleep(policy.retry_delay_s)
    return operation()


def get_running(device: Any) -> str:
    """The running config as the driver returns it (unsanitized: sanitize before storing)."""
    return str(device.get_config(retrieve="running")["running"])


def get_os_version(device: Any, platform: str = "", running: str = "") -> str:
    """The OS version string NAPALM's `get_facts` reports (drivers differ in how much they say).

    Read with one command, or none, where the platform allows: `get_facts` sends 3 to 7 (the
    interface list, `show hosts`, the chassis inventory) that a nightly run of 1,000 devices
    pays for nothing. `get_facts` itself when the cheap reading finds no version.
    """
    reader = _VERSION_READERS.get(platform)
    found = reader(device, running) if reader else ""
    return found or str(device.get_facts().get("os_version") or "")


_IOS_SOFTWARE = re.compile(r"Cisco IOS Software(?: \[.*?\])?, ")
_IOS_TM = re.compile(r"IOS \(tm\).+Software")
_JUNOS = re.compile(r"^Junos: (\S+)|JUNOS (?:Software Release|Base OS boot) \[([^\]]+)\]", re.M)
_OS10 = re.compile(r"^! Version (\S+)", re.M)


def _ios_version(device: Any, running: str) -> str:
    """`show version` read by NAPALM ios get_facts' own rule (the `Cisco IOS Software` line)."""
    version = ""
    for line in str(device.cli(["show version"])["show version"]).splitlines():
        if _IOS_SOFTWARE.search(line):
            version = _IOS_SOFTWARE.split(line, maxsplit=1)[-1]
        elif _IOS_TM.search(line):
            version = line.split("IOS (tm) ", 1)[-1]
    return version.strip()


def _eos_version(device: Any, running: str) -> str:
    """eAPI `show version`: get_facts reports its `internalVersion`."""
    reply = device.cli(["show version"], encoding="json")["show version"]
    return str(reply.get("internalVersion") or "")


def _junos_version(device: Any, running: str) -> str:
    """`show version` as text (one RPC; get_facts refreshes every PyEZ fact: 7 RPCs)."""
    match = _JUNOS.search(str(device.cli(["show version"])["show version"]))
    return (match[1] or match[2]) if match else ""


def _os10_version(device: Any, running: str) -> str:
    """OS10 opens `show running-configuration` with `! Version X`, the release it runs."""
    match = _OS10.search(running[:200])
    return match[1] if match else ""


_VERSION_READERS: dict[str, Callable[[Any, str], str]] = {
    "ios": _ios_version,
    "eos": _eos_version,
    "junos": _junos_version,
    "dellos10": _os10_version,
}


class Interrupted(Exception):
    """The run was interrupted (Ctrl-C, a CI job cancelled): this host's work stops here."""


Reopen = Callable[[], Any]


def compare(
    device: Any,
    candidate: str,
    replace: bool,
    sleep: Sleep = time.sleep,
    *,
    cancelled: Callable[[], bool] = lambda: False,
    reopen: Reopen | None = None,
) -> str:
    """The device's own diff for `candidate`, the device left untouched (load, compare, discard).

    The candidate holds real secrets, so it never outlives this call: whatever happens (success,
    a timeout, a dropped session, an interrupt) the session is discarded and the uploaded file
    removed, on a fresh session (`reopen`) when the first one is dead.
    """
    if cancelled():
        raise Interrupted("interrupted before the candidate was loaded")
    return read_only(lambda: _compare_once(device, candidate, replace, cancelled, reopen), sleep)


def _compare_once(
    device: Any, candidate: str, replace: bool, cancelled: Callable[[], bool], reopen: Reopen | None
) -> str:
    try:
        if replace:
            device.load_replace_candidate(config=candidate)
        else:
            device.load_merge_candidate(config=candidate)
        if cancelled():
            raise Interrupted("interrupted: the candidate was discarded before the compare")
        return str(device.compare_config())
    finally:
        discard_candidate(device, reopen)


def discard_candidate(device: Any, reopen: Reopen | None = None) -> None:
    """Discard the loaded candidate and remove any file it was uploaded as.

    If the session is dead, do it again on a new one (`reopen`); the new driver takes over the
    old one's config session name (NAPALM eos aborts a session by name).
    """
    try:
        _discard(device)
    except Exception:
        if reopen is None:
            raise
        fresh = reopen()
        if getattr(device, "config_session", None):
            fresh.config_session = device.config_session
        _discard(fresh)


def _discard(device: Any) -> None:
    device.discard_config()
    remove_candidate_files(device)


def remove_candidate_files(device: Any) -> None:
    """NAPALM's ios driver SCPs the candidate to flash: (`candidate_cfg`, `merge_cfg`) and its
    discard only overwrites them with the running config: delete both files."""
    names = [getattr(device, attr, None) for attr in ("candidate_cfg", "merge_cfg")]
    full_path = getattr(device, "_gen_full_path", None)
    cli = getattr(device, "device", None)
    if full_path is None or cli is None or not hasattr(cli, "send_command"):
        return
    for name in filter(None, names):
        cli.send_command(f"delete /force {full_path(name)}")


@contextmanager
def finish_before_interrupt(
    doing: str = "discarding the candidates loaded on devices",
) -> Iterator[threading.Event]:
    """Device work that must not be abandoned half way (a candidate with secrets on a device).

    Ctrl-C or SIGTERM (a cancelled CI job) set the returned event instead of raising: tasks not
    yet started skip their host, tasks in flight discard their candidate, and the runner
    (device/runner.py) gives them a bounded grace, closes the sessions and raises
    KeyboardInterrupt. Repeated signals only say it is working (`doing`).
    """
    cancel = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield cancel
        return

    def handler(signum: int, frame: Any) -> None:
        again = cancel.is_set()
        cancel.set()
        print(f"interrupted: {'still ' if again else ''}{doing}, then stopping...", file=sys.stderr)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield cancel
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
