"""Benchmark: whole `bluewire plan` vs the plain script a user would otherwise run.

    .venv/bin/python -m bench.plan [--hosts 500]

A generated fleet (configs like the example's) runs in the device lab (its own process, on
neither side's bill). One shared group changes. Two comparisons, wall and CPU seconds per side:

- the same hosts on both sides: `bluewire --lab plan` on every host against the plain script on
  every host, and `bluewire --lab plan --changed-since HEAD` against the script on the hosts
  that command planned;
- one change as each side handles it: `--changed-since HEAD` (the affected hosts) against the
  script on every host (it has no way to know which hosts a change affects).

The plain script: nornir_napalm `napalm_get(getters=["config"])` + hier_config remediation per
host, 50 threads, run as its own process like the bluewire command (start-up included on both
sides; the intended configs are handed to it ready-made). It connects through bluewire's
make_nornir, so it also gets bluewire's NAPALM regex fix (device/napalm_fixes.py): the baseline
is the stronger for it. bluewire runs as the CLI (50 device threads; its CPU is the child's and its forked processes'),
with its default process count (one per core from 100 hosts) and with `--procs 1`.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.fleet import make_fleet
from bench.measure import HEADER, Sample, machine, row
from bluewire.runs.forked import processes

BIN = Path(sys.executable).parent


def sh(*args: str, cwd: Path, env: dict[str, str] | None = None) -> int:
    out = subprocess.DEVNULL
    return subprocess.run(args, cwd=cwd, env=env, stdout=out, stderr=out).returncode


def plain_script(folder: Path, intended: dict[str, str]) -> tuple[float, int]:
    """What a user writes without bluewire: fetch every config, hier_config remediation each."""
    from hier_config import Platform, WorkflowRemediation, get_hconfig
    from nornir_napalm.plugins.tasks import napalm_get

    from bluewire.device.connect import make_nornir
    from bluewire.inventory.load import load_inventory
    from bluewire.lab.state import require_state
    from bluewire.project import Project

    platforms = {
        "ios": Platform.CISCO_IOS,
        "eos": Platform.ARISTA_EOS,
        "junos": Platform.JUNIPER_JUNOS,
        "dellos10": Platform.GENERIC,
    }
    start = time.perf_counter()
    project = Project(folder)
    endpoints = require_state(project).endpoints
    nr = make_nornir(load_inventory(project), sorted(intended), endpoints=endpoints, workers=50)
    result = nr.run(
        task=napalm_get, getters=["config"], getters_options={"config": {"retrieve": "running"}}
    )
    changed = unparsed = 0
    for name, multi in result.items():
        if multi.failed:
            continue
        platform = platforms[nr.inventory.hosts[name].platform or "ios"]
        running = _strip_bangs(multi[0].result["config"]["running"])
        try:
            wf = WorkflowRemediation(
                get_hconfig(platform, running), get_hconfig(platform, _strip_bangs(intended[name]))
            )
        except Exception:  # what the script's author would meet: hier_config rejects the text
            unparsed += 1
            continue
        changed += bool(list(wf.remediation_config.all_children()))
    nr.close_connections()
    print(f"plain script: hier_config could not parse {unparsed} of {len(result)} configs")
    return time.perf_counter() - start, changed


def _strip_bangs(config: str) -> str:
    """hier_config's generic driver keeps `!` separators as duplicate sections: drop them."""
    return "\n".join(line for line in config.splitlines() if line.strip() != "!")


def bluewire_plan(folder: Path, env: dict[str, str], *extra: str) -> tuple[Sample, set[str]]:
    """`bluewire --lab plan` as a user runs it; (wall and CPU of the command, hosts planned)."""
    out = folder / "plan.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    sh(
        str(BIN / "bluewire"),
        "--lab",
        "plan",
        *extra,
        "--out",
        str(out),
        "--format",
        "json",
        cwd=folder,
        env=env,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    hosts = set(json.loads(out.read_text())["hosts"])
    return Sample(wall, cpu), hosts


def _child_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def script(folder: Path, intended: dict[str, str], hosts: set[str]) -> Sample:
    """The plain script as its own process (`--side`), like the bluewire command: start-up,
    imports and inventory load included on both sides."""
    todo = folder.parent / "script-input.pickle"
    todo.write_bytes(pickle.dumps({h: intended[h] for h in sorted(hosts)}))
    cpu, wall = _child_cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.plan", "--side", str(folder)], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    print(done.stdout.strip())
    return Sample(time.perf_counter() - wall, _child_cpu() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=500)
    parser.add_argument("--side", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:  # the plain script's process
        plain_script(
            args.side, pickle.loads((args.side.parent / "script-input.pickle").read_bytes())
        )
        return
    print(" ".join([Path(sys.executable).name, "-m", "bench.plan", *sys.argv[1:]]))
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "project"
        make_fleet(folder, args.hosts)
        env = {**os.environ, "BLUEWIRE_PROJECT": str(folder)}
        sh(str(BIN / "bluewire"), "render", cwd=folder, env=env)
        for cmd in (
            ("init", "-q"),
            ("add", "-A"),
            ("-c", "user.email=b@example.invalid", "-c", "user.name=b", "commit", "-qm", "base"),
        ):
            sh("git", *cmd, cwd=folder)
        t0 = time.perf_counter()
        sh(str(BIN / "bluewire"), "lab", "up", cwd=folder, env=env)
        lab_up = time.perf_counter() - t0
        try:
            groups = folder / "inventory/groups.yaml"
            groups.write_text(
                groups.read_text().replace(
                    "District 1 Station, 410 North Ave", "District 1 Station, 412 North Ave"
                )
            )
            from bluewire.inventory.load import load_inventory
            from bluewire.project import Project
            from bluewire.render import Renderer, render_hosts

            project = Project(folder)
            inv = load_inventory(project)
            intended: dict[str, Any] = {
                r.host: r.config
                for r in render_hosts(Renderer(project.templates_dir), list(inv.hosts.values()))
            }
            every = set(intended)
            bw_all, planned_all = bluewire_plan(folder, env)
            bw_one, _ = bluewire_plan(folder, env, "--procs", "1")
            bw_some, affected = bluewire_plan(folder, env, "--changed-since", "HEAD")
            script_all = script(folder, intended, every)
            script_some = script(folder, intended, affected)
        finally:
            sh(str(BIN / "bluewire"), "lab", "down", cwd=folder, env=env)
    assert planned_all == every, len(planned_all)
    print(f"{args.hosts} lab devices up in {lab_up:.1f} s; {len(affected)} hosts affected")
    procs = processes(0, len(every))
    print(HEADER)
    workers = f"CLI, {procs} process(es), 50 threads / 1 process, 50 threads"
    print(row(f"same hosts: all {len(every)}", bw_all, script_all, workers))
    one = "CLI --procs 1, 50 threads / 1 process, 50 threads"
    print(row(f"same hosts: all {len(every)}, bw --procs 1", bw_one, script_all, one))
    print(row(f"same hosts: the {len(affected)} affected", bw_some, script_some, workers))
    print(
        row(
            f"one change: {len(affected)} affected vs all {len(every)}",
            bw_some,
            script_all,
            workers,
        )
    )
    busy = {"bluewire": bw_all, "bluewire --procs 1": bw_one, "script": script_all}
    print(
        "cores busy (CPU s / wall s), all hosts: "
        + ", ".join(f"{name} {s.cpu / s.wall:.2f}" for name, s in busy.items())
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
