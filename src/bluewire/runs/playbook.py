"""The playbook run: `playbooks/NAME.yml` through ansible-runner on bluewire's own inventory.

ansible-runner gets a private data dir (0700, from `tempfile`) holding the generated inventory
and, in a separate 0600 file, the credentials; the dir is removed when the run ends, fails or is
interrupted, so no credential outlives the run on disk. Per-host outcomes come from the runner's
event stream (`bluewire.playbook.model.fold`); files a playbook saves go to a per-run output dir,
where any `<host>.cfg` is passed through bluewire's sanitizer like every other config it keeps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from bluewire.errors import BluewireError
from bluewire.inventory.ansible import AnsibleInventory, build, to_yaml
from bluewire.inventory.load import load_inventory
from bluewire.inventory.model import Endpoint, Inventory, InventoryHost
from bluewire.lab.state import require_state
from bluewire.platforms import profile
from bluewire.playbook.catalog import find_playbook
from bluewire.playbook.model import PlaybookReport, fold
from bluewire.progress import status
from bluewire.project import Project
from bluewire.runs.playbook_progress import PlaybookProgress
from bluewire.sanitize import sanitize
from bluewire.secrets import mask_values

# Ansible settings for every run: quiet, nothing written outside the private dir, and never the
# persistent-connection message log (it records passwords in clear text).
ENV = {
    "ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS": "ignore",  # bluewire group names contain '-'
    "ANSIBLE_RETRY_FILES_ENABLED": "False",
    "ANSIBLE_PERSISTENT_LOG_MESSAGES": "False",
    "ANSIBLE_DEPRECATION_WARNINGS": "False",
    "ANSIBLE_SYSTEM_WARNINGS": "False",
    "ANSIBLE_NOCOLOR": "True",
}


@dataclass(frozen=True)
class PlaybookRequest:
    name: str
    limits: list[str] | None = None
    extra_vars: Mapping[str, Any] = field(default_factory=dict)
    check: bool = False
    lab: bool = False
    output_dir: Path | None = None  # default: .bluewire/playbooks/NAME/<timestamp>


@dataclass(frozen=True)
class Credentials:
    """Login per host: the lab's endpoints, or BLUEWIRE_DEVICE_* from the environment."""

    hostvars: dict[str, dict[str, str]]

    def values(self) -> list[str]:
        return sorted({v for hv in self.hostvars.values() for v in hv.values() if v})


def run_playbook(project: Project, request: PlaybookRequest) -> PlaybookReport:
    info = find_playbook(project, request.name)
    inventory = load_inventory(project)
    hosts = inventory.select(request.limits)
    endpoints = require_state(project).endpoints if request.lab else None
    if endpoints is not None:
        hosts = [h for h in hosts if h.name in endpoints]
    runnable, skipped = split_by_collection(hosts)
    creds = credentials(runnable, endpoints)
    out_dir = request.output_dir or _default_output_dir(project, info.name)
    ai = build(project, inventory, runnable, endpoints)
    status(f"playbook {info.name} on {len(runnable)} host(s){' on the lab' if endpoints else ''}")
    events = _run(info.path, ai, creds, request, out_dir) if runnable else []
    mask = partial(_mask, secrets=creds.values())
    report = fold(info.name, [h.name for h in hosts], events, check=request.check, mask=mask)
    for name, why in skipped.items():
        report.hosts[name].message = why
    _sanitize_saved_configs(out_dir, inventory)  # may remove an empty out_dir
    report.output_dir = project.relative(out_dir) if out_dir.exists() else ""
    return report


def _mask(text: str, secrets: list[str]) -> str:
    return mask_values(text, secrets)


def _default_output_dir(project: Project, name: str) -> Path:
    return project.state_dir / "playbooks" / name / f"{dt.datetime.now():%Y%m%d-%H%M%S}"


def collection_installed(collection: str) -> bool:
    """Whether Ansible can load `namespace.name`: bundled with `ansible`, or in a collection path."""
    namespace, _, name = collection.partition(".")
    paths = [str(p) for p in sys.path]
    paths += os.environ.get("ANSIBLE_COLLECTIONS_PATH", "").split(os.pathsep)
    paths += [str(Path.home() / ".ansible/collections"), "/usr/share/ansible/collections"]
    return any(Path(p, "ansible_collections", namespace, name).is_dir() for p in paths if p)


def split_by_collection(hosts: list[InventoryHost]) -> tuple[list[InventoryHost], dict[str, str]]:
    """Hosts Ansible can drive, and why each other one is skipped (its collection is missing)."""
    runnable, skipped = [], {}
    for host in hosts:
        collection = profile(host.platform).ansible_collection
        if collection_installed(collection):
            runnable.append(host)
        else:
            skipped[host.name] = (
                f"collection {collection} is not installed (not bundled with ansible)"
            )
    return runnable, skipped


