"""`bluewire lab up --procs N`: the devices served by child processes, through the real NAPALM
drivers, with faults forwarded to the process that runs the host and links kept within one."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import napalm
import pytest

from bluewire.cli.main import main
from bluewire.lab.state import read_state
from bluewire.project import Project

pytestmark = pytest.mark.lab

# dc-leaf-1 and hq-core-1 are linked (one shard); the two district switches are alone.
HOSTS = ["dc-leaf-1", "hq-core-1", "d1-access-1", "d1-access-2"]


def bluewire(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


@pytest.fixture
def sharded(example_project: Project) -> Iterator[Project]:
    limits = [arg for host in HOSTS for arg in ("--limit", host)]
    assert bluewire(example_project, "lab", "up", "--procs", "2", *limits) == 0
    try:
        yield example_project
    finally:
        bluewire(example_project, "lab", "down")


def _driver(endpoint: dict[str, Any]) -> Any:
    cls = napalm.get_network_driver(endpoint["napalm_driver"])
    return cls(
        endpoint["address"],
        endpoint["username"],
        endpoint["password"],
        optional_args=endpoint["optional_args"],
    )


def _descendants(pid: int) -> set[int]:
    """Every process below `pid`."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found |= {int(child)} | _descendants(int(child))
    return found


def _serving(port: int) -> set[int]:
    """PIDs that own a listening socket on 127.0.0.1:`port` (from /proc)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":  # LISTEN
            inodes.add(fields[9])
    pids = set()
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                links = {os.readlink(fd) for fd in (proc / "fd").iterdir()}
            except OSError:
                continue
            if any(f"socket:[{inode}]" in links for inode in inodes):
                pids.add(int(proc.name))
    return pids


def test_devices_are_served_by_child_processes_answer_napalm_and_take_faults(
    sharded: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert bluewire(sharded, "lab", "status", "--format", "json") == 0
    state = json.loads(capsys.readouterr().out)
    assert sorted(state["endpoints"]) == sorted(HOSTS)
    shards = _descendants(state["pid"])
    owners = {host: _serving(e["port"]) for host, e in state["endpoints"].items()}
    assert all(len(pids) == 1 and pids <= shards for pids in owners.values()), (owners, shards)
    assert len(set().union(*owners.values())) == 2  # both processes serve devices
    assert owners["dc-leaf-1"] == owners["hq-core-1"]  # linked: one process

    for host, endpoint in state["endpoints"].items():
        driver = _driver(endpoint)
        driver.open()
        try:
            assert driver.get_facts()["hostname"] == host
        finally:
            driver.close()
    driver = _driver(state["endpoints"]["dc-leaf-1"])
    driver.open()
    try:
        neighbours = driver.get_lldp_neighbors()
    finally:
        driver.close()
    assert "hq-core-1" in {n["hostname"] for ns in neighbours.values() for n in ns}
    _a_fault_reaches_the_process_that_runs_the_host(sharded)


def _a_fault_reaches_the_process_that_runs_the_host(sharded: Project) -> None:
    state = read_state(sharded)
    assert state is not None
    refused = {"hq-core-1", "d1-access-2"}  # one host in each process
    for host in refused:
        assert bluewire(sharded, "lab", "fault", host, "refuse-login") == 0
    for name, endpoint in state.endpoints.items():
        driver = _driver(dict(endpoint.__dict__))
        if name in refused:
            with pytest.raises(Exception, match=r"(?i)auth|401|denied"):
                driver.open()
        else:
            driver.open()
            driver.close()


def test_lab_down_ends_every_process(sharded: Project) -> None:
    state = read_state(sharded)
    assert state is not None
    shards = _descendants(state.pid)
    assert len(shards) >= 2
    assert bluewire(sharded, "lab", "down") == 0
    for _ in range(100):  # the shards leave once the daemon has stopped them
        if not any(Path(f"/proc/{pid}").exists() for pid in shards):
            break
        time.sleep(0.1)
    assert [pid for pid in shards if Path(f"/proc/{pid}").exists()] == []
