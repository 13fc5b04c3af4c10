"""The wiring is read per device: what one show costs must not grow with the lab (issue 13).

A lab process serves hundreds of devices; a getter that re-reads every device's facts on each
port lookup made `show ip interface brief` 17x slower at 600 devices than at 24. Counted here
as facts reads, not timed, so the test is exact under any load.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bluewire.lab.clock import Clock
from bluewire.lab.device import Device
from bluewire.lab.facts import Facts
from bluewire.lab.fleet import LabHostSpec, make_device
from bluewire.lab.topology import Topology


def _config(index: int, shut: bool = False) -> str:
    """Device `index`'s config: one routed port linked to its pair (index ^ 1), BGP to it."""
    peer = index ^ 1
    state = "shutdown" if shut else "no shutdown"
    return (
        f"hostname r{index}\n"
        "interface GigabitEthernet0/1\n"
        f" description r{peer} GigabitEthernet0/1\n"
        f" ip address 10.{index // 2 // 250}.{index // 2 % 250}.{1 + index % 2} 255.255.255.252\n"
        f" {state}\n"
        "!\n"
        f"router bgp {65000 + index}\n"
        f" neighbor 10.{peer // 2 // 250}.{peer // 2 % 250}.{1 + peer % 2} remote-as {65000 + peer}\n"
        "!\n"
    )


def _lab(count: int) -> tuple[Topology, dict[str, Device]]:
    devices: dict[str, Device] = {}
    topology = Topology(devices)
    clock = Clock(scale=60)
    for i in range(count):
        device = make_device(LabHostSpec(f"r{i}", "ios", _config(i)), clock)
        device.topology = topology
        devices[device.name] = device
    return topology, devices


READS: dict[str, Callable[[Topology], object]] = {
    "port_up": lambda t: t.port_up("r0", "GigabitEthernet0/1"),
    "lldp": lambda t: t.lldp("r0"),
    "bgp_session": lambda t: t.bgp_session("r0", "10.0.0.2"),
}


def _facts_read(topology: Topology, read: Callable[[Topology], object]) -> int:
    """How many device facts one warm read looks at."""
    read(topology)  # the first read after a change recomputes the wiring once
    count = 0
    inner = topology.facts

    def counting(name: str) -> Facts:
        nonlocal count
        count += 1
        return inner(name)

    topology.facts = counting  # type: ignore[method-assign]
    read(topology)
    return count


@pytest.mark.parametrize("read", list(READS))
def test_a_read_looks_at_the_same_devices_in_a_small_and_a_large_lab(read: str) -> None:
    small, _ = _lab(4)
    large, _ = _lab(60)
    assert _facts_read(large, READS[read]) == _facts_read(small, READS[read]) <= 3


def test_reads_are_true_in_the_large_lab() -> None:
    topology, _ = _lab(60)
    assert topology.port_up("r0", "GigabitEthernet0/1")
    assert [link.remote_host for link in topology.lldp("r0")] == ["r1"]
    assert topology.bgp_session("r0", "10.0.0.2").up


@pytest.mark.parametrize("how", ["commit", "assignment"])
def test_a_change_anywhere_reaches_the_far_end(how: str) -> None:
    topology, devices = _lab(6)
    assert topology.port_up("r0", "GigabitEthernet0/1")
    far = devices["r1"]
    shut = far.grammar.replace("", _config(1, shut=True))
    if how == "commit":
        far.commit(shut, "test")
    else:
        far.running = shut  # what tests and seeding do
    assert not topology.port_up("r0", "GigabitEthernet0/1")
    assert not topology.bgp_session("r0", "10.0.0.2").up
    assert topology.lldp("r0") == []


def test_a_device_added_later_is_wired() -> None:
    topology, devices = _lab(5)  # r4's pair r5 is missing
    assert topology.lldp("r4") == []
    device = make_device(LabHostSpec("r5", "ios", _config(5)), Clock(scale=60))
    device.topology = topology
    devices["r5"] = device
    assert [link.remote_host for link in topology.lldp("r4")] == ["r5"]
