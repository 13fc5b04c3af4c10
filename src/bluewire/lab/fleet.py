"""The registry of lab platforms, and starting a fleet of devices in-process.

Each platform package (`platforms/<name>/`) exports one `LabPlatform` record, found through
`bluewire.platforms` (the project's one platform registry) and imported on first use, so a
platform whose front is missing fails with a clear message instead of breaking the whole lab
import. Everything binds 127.0.0.1 on free ports.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from bluewire.lab.clock import Clock
from bluewire.lab.device import Device, Grammar, LabError
from bluewire.lab.faults import FaultError
from bluewire.lab.platforms import Front as Front  # re-exported: fixtures type fronts with it
from bluewire.lab.platforms import LabPlatform, ServeFn
from bluewire.lab.topology import Topology
from bluewire.platforms import NAMES, profile

HOST = "127.0.0.1"


def platform(name: str) -> LabPlatform:
    """The lab record of platform `name`: the package `bluewire.platforms` names as its
    `lab_front`, imported on first use."""
    module_name = profile(name).lab_front if name in NAMES else ""
    if not module_name:
        raise LabError(f"no lab front for platform {name!r} (known: {', '.join(NAMES)})")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise LabError(f"lab front {module_name} for {name} is not available: {exc}") from exc
    found = getattr(module, "PLATFORM", None)
    if not isinstance(found, LabPlatform):
        raise LabError(f"{module_name} exports no LabPlatform named PLATFORM")
    return found


def grammar_for(name: str) -> Grammar:
    """The config grammar of platform `name`."""
    return platform(name).grammar()


def front_for(name: str) -> ServeFn:
    """The `serve` function of the platform's front."""
    return platform(name).serve


@dataclass(frozen=True)
class LabHostSpec:
    """One lab host: its name, platform and the config it boots with."""

    name: str
    platform: str
    config: str
    username: str = "admin"
    password: str = "admin"
    model: str = ""
    os_version: str = ""
    serial: str = ""


@dataclass
class Lab:
    """The running lab: devices and their fronts by host name."""

    devices: dict[str, Device] = field(default_factory=dict)
    fronts: dict[str, Front] = field(default_factory=dict)
    host: str = HOST
    topology: Topology | None = None  # BGP/LLDP state derived from the devices' running configs

    def device(self, name: str) -> Device:
        return self.devices[name]

    def address(self, name: str) -> tuple[str, int]:
        return self.host, self.fronts[name].port

    def fault(self, host: str, kind: str, value: str | None) -> None:
        """Set one fault on one device; kind `clear` removes them all (FaultError: bad input)."""
        if host not in self.devices:
            raise FaultError(f"{host}: not a lab host")
        self.devices[host].set_fault(kind, value)

    def stop(self) -> None:
        for name in list(self.fronts):
            self.fronts.pop(name).stop()
        for device in self.devices.values():
            device.cancel_pending()


def make_device(spec: LabHostSpec, clock: Clock) -> Device:
    """A device booted with `spec.config`, validated and shown as the platform prints it."""
    record = platform(spec.platform)
    model, version = record.default_model
    grammar = record.grammar()
    return Device(
        name=spec.name,
        platform=spec.platform,
        grammar=grammar,
        running=grammar.replace("", spec.config),
        clock=clock,
        username=spec.username,
        password=spec.password,
        enable_secret=spec.password,
        model=spec.model or model,
        os_version=spec.os_version or version,
        serial=spec.serial or f"LAB{abs(hash(spec.name)) % 10**8:08d}",
    )


def start_device(spec: LabHostSpec, clock: Clock, host: str = HOST) -> tuple[Device, Front]:
    """One device and its front on a free port (what per-test fixtures use)."""
    device = make_device(spec, clock)
    return device, front_for(spec.platform)(device, host, 0)


def start_lab(hosts: list[LabHostSpec], clock: Clock, host: str = HOST) -> Lab:
    """Start every host, wired into one topology; on a failure the started part is stopped."""
    lab = Lab(host=host)
    lab.topology = Topology(lab.devices)
    try:
        for spec in hosts:
            device = make_device(spec, clock)
            device.topology = lab.topology
            lab.devices[spec.name] = device
            lab.fronts[spec.name] = front_for(spec.platform)(device, host, 0)
    except BaseException:
        lab.stop()
        raise
    return lab
