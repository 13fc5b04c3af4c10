"""Profile: where one host's apply time goes, per step, against the plain push of the same change.

    .venv/bin/python -m bench.apply_steps [--hosts 24] [--latency-ms 20] [--show PLATFORM]

A fleet like bench/apply.py's (copies of the example network, one shared change), with its lab in
THIS process so every device's wire log can be read; `bluewire apply` and the plain
nornir_napalm `napalm_configure(replace=True)` run in child processes (one GIL each, as an
operator runs them). The child records, per host and step, its wall window and the thread's CPU
(`time.thread_time`); here the wire entries each device logged inside that window are counted
as round trips (what the lab's `latency` charges: each SSH CLI line, login, file copy and
NETCONF RPC, each eAPI request). Printed per platform: median wall s, CPU s and round trips per
step; `--show PLATFORM` lists one host's exchanges per step.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.apply import NEW, OLD, POLICY, git
from bench.fleet import make_fleet

BIN = Path(sys.executable).parent

# Run in the child: bluewire's CLI with apply's step timer wrapped to record wall windows and
# thread CPU per host (written to the file named by the first argument at exit).
APPLY_CHILD = """
import atexit, json, sys, time
from contextlib import contextmanager
from bluewire.runs import apply_host
from bluewire.cli.main import main
out, rows = sys.argv.pop(1), []
wrapped = apply_host._Flow.timed
@contextmanager
def timed(self, step):
    t0, c0 = time.time(), time.thread_time()
    try:
        with wrapped(self, step):
            yield
    finally:
        rows.append([self.task.host.name, step, t0, time.time(), time.thread_time() - c0])
apply_host._Flow.timed = timed
atexit.register(lambda: open(out, "w").write(json.dumps(rows)))
sys.exit(main())
"""

# The plain push in the child: one row per host (the whole napalm_configure).
PLAIN_CHILD = """
import json, sys, time
from pathlib import Path
from nornir.core.task import Result, Task
from nornir_napalm.plugins.tasks import napalm_configure
from bluewire.device.connect import make_nornir
from bluewire.inventory.load import load_inventory
from bluewire.lab.state import require_state
from bluewire.project import Project
from bluewire.render import Renderer, render_hosts
from bluewire.secrets import SecretStore
folder, out, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
project = Project(Path(folder))
inventory = load_inventory(project)
store = SecretStore(project.root, lab=True)
rendered = render_hosts(Renderer(project.templates_dir), list(inventory.hosts.values()))
configs = {r.host: store.substitute(r.config) for r in rendered if r.config is not None}
rows = []
def push(task: Task) -> Result:
    t0, c0 = time.time(), time.thread_time()
    try:
        return task.run(task=napalm_configure, configuration=configs[task.host.name], replace=True)
    finally:
        rows.append([task.host.name, "push", t0, time.time(), time.thread_time() - c0])
names = sorted(configs)
nr = make_nornir(inventory, names, endpoints=require_state(project).endpoints, workers=batch)
for i in range(0, len(names), batch):
    chunk = set(names[i : i + batch])
    nr.filter(filter_func=lambda h, c=chunk: h.name in c).run(task=push)
