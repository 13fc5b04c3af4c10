"""The `latency` fault is a network round trip: charged once per exchange the client waits for.

Over SSH CLI the client waits for the prompt after every line, so each line costs one latency;
over eAPI one HTTP request carries any number of commands and costs one; over NETCONF each RPC
costs one. The waits are counted on the lab's clock (every latency is one `Clock.sleep`), not
measured in wall time, so the counts hold on a loaded machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pyeapi
import pytest
from netmiko import ConnectHandler

from bluewire.lab.clock import Clock
from bluewire.lab.device import Device
from bluewire.lab.fleet import Front, start_device
from tests.lab.conftest import LAB_SCALE
from tests.lab.targets import TARGETS

pytestmark = pytest.mark.lab

LATENCY = "0.06"  # lab seconds: 1 ms at the test scale; only the count matters


@dataclass(frozen=True)
class CountingClock(Clock):
    """The lab clock, remembering every sleep (each one is a latency the device charged)."""

    sleeps: list[float] = field(default_factory=list)

    def sleep(self, lab_seconds: float) -> None:
        self.sleeps.append(lab_seconds)
        super().sleep(lab_seconds)


@dataclass
class Counted:
    device: Device
    front: Front
    clock: CountingClock

    def mark(self) -> tuple[int, int]:
        return len(self.clock.sleeps), len(self.device.wire)

    def since(self, mark: tuple[int, int], kind: str) -> tuple[int, list[str]]:
        """Latencies charged since `mark`, and the wire entries of `kind` logged since."""
        sleeps, wire = mark
        texts = [w.text for w in self.device.wire[wire:] if w.kind == kind]
        return len(self.clock.sleeps) - sleeps, texts


@pytest.fixture
def start_counted() -> Iterator[Any]:
    started: list[Counted] = []

    def start(platform: str) -> Counted:
        clock = CountingClock(scale=LAB_SCALE)
        device, front = start_device(TARGETS[platform].spec(), clock)
        device.set_fault("latency", LATENCY)
        started.append(Counted(device, front, clock))
        return started[-1]

    yield start
    for counted in started:
        counted.front.stop()
        counted.device.cancel_pending()


def eapi(front: Front) -> Any:
    return pyeapi.client.connect(
        transport="https", host="127.0.0.1", port=front.port, username="admin", password="admin"
    )


@pytest.mark.parametrize("lines", [0, 1, 7, 60])
def test_an_eapi_request_is_one_round_trip_whatever_it_carries(
    start_counted: Any, lines: int
) -> None:
    eos = start_counted("eos")
    connection = eapi(eos.front)
    cmds = ["enable", "configure", *[f"vlan {300 + i}" for i in range(lines)], "end"]
    for request in (1, 2):
        mark = eos.mark()
        connection.execute(cmds)
        waits, logged = eos.since(mark, "cmd")
        assert waits == 1, f"request {request}: {len(cmds)} commands cost {waits} latencies"
        assert logged == cmds, "the wire log still records every command of the request"
    assert set(eos.clock.sleeps) == {float(LATENCY)}
    assert all(f"vlan {300 + i}" in eos.device.running for i in range(lines))


def test_a_napalm_replace_on_eos_costs_one_round_trip_per_request(start_counted: Any) -> None:
    eos = start_counted("eos")
    driver = TARGETS["eos"].driver(eos.device, eos.front.port)
    try:
        mark = eos.mark()
        driver.load_replace_candidate(config=TARGETS["eos"].config + "vlan 399\n")
        assert "vlan 399" in driver.compare_config()
        driver.discard_config()
        waits, requests = eos.since(mark, "rpc")
        _, commands = eos.since(mark, "cmd")
    finally:
        driver.close()
    assert waits == len(requests), "one latency per eAPI request"
    assert len(commands) > 10 * len(requests), "the replace's lines travel in a few requests"


@pytest.mark.parametrize("platform", ["ios", "dellos10"])
@pytest.mark.parametrize("lines", [1, 8])
def test_each_ssh_cli_line_is_one_round_trip(start_counted: Any, platform: str, lines: int) -> None:
    box = start_counted(platform)
    port_cmd = {"ios": "interface GigabitEthernet1/0/2", "dellos10": "interface ethernet1/1/2"}
    config = [port_cmd[platform], *[f"description line-{i}" for i in range(lines)]]
    device_type = {"ios": "cisco_ios", "dellos10": "dell_os10"}[platform]
    params = {"username": "admin", "password": "admin", "secret": box.device.enable_secret}
    with ConnectHandler(
        device_type=device_type, host="127.0.0.1", port=box.front.port, **params
    ) as conn:
        conn.enable()
        mark = box.mark()
        conn.send_config_set(config)
        waits, logged = box.since(mark, "cmd")
    assert [line for line in config if line not in logged] == []
    assert waits == len(logged), f"{len(logged)} lines sent, {waits} latencies charged"
    assert waits >= len(config)
    assert f"description line-{lines - 1}" in box.device.running


def test_each_netconf_rpc_is_one_round_trip(start_counted: Any) -> None:
    junos = start_counted("junos")
    driver = TARGETS["junos"].driver(junos.device, junos.front.port)
    try:
        mark = junos.mark()
        driver.load_merge_candidate(config=TARGETS["junos"].merge)
        assert TARGETS["junos"].marker in driver.compare_config()
        driver.discard_config()
        waits, rpcs = junos.since(mark, "rpc")
    finally:
        driver.close()
    assert len(rpcs) >= 3  # lock, load, diff, discard, unlock
    assert waits == len(rpcs)
