"""A lab spread over several processes (`bluewire lab up --procs N`).

One Python process runs on one core at a time (the GIL), so a lab of hundreds of devices in one
process is bound by one core while the client waits. Here each shard is a child process running
`fleet.start_lab` on its part of the hosts; the parent keeps the addresses, forwards faults to the
shard that owns the host, and stops them all.

The wiring (`topology.py`) joins the devices of one process only, so hosts that may see each
other stay in one shard: `groups` keeps together hosts that share a /30 or /31, or whose configs
both point at the other (a description naming it, an address it assigns: BGP needs both sides'
neighbour statements, a described link both sides' descriptions). A host that only points at
another (a shared NTP server that is also a lab host) is not joined: that is never a link or a
session, and it would tie a whole cloned fleet into one shard. It reads the text, not the parsed
config, so that sharding costs far less than booting; it may keep too much together, never too
little, for the links `topology.py` knows.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from bluewire.lab.clock import Clock
from bluewire.lab.device import LabError
from bluewire.lab.faults import FaultError
from bluewire.lab.fleet import HOST, LabHostSpec, start_lab

_IPV4 = r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"
# `ip address A M`, `ip address A/L`, Junos `address A/L;` (not helper-/virtual-address)
_ASSIGNED = re.compile(rf"(?:^|\s)(?:ipv4 |ip )?address ({_IPV4})(?:/(\d+)| ({_IPV4}))?")
_ANY_IPV4 = re.compile(rf"\b{_IPV4}\b")
_DESCRIPTION = re.compile(r"^\s*(?:set .*\s)?description\s+\"?(.+?)\"?;?\s*$", re.MULTILINE)
_TICKS = os.sysconf("SC_CLK_TCK")


class _Groups:
    """Union-find over host names."""

    def __init__(self, names: Iterable[str]) -> None:
        self.parent = {name: name for name in names}

    def find(self, name: str) -> str:
        while self.parent[name] != name:
            self.parent[name] = self.parent[self.parent[name]]
            name = self.parent[name]
        return name

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _assigned(config: str) -> Iterable[tuple[str, str | None]]:
    """(address, its /30 or /31 network if it is on one) for each address the config assigns."""
    for match in _ASSIGNED.finditer(config):
        address, length, mask = match.groups()
        try:
            net = ipaddress.ip_interface(f"{address}/{length or mask or 32}").network
        except ValueError:
            continue
        yield address, (str(net) if 30 <= net.prefixlen <= 31 else None)


def groups(specs: list[LabHostSpec]) -> list[list[LabHostSpec]]:
    """Hosts that may be wired to each other, in groups (see the module docstring)."""
    found = _Groups(s.name for s in specs)
    owners: dict[str, str] = {}  # as topology.py: the last host assigning an address owns it
    ends: dict[str, set[str]] = {}
    for spec in specs:
        for address, net in _assigned(spec.config):
            owners[address] = spec.name
            if net is not None:
                ends.setdefault(net, set()).add(spec.name)
    for hosts in ends.values():
        if len(hosts) == 2:  # a /30 or /31 between two hosts (more: no link, as topology.py)
            found.join(*hosts)
    named = {spec.name: set(_named(spec.config, owners, found.parent)) for spec in specs}
    for name, others in named.items():
        for other in others:
            if name in named[other]:  # both ends agree, as a link or a BGP session needs
                found.join(name, other)
    out: dict[str, list[LabHostSpec]] = {}
    for spec in specs:
        out.setdefault(found.find(spec.name), []).append(spec)
    return list(out.values())


def _named(config: str, owners: dict[str, str], hosts: dict[str, str]) -> Iterable[str]:
    """The hosts a config points at: owners of addresses it uses, hosts its descriptions name."""
    for token in _ANY_IPV4.findall(config):
        if token in owners:
            yield owners[token]
    for description in _DESCRIPTION.findall(config):
        yield from (word for word in description.split() if word in hosts)


def partition(specs: list[LabHostSpec], procs: int) -> list[list[LabHostSpec]]:
    """`procs` shards of about equal size, each group whole (largest groups placed first)."""
    shards: list[list[LabHostSpec]] = [[] for _ in range(max(1, procs))]
    for group in sorted(groups(specs), key=len, reverse=True):
        min(shards, key=len).extend(group)
    return [shard for shard in shards if shard]


def _serve(lines: IO[str], out: IO[str]) -> None:
    """One shard (`python -m bluewire.lab.shards`): a JSON line of specs in, its ports out, then
    one JSON reply per request line until `stop` or the parent goes (end of input)."""
    setup = json.loads(lines.readline())
    specs = [LabHostSpec(**spec) for spec in setup["specs"]]
    lab = start_lab(specs, Clock(setup["time_scale"]))
    for device in lab.devices.values():
        device.faults.latency_s = setup["latency"]
    _reply(out, {s.name: lab.address(s.name)[1] for s in specs})
    for line in lines:
        request = json.loads(line)
        if request["op"] == "stop":
            break
        try:
            if request["op"] == "fault":
                lab.fault(request["host"], request["kind"], request["value"])
                _reply(out, None)
            else:  # "commands": how many exchanges the devices answered (each one `latency`)
                _reply(out, sum(d.round_trips for d in lab.devices.values()))
        except FaultError as exc:
            _reply(out, None, str(exc))
    lab.stop()


def _reply(out: IO[str], value: Any, error: str = "") -> None:
    out.write(json.dumps({"value": value, "error": error}) + "\n")
    out.flush()


class Shards:
    """The lab over `procs` child processes: addresses, faults, counters, stop.

    A shard is a fresh interpreter (`python -m bluewire.lab.shards`), not a fork: the parent may
    have threads (sessions, a test runner) whose locks a fork would inherit held, and a
    multiprocessing child re-imports the parent's main module (a whole benchmark client)."""

    def __init__(
        self, specs: list[LabHostSpec], procs: int, time_scale: float = 1.0, latency: float = 0.0
    ) -> None:
        self.host = HOST
        self.ports: dict[str, int] = {}
        self._owner: dict[str, int] = {}
        self._procs: list[subprocess.Popen[str]] = []
        self._locks: list[threading.Lock] = []
        for index, shard in enumerate(partition(specs, procs)):
            proc = subprocess.Popen(
                [sys.executable, "-m", __name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            setup = {"specs": [asdict(s) for s in shard], "time_scale": time_scale}
            self._send(proc, {**setup, "latency": latency})
            self._procs.append(proc)
            self._locks.append(threading.Lock())
            self._owner.update((s.name, index) for s in shard)
        try:
            for proc in self._procs:
                self.ports.update(self._receive(proc))
        except LabError:
            self.stop()
            raise

    @staticmethod
    def _send(proc: subprocess.Popen[str], message: dict[str, Any]) -> None:
        assert proc.stdin is not None
        proc.stdin.write(json.dumps(message) + "\n")
        proc.stdin.flush()

    @staticmethod
    def _receive(proc: subprocess.Popen[str]) -> Any:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:  # its traceback went to stderr
            raise LabError(f"lab shard {proc.pid} ended (exit {proc.wait()})")
        reply = json.loads(line)
        if reply["error"]:
            raise FaultError(reply["error"])
        return reply["value"]

    @property
    def pids(self) -> list[int]:
        return [proc.pid for proc in self._procs]

    def address(self, name: str) -> tuple[str, int]:
        return self.host, self.ports[name]

    def _ask(self, index: int, request: dict[str, Any]) -> Any:
        with self._locks[index]:
            self._send(self._procs[index], request)
            return self._receive(self._procs[index])

    def fault(self, host: str, kind: str, value: str | None) -> None:
        """Set a fault on `host` in the shard that runs it (FaultError: bad input)."""
        if host not in self._owner:
            raise FaultError(f"{host}: not a lab host")
        self._ask(self._owner[host], {"op": "fault", "host": host, "kind": kind, "value": value})

    def commands(self) -> int:
        """Exchanges every device answered so far, each charged one `latency` (an SSH CLI line,
        a NETCONF RPC, an eAPI request)."""
        return sum(self._ask(i, {"op": "commands"}) for i in range(len(self._procs)))

    def cpu(self) -> float:
        """CPU seconds (user + system) the shard processes used so far."""
        total = 0
        for pid in self.pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / _TICKS

    def rss(self) -> int:
        """Resident bytes of the shard processes now."""
        pages = sum(int(Path(f"/proc/{pid}/statm").read_text().split()[1]) for pid in self.pids)
        return pages * os.sysconf("SC_PAGE_SIZE")

    def stop(self) -> None:
        for index, proc in enumerate(self._procs):
            with self._locks[index], contextlib.suppress(OSError):  # OSError: it has gone
                self._send(proc, {"op": "stop"})
        for proc in self._procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    _serve(sys.stdin, sys.stdout)
