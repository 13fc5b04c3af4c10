"""Benchmark: the device lab serving get_config to the real NAPALM drivers, both sides' CPU measured.

    .venv/bin/python -m bench.lab [--devices 200] [--workers 50] [--platforms eos,ios,junos,dellos10]
                                  [--lab-procs 2] [--startup-only]

The lab runs in --lab-procs processes of its own (`bluewire lab up --procs N`, shards.py); the
client is this process: Nornir + nornir_napalm, --workers threads, as a bluewire run connects.
Devices are the example network's golden configs, the platforms in equal shares.

Reports start-up time and the lab's RSS, then one get_config per device for each platform alone
and for the mix: get_config/s, the lab's CPU per session (every shard process) and the client's
CPU per request. Targets (issue 13): <= 3 ms lab CPU per get_config session on every platform,
>= 100 mixed get_config/s on 2 cores, 1,000 devices up in < 10 s with < 2 GiB RSS.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nornir.core import Nornir
from nornir.core.inventory import ConnectionOptions, Defaults, Groups, Host, Hosts, Inventory
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.plugins.runners import ThreadedRunner
from nornir_napalm.plugins.tasks import napalm_get

from bluewire.inventory.load import load_inventory
from bluewire.lab.clock import Clock
from bluewire.lab.fleet import Lab, LabHostSpec, start_lab
from bluewire.lab.shards import Shards
from bluewire.platforms import profile
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


class _Addresses:
    """Where each host listens, for labs started in child processes."""

    def __init__(self, ports: dict[str, int]) -> None:
        self.ports = ports

    def address(self, name: str) -> tuple[str, int]:
        return "127.0.0.1", self.ports[name]


def nornir_for(lab: Lab | _Addresses | Shards, hosts: list[LabHostSpec], workers: int) -> Nornir:
    ConnectionPluginRegister.auto_register()  # InitNornir does this; a bare Nornir does not
    inv_hosts = Hosts()
    for spec in hosts:
        address, port = lab.address(spec.name)
        # the NAPALM optional_args a real bluewire run passes (bluewire.platforms)
        optional = dict(profile(spec.platform).napalm_args)
        if profile(spec.platform).enable:
            optional["secret"] = spec.password  # the lab's enable secret is the login password
        extras = {"optional_args": optional}
        options = {"napalm": ConnectionOptions(extras=extras)}
        inv_hosts[spec.name] = Host(
            spec.name,
            hostname=address,
            port=port,
            username=spec.username,
            password=spec.password,
            platform=spec.platform,
            connection_options=options,
        )
    inventory = Inventory(hosts=inv_hosts, groups=Groups(), defaults=Defaults())
    # ncclient's TICK stays at its 100 ms default (bluewire.device.connect leaves it too): at 5 ms, 50
    # NETCONF sessions in one process thrash the GIL with polling (measured: junos 46 -> 10 configs/s).
    return Nornir(inventory=inventory, runner=ThreadedRunner(num_workers=workers))


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


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


def get_configs(nr: Nornir, shards: Shards, label: str) -> Run:
    """Every host of `nr` fetches its running config once through its real NAPALM driver."""
    lab_before, client_before = shards.cpu(), _client_cpu()
    began = time.perf_counter()
    result = nr.run(task=napalm_get, getters=["config"])
    wall = time.perf_counter() - began
    nr.close_connections()
    lab_cpu, client_cpu = shards.cpu() - lab_before, _client_cpu() - client_before
    failed = sorted(result.failed_hosts)
    for name in failed[:3]:
        print(f"  {name}: {result[name].exception!r}"[:300], file=sys.stderr)
    return Run(label, len(result) - len(failed), failed, wall, lab_cpu, client_cpu)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--workers", type=int, default=50)
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
    started = time.perf_counter()
    shards = Shards(hosts, max(1, args.lab_procs), time_scale=60)
    startup = time.perf_counter() - started
    mix = {p: sum(h.platform == p for h in hosts) for p in golden}
    print(f"platforms: {mix}; lab in {len(shards.pids)} processes, {args.workers} client workers")
    print(
        f"start-up: {len(hosts)} devices in {startup:.2f} s (lab CPU {shards.cpu():.2f} s), "
        f"lab RSS {shards.rss() / 2**20:.0f} MiB"
    )
    runs: list[Run] = []
    try:
        if not args.startup_only:
            nr = nornir_for(shards, hosts, args.workers)
            for host in nr.inventory.hosts.values():  # nornir_napalm wants NAPALM's driver name
                host.platform = profile(host.platform or "").napalm_driver
            for name in golden:
                names = {h.name for h in hosts if h.platform == name}
                one = nr.filter(filter_func=lambda h, names=names: h.name in names)
                runs.append(get_configs(one, shards, name))
            runs.append(get_configs(nr, shards, "mixed"))
    finally:
        shards.stop()
    for run in runs:
        print(run.line())
    if runs:
        mixed = runs[-1]
        lab, client = mixed.lab_cpu / max(mixed.ok, 1), mixed.client_cpu / max(mixed.ok, 1)
        cores = os.cpu_count() or 1
        print(
            f"mixed, CPU bound on {cores} idle cores: {cores / (lab + client):.0f} get_config/s "
            f"(lab {1000 * lab:.2f} + client {1000 * client:.2f} ms per request); "
            f"one client process alone: {1 / client:.0f}/s"
        )
    return 1 if any(run.failed for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
