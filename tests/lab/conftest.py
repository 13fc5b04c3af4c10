"""Fixtures that start lab devices in-process (real protocol servers on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from bluewire.lab.clock import Clock
from bluewire.lab.device import Device
from bluewire.lab.fleet import Front, Lab, LabHostSpec, start_device, start_lab
from bluewire.lab.platforms.dellos10 import front as os10
from tests.lab.test_dellos10 import make_device

# 60 lab seconds per real second: a 1-minute revert timer fires in about a second.
LAB_SCALE = 60.0

StartDevice = Callable[[LabHostSpec], tuple[Device, Front]]


@pytest.fixture(scope="session")
def lab_clock() -> Clock:
    return Clock(scale=LAB_SCALE)


@pytest.fixture
def start_lab_device(lab_clock: Clock) -> Iterator[StartDevice]:
    """Start fresh devices for one test; all of them stop when the test ends."""
    started: list[tuple[Device, Front]] = []

    def start(spec: LabHostSpec) -> tuple[Device, Front]:
        pair = start_device(spec, lab_clock)
        started.append(pair)
        return pair

    yield start
    for device, front in started:
        front.stop()
        device.cancel_pending()


@pytest.fixture(scope="session")
def session_lab(lab_clock: Clock, request: pytest.FixtureRequest) -> Iterator[Callable[..., Lab]]:
    """Start a shared lab from specs once per session (for read-only tests over many hosts)."""
    labs: list[Lab] = []

    def start(hosts: list[LabHostSpec]) -> Lab:
        lab = start_lab(hosts, lab_clock)
        labs.append(lab)
        return lab

    yield start
    for lab in labs:
        lab.stop()


@pytest.fixture
def os10_switch() -> Iterator[tuple[Device, int]]:
    """One lab OS10 switch serving SSH on 127.0.0.1: (device, port); no reload left armed."""
    dev = make_device()
    front = os10.serve(dev)
    yield dev, front.port
    dev.cancel_pending()
    front.stop()
