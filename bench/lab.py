"""Benchmark: start 200 lab devices, fetch every running config with Nornir + nornir_napalm.

    .venv/bin/python -m bench.lab [--devices 200] [--workers 50] [--platforms eos,ios,junos,dellos10]
                                  [--lab-procs N]

`--lab-procs 0` runs the lab in the client's process (one GIL for both sides); `N > 0` shards the
lab over N child processes, as `bluewire lab up` runs it apart from the bluewire client. Either way
client and lab share the machine's cores.

Reports start-up time and get_config/s. Target (issue 3): 200 devices up in < 5 s and
>= 100 get_config/s across platforms on 2 cores, so the lab never bounds a fleet benchmark.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import sys
import time
from collections.abc import Sequence
from typing import Any

from nornir.core import Nornir
from nornir.core.inventory import ConnectionOptions, Defaults, Groups, Host, Hosts, Inventory
from nornir.core.plugins.connections import ConnectionPluginRegister
from nornir.plugins.runners import ThreadedRunner
from nornir_napalm.plugins.tasks import napalm_get

from bluewire.inventory.load import load_inventory
from bluewire.lab.clock import Clock
from bluewire.lab.fleet import Lab, LabHostSpec, start_lab
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


def _serve_shard(hosts: list[LabHostSpec], conn: Any) -> None:
    lab = start_lab(hosts, Clock(scale=60))
    conn.send({h.name: lab.address(h.name)[1] for h in hosts})
    conn.recv()  # parent says stop
    lab.stop()


def start_sharded(hosts: list[LabHostSpec], procs: int) -> tuple[_Addresses, list[Any]]:
    ctx = multiprocessing.get_context("fork")
    pipes, ports = [], {}
    for i in range(procs):
        parent, child = ctx.Pipe()
        ctx.Process(target=_serve_shard, args=(hosts[i::procs], child), daemon=True).start()
        pipes.append(parent)
    for parent in pipes:
        ports.update(parent.recv())
    return _Addresses(ports), pipes


def nornir_for(lab: Lab | _Addresses, hosts: list[LabHostSpec], workers: int) -> Nornir:
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--platforms", default="eos,ios,junos,dellos10")
    parser.add_argument("--lab-procs", type=int, default=0, help="0: lab in this process")
    args = parser.parse_args(argv)
    clock = Clock(scale=60)
    golden = golden_by_platform(args.platforms.split(","))
    golden = {p: cs for p, cs in golden.items() if usable(p, cs[0], clock)}
    if not golden:
        print("no platform can start", file=sys.stderr)
        return 1
    hosts = specs(args.devices, golden)
    started = time.perf_counter()
    pipes: list[Any] = []
    if args.lab_procs > 0:
        lab: Lab | _Addresses
        lab, pipes = start_sharded(hosts, args.lab_procs)
    else:
        lab = start_lab(hosts, clock)
    startup = time.perf_counter() - started
    try:
        nr = nornir_for(lab, hosts, args.workers)
        began = time.perf_counter()
        result = nr.run(task=napalm_get, getters=["config"])
        elapsed = time.perf_counter() - began
        nr.close_connections()
    finally:
        if isinstance(lab, Lab):
            lab.stop()
        for pipe in pipes:
            pipe.send("stop")
    failed = sorted(result.failed_hosts)
    mix = {p: sum(h.platform == p for h in hosts) for p in golden}
    print(f"platforms: {mix}")
    print(f"start-up: {len(hosts)} devices in {startup:.2f} s")
    print(
        f"get_config: {len(hosts) - len(failed)} ok, {len(failed)} failed in {elapsed:.2f} s "
        f"= {(len(hosts) - len(failed)) / elapsed:.1f} configs/s ({args.workers} workers)"
    )
    for name in failed[:5]:
        print(f"  {name}: {result[name].exception!r}"[:300], file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
