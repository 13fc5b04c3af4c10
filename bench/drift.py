"""Benchmark: `bluewire drift` vs an Oxidized-like plain script, on one lab, in one run.

    .venv/bin/python -m bench.drift [--hosts 1000] [--latency 0.02] [--lab-procs 2]
                                    [--workers 50] [--procs 0] [--plain-workers 20]

A generated fleet (the example network cloned, bench/fleet.py) runs in the device lab over
--lab-procs processes (bluewire.lab.shards, as `bluewire lab up --procs N`: hosts that may be
wired stay in one process), every device answering each command after --latency seconds. Both
sides read every device through the real NAPALM drivers:
- bluewire: `bluewire --lab drift --workers W [--procs P]` (running config + OS version,
  sanitize, diff, classification, the example network's compliance profile on what runs and its
  software policy, one backup commit of every file; one process per core unless --procs);
- plain script: what a user writes without bluewire, as Oxidized does it: nornir_napalm
  `napalm_get(getters=["config"])` on every host (Nornir's default 20 workers), each config
  written to a file, one `git commit`.
Each side runs in its own process; its CPU (user + system, children included) is measured, as is
the lab's. The bound is max(latency bound, CPU bound): the latency bound is the commands each
device answered (counted by the lab) x latency x hosts / workers; the CPU bound is the client's
CPU per device x hosts / cores. Targets (issue 11): >= 3x faster than the plain script, within
1.5x of the bound, backup commit of 1,000 files < 5 s (bench/backup.py measures that alone).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.fleet import REPO, make_fleet
from bluewire.lab.shards import Shards

BIN = Path(sys.executable).parent


def sh(*args: str, cwd: Path, env: dict[str, str] | None = None) -> int:
    out = subprocess.DEVNULL
    return subprocess.run(args, cwd=cwd, env=env, stdout=out, stderr=out).returncode


@dataclass
class Side:
    name: str
    wall: float
    cpu: float  # seconds, user + system, the process and what it waited for
    commands: int  # commands the lab answered during the run
    lab_cpu: float
    ok: int


def publish(project: Any, specs: list[Any], lab: Shards) -> None:
    """The state file `bluewire --lab` reads, pointing at the sharded lab (this process owns it)."""
    from bluewire.lab.state import LabEndpoint, LabState, state_path

    endpoints = {
        s.name: LabEndpoint(
            s.name, s.platform, "127.0.0.1", lab.ports[s.name], s.username, s.password
        )
        for s in specs
    }
    path = state_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LabState(os.getpid(), 0, "golden", endpoints).to_json())


# ---------------------------------------------------------------- the two sides
def measured(name: str, lab: Shards, args: list[str], cwd: Path, env: dict[str, str]) -> Side:
    before_cmds, before_lab = lab.commands(), lab.cpu()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    ok = int(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else 0
    if done.returncode not in (0, 2):
        print(f"{name}: exit {done.returncode}\n{done.stderr[-2000:]}", file=sys.stderr)
    return Side(name, wall, cpu, lab.commands() - before_cmds, lab.cpu() - before_lab, ok)


def plain_script(folder: Path, workers: int) -> None:
    """Oxidized's job in plain Nornir: fetch every config, write it, commit once. Prints the count."""
    from nornir_napalm.plugins.tasks import napalm_get

    from bench.lab_client import Addresses, nornir_for
    from bluewire.lab.daemon import lab_specs
    from bluewire.lab.state import require_state
    from bluewire.platforms import profile
    from bluewire.project import Project

    project = Project(folder)
    specs = lab_specs(project, "golden", None)
    ports = {h: e.port for h, e in require_state(project).endpoints.items()}
    nr = nornir_for(Addresses(ports), specs, workers)
    for host in nr.inventory.hosts.values():  # the NAPALM driver's name, as a user would give it
        host.platform = profile(host.platform or "").napalm_driver
    result = nr.run(task=napalm_get, getters=["config"])
    nr.close_connections()
    out = folder / "oxidized"
    out.mkdir(exist_ok=True)
    for host, multi in result.items():
        if not multi.failed:
            (out / host).write_text(multi[0].result["config"]["running"])
    git = ["git", "-c", "user.email=o@example.invalid", "-c", "user.name=o"]
    subprocess.run([*git, "init", "-q"], cwd=out, check=True)
    subprocess.run([*git, "add", "-A"], cwd=out, check=True)
    subprocess.run([*git, "commit", "-qm", "backup"], cwd=out, check=True)
    print(len(result) - len(result.failed_hosts))


def bluewire_side(folder: Path, workers: int, procs: int) -> list[str]:
    more = f",'--procs','{procs}'" if procs else ""
    code = (
        "import json,subprocess,sys;"
        f"r=subprocess.run([{str(BIN / 'bluewire')!r},'--lab','drift','--workers','{workers}'{more},"
        "'--format','json'],capture_output=True,text=True);"
        "d=json.loads(r.stdout);sys.stderr.write(r.stderr);"
        "import collections;e=collections.Counter((h['error'] or '').split(':')[0] "
        "for h in d['hosts'].values() if h['error']);sys.stderr.write(f'errors: {dict(e)}\\n');"
        "print(sum(h['error'] is None for h in d['hosts'].values()))"
    )
    return [sys.executable, "-c", code]


