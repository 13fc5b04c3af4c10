"""Read devices for drift (and `compliance --target running`): running config and OS version.

Each config is sanitized once, as soon as its host's read completes, in the worker thread that
read it, and handed to an optional `then(host, text)` (drift plans the host there): a host's CPU
work overlaps the other hosts' network waits instead of queueing up after the last read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from nornir.core.inventory import Host
from nornir.core.task import MultiResult, Task

from bluewire.device.connect import make_nornir
from bluewire.device.errors import describe, innermost
from bluewire.inventory.model import Inventory
from bluewire.lab.state import require_state
from bluewire.plan.build import redact
from bluewire.progress import NornirProgress, status
from bluewire.project import Project
from bluewire.runs.failures import log_failures
from bluewire.secrets import SecretStore, mask_values
from bluewire.tasks.drift import DeviceReading, read_device

Then = Callable[[str, str], None]  # (host, sanitized running config)


@dataclass(frozen=True)
class Readings:
    """What the devices said: sanitized running config and OS version, or an error per host."""

    running: dict[str, str] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    errors: dict[str, BaseException] = field(default_factory=dict)


def read_running(
    project: Project, inventory: Inventory, hosts: list[str], *, lab: bool, workers: int = 50
) -> tuple[dict[str, str], dict[str, str]]:
    """(sanitized running configs, error text per host): `compliance --target running` reads
    devices through drift's own reading, so both see the same text."""
    store = SecretStore(project.root, lab=lab)
    readings = read_devices(project, inventory, hosts, lab=lab, workers=workers, store=store)
    secrets = store.known_values()
    return readings.running, {h: describe(e, secrets) for h, e in readings.errors.items()}


def read_devices(
    project: Project,
    inventory: Inventory,
    hosts: list[str],
    *,
    lab: bool,
    workers: int,
    store: SecretStore,
    then: Then | None = None,
) -> Readings:
    """Each host's running config (sanitized once, here) and OS version, or its error."""
    readings = Readings()
    endpoints = require_state(project).endpoints if lab else None
    if endpoints is not None:  # a host the lab does not simulate is an error row, not a crash
        for host in [h for h in hosts if h not in endpoints]:
            readings.errors[host] = LookupError("not in the running device lab")
        hosts = [h for h in hosts if h in endpoints]
    if not hosts:
        return readings
    nr = make_nornir(inventory, hosts, endpoints=endpoints, workers=workers)
    status(f"reading {len(hosts)} device(s){' on the lab' if lab else ''}...")
    taking = _Take(inventory, readings, store.known_values(), then)
    results = nr.with_processors([taking, NornirProgress("reading", done="read")]).run(
        task=read_device
    )
    nr.close_connections()
    log_failures(project, "drift", results)
    if taking.bug is not None:  # a bug in `then`: raised here, not lost in a worker thread
        raise taking.bug
    return readings


class _Take:
    """A Nornir Processor: each host's reading sanitized and handed on as soon as it is read."""

    def __init__(
        self, inventory: Inventory, readings: Readings, secrets: list[str], then: Then | None
    ) -> None:
        self.inventory, self.readings, self.secrets, self.then = inventory, readings, secrets, then
        self.bug: BaseException | None = None
        self._lock = threading.Lock()

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        if result.failed:
            failure = result[0].exception or RuntimeError("failed")
            self.readings.errors[host.name] = innermost(failure)
            return
        reading: DeviceReading = result[0].result
        platform = self.inventory.hosts[host.name].platform
        # by position, then known values (8+ characters) as drift's last resort for backups
        text = mask_values(redact(reading.running, platform), self.secrets)
        self.readings.running[host.name] = text
        self.readings.versions[host.name] = reading.os_version
        if self.then is None:
            return
        try:
            self.then(host.name, text)
        except Exception as exc:
            with self._lock:
                self.bug = self.bug or exc

    def task_started(self, task: Task) -> None:
        pass

    def task_completed(self, task: Task, result: object) -> None:
        pass

    def task_instance_started(self, task: Task, host: Host) -> None:
        pass

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        pass

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        pass