open(out, "w").write(json.dumps(rows))
"""


def round_trip(platform: str, kind: str) -> bool:
    """Whether the lab charged this wire entry one latency (eAPI: only the request itself)."""
    return kind not in ("cmd", "login") if platform == "eos" else True


def start_fleet(folder: Path, hosts: int, latency_s: float) -> tuple[Any, dict[str, str]]:
    """The fleet committed, its lab up in this process, the change committed on top."""
    from bluewire.lab.clock import Clock
    from bluewire.lab.daemon import lab_specs, publish_state
    from bluewire.lab.fleet import start_lab

    project = make_fleet(folder, hosts)
    (folder / "inventory/policy/change.yaml").write_text(POLICY)
    (folder / ".gitignore").write_text(".bluewire/\nsteps*.json\nplan.json\napply.json\n")
    env = {**os.environ, "BLUEWIRE_PROJECT": str(folder)}
    subprocess.run([str(BIN / "bluewire"), "render"], cwd=folder, env=env, capture_output=True)
    git(folder, env, "init", "-q")
    git(folder, env, "add", "-A")
    git(folder, env, "commit", "-qm", "base")
    specs = lab_specs(project, "golden", None)
    lab = start_lab(specs, Clock(1))
    publish_state(project, lab, specs, control_port=0, seed="golden")
    for device in lab.devices.values():
        device.faults.latency_s = latency_s
    defaults = folder / "inventory/defaults.yaml"
    defaults.write_text(defaults.read_text().replace(OLD, NEW))
    subprocess.run([str(BIN / "bluewire"), "render"], cwd=folder, env=env, capture_output=True)
    git(folder, env, "commit", "-qam", "change")
    return lab, env


def child(code: str, args: list[str], folder: Path, env: dict[str, str]) -> float:
    """Run `code` in a child Python; returns its CPU seconds (user + system)."""
    before = os.times()
    quiet = subprocess.DEVNULL
    subprocess.run(
        [sys.executable, "-c", code, *args], cwd=folder, env=env, stdout=quiet, stderr=quiet
    )
    after = os.times()
    return (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def table(lab: Any, rows: list[list[Any]]) -> dict[str, dict[str, list[tuple[float, float, int]]]]:
    """platform -> step -> [(wall, cpu, round trips)] over hosts."""
    out: dict[str, dict[str, list[tuple[float, float, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for host, step, t0, t1, cpu in rows:
        device = lab.device(host)
        trips = sum(
            1 for w in device.wire if t0 <= w.at <= t1 and round_trip(device.platform, w.kind)
        )
        out[device.platform][step].append((t1 - t0, cpu, trips))
    return out


def show(lab: Any, rows: list[list[Any]], platform: str) -> None:
    """One host's exchanges per step (the first host of `platform`)."""
    host = next((r[0] for r in rows if lab.device(r[0]).platform == platform), None)
    if host is None:
        return
    device = lab.device(host)
    print(f"\n{host} ({platform}): exchanges per step")
    for _, step, t0, t1, _ in sorted((r for r in rows if r[0] == host), key=lambda r: r[2]):
        print(f"  [{step}] {t1 - t0:.2f} s")
        for w in device.wire:
            if t0 <= w.at <= t1:
                charged = "" if round_trip(device.platform, w.kind) else " (in the request)"
                print(f"    {w.session[-12:]:>12} {w.kind:5} {w.text[:90]!r}{charged}")


def report(name: str, summary: dict[str, dict[str, list[tuple[float, float, int]]]]) -> None:
    print(f"\n{name}: median per host (wall s / CPU s / round trips)")
    for platform in sorted(summary):
        cells = []
        total = [0.0, 0.0, 0.0]
        for step, values in summary[platform].items():
            wall, cpu, trips = (statistics.median(v[i] for v in values) for i in range(3))
            total = [total[0] + wall, total[1] + cpu, total[2] + trips]
            cells.append(f"{step} {wall:.2f}/{cpu:.2f}/{trips:g}")
        print(f"  {platform:9} " + ", ".join(cells))
        print(f"  {'':9} sum {total[0]:.2f} s / {total[1]:.2f} s CPU / {total[2]:g} round trips")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=24)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--show", action="append", default=[], help="list one host's exchanges")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    for side in ("bluewire", "plain"):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            lab, env = start_fleet(folder, args.hosts, args.latency_ms / 1000)
            try:
                steps = folder / "steps.json"
                if side == "bluewire":
                    plan = ["--lab", "plan", "--no-comment", "--out", str(folder / "plan.json")]
                    subprocess.run(
                        [str(BIN / "bluewire"), *plan], cwd=folder, env=env, capture_output=True
                    )
                    apply = [str(steps), "--lab", "apply", "--plan", str(folder / "plan.json")]
                    apply += ["--change-id", "CHG0000001", "--yes", "--confirm-timeout", "10"]
                    apply += ["--batch-size", str(args.batch_size)]
                    apply += ["--output", str(folder / "apply.json")]
                    t0 = time.perf_counter()
                    cpu = child(APPLY_CHILD, apply, folder, env)
                else:
                    t0 = time.perf_counter()
                    cpu = child(
                        PLAIN_CHILD, [str(folder), str(steps), str(args.batch_size)], folder, env
                    )
                wall = time.perf_counter() - t0
                rows = json.loads(steps.read_text())
                print(
                    f"\n{side}: {wall:.1f} s wall, {cpu:.1f} s client CPU, {len({r[0] for r in rows})} hosts"
                )
                report(side, table(lab, rows))
                for platform in args.show:
                    show(lab, rows, platform)
            finally:
                lab.stop()
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