def policies(folder: Path) -> None:
    """The example network's software and compliance policies, each waiver given to every clone of
    its hosts: drift checks software and compliance as it does at a site."""
    shutil.copytree(REPO / "inventory/policy", folder / "inventory/policy", dirs_exist_ok=True)
    hosts = yaml.safe_load((folder / "inventory/hosts.yaml").read_text())
    path = folder / "inventory/policy/compliance.yaml"
    doc = yaml.safe_load(path.read_text())
    for waiver in doc.get("waivers") or []:
        waiver["hosts"] = sorted(h for h in hosts if h.rsplit("-", 1)[0] in waiver["hosts"])
    path.write_text(yaml.safe_dump(doc, sort_keys=False))


def prepare(folder: Path, hosts: int) -> Any:
    project = make_fleet(folder, hosts)
    policies(folder)
    env = {**os.environ, "BLUEWIRE_PROJECT": str(folder)}
    sh(str(BIN / "bluewire"), "render", cwd=folder, env=env)
    (folder / ".gitignore").write_text(".bluewire/\noxidized/\n")
    git = ["git", "-c", "user.email=b@example.invalid", "-c", "user.name=b"]
    for cmd in (("init", "-q"), ("add", "-A"), ("commit", "-qm", "base")):
        sh(*git, *cmd, cwd=folder)
    return project


def report(sides: list[Side], hosts: int, latency: float, workers: dict[str, int]) -> None:
    cores = os.cpu_count() or 1
    print(
        f"{'side':10} {'ok':>5} {'wall s':>7} {'CPU s':>7} {'CPU/dev ms':>10} "
        f"{'cmds/dev':>8} {'lab CPU s':>9} {'lat. bound':>10} {'CPU bound':>9} {'bound':>6} {'wall/bound':>10}"
    )
    for s in sides:
        per_device = s.commands / hosts
        latency_bound = per_device * latency * hosts / workers[s.name]
        cpu_bound = s.cpu / hosts * hosts / cores
        bound = max(latency_bound, cpu_bound)
        print(
            f"{s.name:10} {s.ok:5} {s.wall:7.1f} {s.cpu:7.1f} {1000 * s.cpu / hosts:10.1f} "
            f"{per_device:8.1f} {s.lab_cpu:9.1f} {latency_bound:10.1f} {cpu_bound:9.1f} "
            f"{bound:6.1f} {s.wall / bound:10.2f}"
        )
    ratio = sides[1].wall / sides[0].wall
    print(f"plain script / bluewire wall time: {ratio:.2f}x (target >= 3); cores: {cores}")
    print("load average (1, 5, 15 min) at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.02, help="seconds per command")
    parser.add_argument("--lab-procs", type=int, default=2)
    parser.add_argument("--workers", type=int, default=50, help="bluewire --workers")
    parser.add_argument("--procs", type=int, default=0, help="bluewire --procs (0: its default)")
    parser.add_argument("--plain-workers", type=int, default=20, help="Nornir's default")
    parser.add_argument("--plain", type=Path, help=argparse.SUPPRESS)  # child mode
    args = parser.parse_args()
    if args.plain:
        plain_script(args.plain, args.plain_workers)
        return
    from bluewire.lab.daemon import lab_specs

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = prepare(folder, args.hosts)
        specs = lab_specs(project, "golden", None)
        started = time.perf_counter()
        lab = Shards(specs, args.lab_procs, latency=args.latency)
        print(
            f"{len(specs)} lab devices in {len(lab.pids)} processes up in "
            f"{time.perf_counter() - started:.1f} s; {args.latency * 1000:.0f} ms per command; "
            "load average (1, 5, 15 min) at the start: {:.2f} {:.2f} {:.2f}".format(
                *os.getloadavg()
            )
        )
        try:
            publish(project, specs, lab)
            env = {**os.environ, "BLUEWIRE_PROJECT": str(folder)}
            ours = measured(
                "bluewire", lab, bluewire_side(folder, args.workers, args.procs), folder, env
            )
            plain = [
                sys.executable,
                "-m",
                "bench.drift",
                "--plain",
                str(folder),
                "--plain-workers",
                str(args.plain_workers),
            ]
            theirs = measured("plain", lab, plain, Path.cwd(), env)
        finally:
            lab.stop()
    report(
        [ours, theirs],
        len(specs),
        args.latency,
        {"bluewire": args.workers, "plain": args.plain_workers},
    )
    print(json.dumps({s.name: vars(s) for s in (ours, theirs)}))


if __name__ == "__main__":
    main()
