"""Benchmark: `bluewire apply` vs a plain nornir_napalm push of the same change, same batches.

    .venv/bin/python -m bench.apply [--hosts 200] [--latency-ms 20] [--batch-size 20] [--lab-procs 2]

Two identical generated fleets (configs like the example's), each in its own device lab (separate
processes: `bluewire lab up --procs N`; every exchange a client waits for, i.e. each SSH CLI
line, NETCONF RPC or eAPI request, is answered `--latency-ms` later). With one lab process all
200 simulated devices share one interpreter lock: the side that exchanges more also queues more
behind the others' exchanges, on top of the latency (real devices answer in parallel); bench/drift
uses 2 lab processes for the same reason. One shared change touches every host (the SNMP
contact in defaults.yaml). Timed on each fleet:

- bluewire: `bluewire --lab apply --plan plan.json` with one canary per platform and
  `--batch-size` hosts per batch: stale-plan guard, re-render, re-fetch, device diff check,
  commit with revert timer, post-checks on a fresh session, confirm, locks and audit record;
- plain: nornir_napalm `napalm_configure(replace=True)` of the same intended configs in batches of
  the same size (no guard, no canary, no checks, no revert timer).

Reported: wall time and CPU (user+sys) of each client, CPU of each lab, the safety ratio, and the
canary stage against the median batch. Targets (issue 10): ratio <= 2, canary <= one batch time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.fleet import make_fleet

BIN = Path(sys.executable).parent
POLICY = """\
change_id: 'CHG\\d{7}'
timezone: UTC
windows:
  - {name: always, groups: [all], times: [{days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00"}]}
os10_reload_revert: true
"""
OLD, NEW = "contact: netops@pd.city.example", "contact: noc@pd.city.example"


def sh(*args: str, cwd: Path, env: dict[str, str]) -> int:
    out = subprocess.DEVNULL
    return subprocess.run(args, cwd=cwd, env=env, stdout=out, stderr=out).returncode


def git(folder: Path, env: dict[str, str], *args: str) -> None:
    ident = ("-c", "user.email=b@example.invalid", "-c", "user.name=bench")
    sh("git", *ident, *args, cwd=folder, env=env)


def fleet(folder: Path, hosts: int, latency_s: float, lab_procs: int = 1) -> dict[str, str]:
    """A committed fleet with its lab up (old config, `latency_s` per exchange), then the change
    committed on top; returns the environment that points bluewire at it."""
    make_fleet(folder, hosts)
    (folder / "inventory/policy").mkdir(parents=True, exist_ok=True)
    (folder / "inventory/policy/change.yaml").write_text(POLICY)
    (folder / ".gitignore").write_text(".bluewire/\n")
    env = {**os.environ, "BLUEWIRE_PROJECT": str(folder)}
    sh(str(BIN / "bluewire"), "render", cwd=folder, env=env)
    git(folder, env, "init", "-q")
    git(folder, env, "add", "-A")
    git(folder, env, "commit", "-qm", "base")
    sh(str(BIN / "bluewire"), "lab", "up", "--procs", str(lab_procs), cwd=folder, env=env)
    from bluewire.lab.control import send_fault
    from bluewire.lab.state import require_state
    from bluewire.project import Project

    state = require_state(Project(folder))
    for host in state.endpoints:
        send_fault(state, host, "latency", str(latency_s))
    defaults = folder / "inventory/defaults.yaml"
    defaults.write_text(defaults.read_text().replace(OLD, NEW))
    sh(str(BIN / "bluewire"), "render", cwd=folder, env=env)
    git(folder, env, "commit", "-qam", "change")
    return env


def lab_cpu(folder: Path) -> float:
    """User+system CPU seconds of the lab daemon and its device processes so far (Linux /proc)."""
    from bluewire.lab.state import require_state
    from bluewire.project import Project

    daemon = require_state(Project(folder)).pid
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if stat.parent.name == str(daemon) or fields[1] == str(daemon):  # itself or its child
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_bluewire(folder: Path, env: dict[str, str], batch: int) -> dict[str, Any]:
    plan = folder / "plan.json"
    sh(
        str(BIN / "bluewire"),
        "--lab",
        "plan",
        "--no-comment",
        "--out",
        str(plan),
        cwd=folder,
        env=env,
    )
    out = folder / "apply.json"
    cpu0, lab0, t0 = children_cpu(), lab_cpu(folder), time.perf_counter()
    code = sh(
        str(BIN / "bluewire"), "--lab", "apply", "--plan", str(plan), "--change-id", "CHG0000001",
        "--yes", "--batch-size", str(batch), "--confirm-timeout", "10", "--output", str(out),
        cwd=folder, env=env,
    )  # fmt: skip
    wall = time.perf_counter() - t0
    report = json.loads(out.read_text())
    outcomes: dict[str, int] = {}
    steps: dict[str, dict[str, list[float]]] = {"canary": {}, "batch": {}}
    for r in report["hosts"].values():
        outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
        for step, seconds in r["timings"].items():
            side = steps["canary" if r["canary"] else "batch"]
            side.setdefault(step, []).append(seconds)
    return {
        "wall": wall,
        "cpu": children_cpu() - cpu0,
        "lab_cpu": lab_cpu(folder) - lab0,
        "code": code,
        "outcomes": outcomes,
        "stages": report["stage_seconds"],
        "steps": {
            kind: {step: statistics.median(values) for step, values in by_step.items()}
            for kind, by_step in steps.items()
        },
    }


def run_plain(folder: Path, batch: int) -> dict[str, Any]:
    """What a user writes without bluewire: push every intended config, batch by batch."""
    from nornir.core.task import Result, Task
    from nornir_napalm.plugins.tasks import napalm_configure

    from bluewire.device.connect import make_nornir
    from bluewire.inventory.load import load_inventory
    from bluewire.lab.state import require_state
    from bluewire.project import Project
    from bluewire.render import Renderer, render_hosts
    from bluewire.secrets import SecretStore

    project = Project(folder)
    inventory = load_inventory(project)
    store = SecretStore(folder, lab=True)
    rendered = render_hosts(Renderer(project.templates_dir), list(inventory.hosts.values()))
    configs = {r.host: store.substitute(r.config) for r in rendered if r.config is not None}

    def push(task: Task) -> Result:
        return task.run(task=napalm_configure, configuration=configs[task.host.name], replace=True)

    cpu0, lab0, t0 = time.process_time(), lab_cpu(folder), time.perf_counter()
    endpoints = require_state(project).endpoints
    names = sorted(configs)
    nr = make_nornir(inventory, names, endpoints=endpoints, workers=batch)
    failed, batches = 0, []
    for i in range(0, len(names), batch):
        chunk = set(names[i : i + batch])
        started = time.perf_counter()
        result = nr.filter(filter_func=lambda h, c=chunk: h.name in c).run(task=push)
        batches.append(round(time.perf_counter() - started, 1))
        failed += len(result.failed_hosts)
    nr.close_connections()
    wall = time.perf_counter() - t0
    return {
        "wall": wall,
        "cpu": time.process_time() - cpu0,
        "lab_cpu": lab_cpu(folder) - lab0,
        "failed": failed,
        "batches": batches,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=200)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--lab-procs", type=int, default=2, help="processes of each side's lab")
    args = parser.parse_args()
    results: dict[str, dict[str, Any]] = {}
    load = os.getloadavg()[0]
    for side in ("bluewire", "plain"):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            env = fleet(folder, args.hosts, args.latency_ms / 1000, args.lab_procs)
            try:
                if side == "bluewire":
                    results[side] = run_bluewire(folder, env, args.batch_size)
                else:
                    results[side] = run_plain(folder, args.batch_size)
            finally:
                sh(str(BIN / "bluewire"), "lab", "down", cwd=folder, env=env)
    report(args, results, (load, os.getloadavg()[0]))


def report(
    args: argparse.Namespace, results: dict[str, dict[str, Any]], load: tuple[float, float]
) -> None:
    bw, plain = results["bluewire"], results["plain"]
    print(
        f"{args.hosts} lab devices ({args.lab_procs} lab process(es)), {args.latency_ms:g} ms per round"
        f" trip, batches of {args.batch_size}"
        f"; load average (1 min) {load[0]:.1f} at start, {load[1]:.1f} at end"
    )
    print(f"{'run':48} {'wall s':>8} {'client cpu s':>13} {'lab cpu s':>10}")
    print(
        f"{'bluewire apply (guard, canary, checks, confirm)':48} {bw['wall']:8.1f} {bw['cpu']:13.1f} {bw['lab_cpu']:10.1f}"
    )
    print(
        f"{'nornir_napalm napalm_configure, same batches':48} {plain['wall']:8.1f} {plain['cpu']:13.1f} {plain['lab_cpu']:10.1f}"
    )
    print(f"safety overhead, wall: {bw['wall'] / plain['wall']:.2f}x (target <= 2)")
    print(
        f"bluewire exit {bw['code']}, outcomes {bw['outcomes']}; plain failed hosts {plain['failed']}"
    )
    stages = bw["stages"]
    outside = bw["wall"] - sum(stages.values())
    print(
        f"bluewire outside its stages (start, plan checks, re-render, locks, audit): {outside:.1f} s"
    )
    for kind, by_step in bw["steps"].items():
        print(
            f"median seconds per {kind} host step: "
            + ", ".join(f"{k} {v:.2f}" for k, v in by_step.items())
        )
    batches = [s for name, s in stages.items() if name.startswith("batch")]
    canary = sum(s for name, s in stages.items() if name.startswith("canary"))
    if batches:
        median = statistics.median(batches)
        print(
            f"canary stage {canary:.1f} s vs median batch {median:.1f} s (target: canary <= one batch)"
        )
    print("bluewire stages s: " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    print(f"plain batches s: {plain['batches']}")


if __name__ == "__main__":
    main()
