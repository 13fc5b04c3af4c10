"""Sharding a lab over processes keeps every wired pair of devices in one process (shards.py).

The wiring is seen only within a process, so the check is against the lab's own topology: every
link and every established BGP session it finds among the example network's 24 devices (and
among configs written here in each platform's address syntax) joins hosts of one shard.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bluewire.lab.clock import Clock
from bluewire.lab.device import Device
from bluewire.lab.fleet import LabHostSpec, make_device
from bluewire.lab.shards import groups, partition
from bluewire.lab.topology import Topology

GOLDEN = Path(__file__).resolve().parents[3] / "golden_configs"


def _example() -> list[LabHostSpec]:
    from bluewire.inventory.load import load_inventory
    from bluewire.project import Project

    project = Project(GOLDEN.parent)
    return [
        LabHostSpec(h.name, h.platform, project.golden_path(h.name).read_text(encoding="utf-8"))
        for h in load_inventory(project).hosts.values()
    ]


def _wired(specs: list[LabHostSpec]) -> set[frozenset[str]]:
    """Pairs of hosts the lab's topology links or peers (established BGP)."""
    devices: dict[str, Device] = {}
    topology = Topology(devices)
    for spec in specs:
        device = make_device(spec, Clock(scale=60))
        device.topology = topology
        devices[spec.name] = device
    owners, links = topology.wiring()
    pairs = {frozenset((near[0], far[0])) for near, far in links.items()}
    for name in devices:
        for address in topology.facts(name).peers:
            if topology.bgp_up(name, address):
                pairs.add(frozenset((name, owners[address][0])))
    return pairs


def _shard_of(shards: list[list[LabHostSpec]]) -> dict[str, int]:
    return {spec.name: i for i, shard in enumerate(shards) for spec in shard}


@pytest.mark.parametrize("procs", [2, 3, 4])
def test_every_wired_pair_of_the_example_network_shares_a_shard(procs: int) -> None:
    specs = _example()
    wired = _wired(specs)
    assert len(wired) >= 5  # the example network is wired: the check checks something
    shard = _shard_of(partition(specs, procs))
    assert sorted(shard) == sorted(s.name for s in specs)
    assert [sorted(pair) for pair in wired if len({shard[h] for h in pair}) > 1] == []


def _junos_ibgp(loopback: str, neighbor: str) -> str:
    return (
        "interfaces {\n    lo0 {\n        unit 0 {\n            family inet {\n"
        f"                address {loopback}/32;\n            }}\n        }}\n    }}\n}}\n"
        "protocols {\n    bgp {\n        group ibgp {\n"
        f"            neighbor {neighbor};\n        }}\n    }}\n}}\n"
    )


PAIRS = {
    # platform: (config of a, config of b): a and b wired in the platform's own syntax
    "ios-subnet": (
        "ios",
        "hostname a\ninterface GigabitEthernet0/1\n ip address 10.9.0.1 255.255.255.252\n!\n",
        "hostname b\ninterface GigabitEthernet0/1\n ip address 10.9.0.2 255.255.255.252\n!\n",
    ),
    "eos-description": (
        "eos",
        "hostname a\ninterface Ethernet1\n   description b Ethernet1\n!\n",
        "hostname b\ninterface Ethernet1\n   description a Ethernet1\n!\n",
    ),
    "dellos10-subnet": (
        "dellos10",
        "hostname a\ninterface ethernet1/1/1\n no switchport\n ip address 10.9.0.0/31\n!\n",
        "hostname b\ninterface ethernet1/1/1\n no switchport\n ip address 10.9.0.1/31\n!\n",
    ),
    "junos-bgp-loopback": (
        "junos",
        _junos_ibgp("10.255.0.1", "10.255.0.2"),
        _junos_ibgp("10.255.0.2", "10.255.0.1"),
    ),
}


@pytest.mark.parametrize("case", list(PAIRS))
def test_hosts_wired_in_each_platform_syntax_are_one_group(case: str) -> None:
    platform, a, b = PAIRS[case]
    loners = [LabHostSpec(f"x{i}", platform, f"hostname x{i}\n") for i in range(4)]
    specs = [LabHostSpec("a", platform, a), *loners, LabHostSpec("b", platform, b)]
    found = sorted(sorted(s.name for s in g) for g in groups(specs))
    assert ["a", "b"] in found
    assert all(len(g) == 1 for g in found if g != ["a", "b"])


@pytest.mark.parametrize(("hosts", "procs"), [(10, 3), (7, 2), (3, 5), (1, 4), (100, 4)])
def test_unwired_hosts_are_spread_evenly_and_no_shard_is_empty(hosts: int, procs: int) -> None:
    specs = [LabHostSpec(f"h{i}", "ios", f"hostname h{i}\n") for i in range(hosts)]
    sizes = [len(shard) for shard in partition(specs, procs)]
    assert sum(sizes) == hosts and len(sizes) == min(hosts, procs)
    assert max(sizes) - min(sizes) <= 1


def test_hosts_that_only_point_at_a_host_stay_apart() -> None:
    """A cloned fleet all naming one lab host's address (an NTP server, a one-sided neighbour)
    is never wired to it; joining them would put the whole fleet in one process."""
    server = LabHostSpec(
        "srv", "ios", "interface Loopback0\n ip address 10.1.1.1 255.255.255.255\n"
    )
    clients = [
        LabHostSpec(f"c{i}", "ios", f"hostname c{i}\nntp server 10.1.1.1\n") for i in range(6)
    ]
    assert sorted(len(g) for g in groups([server, *clients])) == [1] * 7
    assert sorted(len(s) for s in partition([server, *clients], 3)) == [2, 2, 3]


@pytest.mark.parametrize("case", list(PAIRS))
def test_copies_of_one_config_are_spread(case: str) -> None:
    """A benchmark fleet of copies: a /31 on many hosts is no link (topology.py), so no group."""
    platform, a, _ = PAIRS[case]
    copies = [LabHostSpec(f"h{i}", platform, a) for i in range(8)]
    assert sorted(len(s) for s in partition(copies, 2)) == [4, 4]