def credentials(
    hosts: list[InventoryHost], endpoints: Mapping[str, Endpoint] | None
) -> Credentials:
    out: dict[str, dict[str, str]] = {}
    for host in hosts:
        if endpoints is not None:
            ep = endpoints[host.name]
            user, password, enable = ep.username, ep.password, ep.password
        else:
            user = os.environ.get("BLUEWIRE_DEVICE_USERNAME") or host.username or ""
            password = os.environ.get("BLUEWIRE_DEVICE_PASSWORD", "")
            enable = os.environ.get("BLUEWIRE_ENABLE_SECRET", "")
        hv = {"ansible_user": user, "ansible_password": password}
        if enable and profile(host.platform).enable:
            hv["ansible_become_password"] = enable
        out[host.name] = {k: v for k, v in hv.items() if v}
    return Credentials(out)


@contextlib.contextmanager
def private_data_dir() -> Iterator[Path]:
    """A 0700 directory that is removed however the block ends (error, Ctrl-C, SIGTERM)."""
    path = Path(tempfile.mkdtemp(prefix="bluewire-ansible-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def write_private(path: Path, text: str) -> None:
    """Create `path` readable by its owner only, before a byte of it is written."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


@contextlib.contextmanager
def _cancel_on_signals() -> Iterator[threading.Event]:
    """SIGINT/SIGTERM ask the runner to stop (it kills ansible-playbook); handlers are restored."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    old = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _run(
    playbook: Path,
    ai: AnsibleInventory,
    creds: Credentials,
    request: PlaybookRequest,
    out_dir: Path,
) -> list[dict[str, Any]]:
    import ansible_runner  # the optional extra: imported only when a playbook runs

    events: list[dict[str, Any]] = []
    progress = PlaybookProgress(len(ai.hostvars))
    with private_data_dir() as pdd, _cancel_on_signals() as stop, progress:
        write_private(pdd / "inventory" / "hosts.yml", to_yaml(ai))
        creds_yaml = yaml.safe_dump({"all": {"hosts": creds.hostvars}})
        write_private(pdd / "inventory" / "credentials.yml", creds_yaml)
        out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        runner = ansible_runner.run(
            private_data_dir=str(pdd),
            project_dir=str(playbook.parent),
            playbook=playbook.name,
            inventory=[str(pdd / "inventory" / f) for f in ("hosts.yml", "credentials.yml")],
            extravars={**_bluewire_vars(playbook, out_dir), **request.extra_vars},
            cmdline="--check" if request.check else None,
            envvars={**ENV, "PATH": _path_with_venv()},
            quiet=True,
            event_handler=partial(_keep, events, progress),
            cancel_callback=stop.is_set,
        )
        if stop.is_set():
            raise KeyboardInterrupt
        _check_ran(runner, events, creds)
    return events


def _keep(events: list[dict[str, Any]], progress: PlaybookProgress, event: dict[str, Any]) -> bool:
    """The runner's event handler: remember the event, show progress, let the runner keep it."""
    events.append(event)
    progress.event(event)
    return True


def _bluewire_vars(playbook: Path, out_dir: Path) -> dict[str, str]:
    root = playbook.parent.parent
    return {
        "bluewire_output_dir": str(out_dir.resolve()),
        "bluewire_project_dir": str(root.resolve()),
        "bluewire_software_policy": str((root / "inventory/policy/software.yaml").resolve()),
    }


def _path_with_venv() -> str:
    """ansible-playbook starts `ansible-connection` from PATH: put this Python's bin dir first."""
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def _check_ran(runner: Any, events: list[dict[str, Any]], creds: Credentials) -> None:
    """A playbook that never reached its recap (syntax error, bad extra vars) is a run error."""
    if any(e.get("event") == "playbook_on_stats" for e in events):
        return
    tail = "".join(str(e.get("stdout", "")) + "\n" for e in events[-12:]).strip()
    text = mask_values(
        tail or f"ansible-runner status {runner.status}, rc {runner.rc}", creds.values()
    )
    raise BluewireError(f"the playbook did not run: {text}")


def _sanitize_saved_configs(out_dir: Path, inventory: Inventory) -> None:
    if not out_dir.is_dir():
        return
    for path in out_dir.rglob("*.cfg"):
        host = inventory.hosts.get(path.stem)
        if host is not None:
            path.write_text(sanitize(path.read_text(encoding="utf-8"), host.platform))
            path.chmod(0o600)
    if not any(out_dir.iterdir()):
        out_dir.rmdir()  # a playbook that saves nothing leaves no empty folder behind
