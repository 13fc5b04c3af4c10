"""Drift reads the OS version with one command (or none) and gets what NAPALM's get_facts says.

Through the real drivers against the lab: for every platform and several version spellings, the
cheap reading equals `get_facts()["os_version"]`, and costs the device fewer commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import napalm
import pytest

from bluewire.device.ops import get_os_version, get_running
from bluewire.lab.clock import Clock
from bluewire.lab.fleet import Lab, LabHostSpec, start_lab
from bluewire.platforms import profile

pytestmark = pytest.mark.lab
GOLDEN = Path(__file__).resolve().parents[2] / "golden_configs"
HOSTS = {"eos": "dc-leaf-1", "ios": "hq-core-1", "junos": "cjis-fw-1", "dellos10": "dc-tor-1"}
OPTIONAL: dict[str, dict[str, Any]] = {
    "eos": {"transport": "https"},
    "ios": {"dest_file_system": "flash:", "secret": "admin"},
}
VERSIONS = {
    "ios": ["17.9.4a", "17.3.1", "16.12.10a"],
    "eos": ["4.31.2F", "4.28.10.1M"],
    "junos": ["22.4R3-S2", "21.2R1", "23.2R1.13"],
    "dellos10": ["10.5.5.5", "10.5.4.0"],
}
CASES = [(p, v) for p, versions in VERSIONS.items() for v in versions]


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    specs = [
        LabHostSpec(host, platform, (GOLDEN / f"{host}.cfg").read_text())
        for platform, host in HOSTS.items()
    ]
    lab = start_lab(specs, Clock(60))
    yield lab
    lab.stop()


def _driver(lab: Lab, platform: str) -> Any:
    args = {"port": lab.address(HOSTS[platform])[1], **OPTIONAL.get(platform, {})}
    driver = napalm.get_network_driver(profile(platform).napalm_driver)
    return driver("127.0.0.1", "admin", "admin", 20, args)


@pytest.mark.parametrize(("platform", "version"), CASES, ids=[f"{p}-{v}" for p, v in CASES])
def test_cheap_reading_equals_get_facts(lab: Lab, platform: str, version: str) -> None:
    device = lab.devices[HOSTS[platform]]
    device.os_version = version
    driver = _driver(lab, platform)
    driver.open()
    try:
        running = get_running(driver)
        before = len(device.wire)
        cheap = get_os_version(driver, platform, running)
        cheap_cost = len(device.wire) - before
        facts = driver.get_facts()["os_version"]
        facts_cost = len(device.wire) - before - cheap_cost
    finally:
        driver.close()
    assert version in cheap
    assert cheap == facts
    assert cheap_cost < facts_cost


def test_without_a_platform_reading_get_facts_answers(lab: Lab) -> None:
    driver = _driver(lab, "junos")
    driver.open()
    try:
        assert get_os_version(driver) == driver.get_facts()["os_version"]
    finally:
        driver.close()
