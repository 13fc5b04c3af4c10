"""Benchmark: the device lab serving get_config to the real NAPALM drivers, both sides' CPU measured.

    .venv/bin/python -m bench.lab [--devices 200] [--workers 50] [--clients 2]
                                  [--platforms eos,ios,junos,dellos10] [--lab-procs 2] [--startup-only]

The lab runs in --lab-procs processes of its own (`bluewire lab up --procs N`, shards.py); the
client is --clients other processes (bench/lab_client.py), each Nornir + nornir_napalm with its
share of the --workers threads, as a bluewire run connects: the issue measures the lab, and one
client process is bound near 75 get_config/s by its own CPU. Devices are the example network's
golden configs, the platforms in equal shares.

Reports start-up time and the lab's RSS, then one get_config per device for each platform alone
and for the mix: get_config/s, the lab's CPU per session (every shard process) and the clients'
CPU per request (all client processes), with the load average: on a shared machine the wall-clock
rates depend on the neighbours, the CPU per session is what the lab controls. Targets (issue 13): <= 3 ms lab CPU per get_config session on every platform,
>= 100 mixed get_config/s on 2 cores, 1,000 devices up in < 10 s with < 2 GiB RSS.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.lab_client import Clients
from bluewire.inventory.load import load_inventory
from bluewire.lab.clock import Clock
from bluewire.lab.fleet import LabHostSpec, start_lab
from bluewire.lab.shards import Shards
from bluewire.project import find_project_root
from bluewire.render import Renderer, render_hosts


def golden_by_platform(platforms: Sequence[str]) -> dict[str, list[str]]:
    """Rendered golden configs of the example inventory, grouped by platform."""
    project = find_project_root()
    hosts = [h for h in load_inventory(project).hosts.values() if h.platform in platforms]
    out: dict[str, list[str]] = {}
    for r in render_hosts(Renderer(project.templates_dir), hosts):
        if not r.error and r.config:
            out.setdefault(_platform(hosts, r.host), []).append(r.config)
    return out


def _platform(hosts: list[Any], name: str) -> str:
    return next(str(h.platform) for h in hosts if h.name == name)


def usable(platform: str, config: str, clock: Clock) -> bool:
    """Whether this platform's front and grammar start here (other fronts may be missing)."""
    try:
        lab = start_lab([LabHostSpec("probe", platform, config)], clock)
    except Exception as exc:  # a missing or broken front: report and leave it out
        print(f"  {platform}: skipped ({exc.__class__.__name__}: {exc})", file=sys.stderr)
        return False
    lab.stop()
    return True


def specs(count: int, golden: dict[str, list[str]]) -> list[LabHostSpec]:
    cycle = itertools.cycle(
        [
            (p, c)
            for configs in zip(*golden.values(), strict=False)
            for p, c in zip(golden, configs, strict=True)
        ]
        or [(p, c) for p, cs in golden.items() for c in cs]
    )
    return [LabHostSpec(f"lab-{i:04d}", *next(cycle)) for i in range(count)]


@dataclass
class Run:
    """One get_config round: sessions served, time, and both sides' CPU."""

    label: str
    ok: int
    failed: list[str]
    wall: float
    lab_cpu: float
    client_cpu: float

    def line(self) -> str:
        per = max(self.ok, 1)
        return (
            f"{self.label:9} {self.ok:5} ok {len(self.failed):3} failed {self.wall:7.2f} s "
            f"{self.ok / self.wall:7.1f} get_config/s   lab CPU {1000 * self.lab_cpu / per:6.2f} ms"
            f"/session   client CPU {1000 * self.client_cpu / per:6.2f} ms/request"
        )


def get_configs(clients: Clients, names: set[str], shards: Shards, label: str) -> Run:
    """Every host in `names` fetches its running config once through its real NAPALM driver."""
    lab_before = shards.cpu()
    began = time.perf_counter()
    done = clients.fetch(names)
    wall = time.perf_counter() - began
    lab_cpu = shards.cpu() - lab_before
    for name, error in list(done.failed.items())[:3]:
        print(f"  {name}: {error}", file=sys.stderr)
    return Run(label, done.ok, sorted(done.failed), wall, lab_cpu, done.cpu)


def load() -> str:
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def summary(mixed: Run, clients: int) -> str:
    """What the mixed round says about the lab alone and about lab + client on this machine."""
    lab, client = mixed.lab_cpu / max(mixed.ok, 1), mixed.client_cpu / max(mixed.ok, 1)
    cores = os.cpu_count() or 1
    return (
        f"mixed, CPU bounds on {cores} idle cores: lab alone {cores / lab:.0f} get_config/s "
        f"({1000 * lab:.2f} ms lab CPU per session); lab + client {cores / (lab + client):.0f}/s "
        f"(+ {1000 * client:.2f} ms client CPU per request, {clients} client processes)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--workers", type=int, default=50, help="client threads, all processes")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--platforms", default="eos,ios,junos,dellos10")
    parser.add_argument("--lab-procs", type=int, default=2)
    parser.add_argument("--startup-only", action="store_true", help="measure start-up and RSS")
    args = parser.parse_args(argv)
    golden = golden_by_platform(args.platforms.split(","))
    golden = {p: cs for p, cs in golden.items() if usable(p, cs[0], Clock(scale=60))}
    if not golden:
        print("no platform can start", file=sys.stderr)
        return 1
    hosts = specs(args.devices, golden)
    print(f"load average at start: {load()}; {os.cpu_count()} CPUs")
    started = time.perf_counter()
    shards = Shards(hosts, max(1, args.lab_procs), time_scale=60)
    startup = time.perf_counter() - started
    mix = {p: sum(h.platform == p for h in hosts) for p in golden}
    print(
        f"platforms: {mix}; lab in {len(shards.pids)} processes, {args.workers} client "
        f"workers over {args.clients} client processes"
    )
    print(
        f"start-up: {len(hosts)} devices in {startup:.2f} s (lab CPU {shards.cpu():.2f} s), "
        f"lab RSS {shards.rss() / 2**20:.0f} MiB"
    )
    runs: list[Run] = []
    try:
        if not args.startup_only:
            clients = Clients(hosts, shards.ports, args.clients, args.workers)
            try:
                for name in golden:
                    names = {h.name for h in hosts if h.platform == name}
                    runs.append(get_configs(clients, names, shards, name))
                runs.append(get_configs(clients, {h.name for h in hosts}, shards, "mixed"))
            finally:
                clients.stop()
    finally:
        shards.stop()
    for run in runs:
        print(run.line())
    if runs:
        print(summary(runs[-1], len(clients.procs)))
    print(f"load average at the end: {load()}")
    return 1 if any(run.failed for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
