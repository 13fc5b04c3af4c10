"""Benchmark: plan's pure work per host (diff, remediation, rollback, risks, compliance deltas).

    .venv/bin/python -m bench.plan_build [--repeat 5] [--copies 10]

No devices: the running configs are the example network's golden configs with the lab's
brownfield drift, so every host has a diff. Times what `runs.plan` does after the device
answered: build each host's plan, then the compliance deltas over all hosts. Reports the best
wall time and its CPU time over --repeat runs. It also runs on a checkout from before the
parse-once change (text instead of Config values), to compare the two:

    git archive REV src | tar -x -C /tmp/old && PYTHONPATH=/tmp/old/src python -m bench.plan_build
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from bluewire.inventory.load import load_inventory
from bluewire.lab.seed import brownfield
from bluewire.plan import build
from bluewire.plan.compliance_delta import compliance_deltas
from bluewire.plan.risk import default_rules
from bluewire.project import Project, find_project_root


def inputs(project: Project, copies: int) -> tuple[Any, dict[str, tuple[str, str, str]]]:
    """(inventory, host -> (platform, intended, running)), each host `copies` times."""
    inventory = load_inventory(project)
    hosts: dict[str, tuple[str, str, str]] = {}
    for name, host in sorted(inventory.hosts.items()):
        intended = project.golden_path(name).read_text(encoding="utf-8")
        for k in range(copies):
            running = brownfield(intended, host.platform, f"{name}:{k}")
            hosts[f"{name}#{k}"] = (host.platform, intended, running)
    return inventory, hosts


def plan_all(project: Project, inventory: Any, hosts: dict[str, tuple[str, str, str]]) -> int:
    """What the run does per host once the device answered; the number of changed hosts."""
    rules = default_rules()
    running: dict[str, Any] = {}
    intended: dict[str, Any] = {}
    changed = 0
    for key, (platform, golden, raw) in hosts.items():
        name = key.split("#")[0]
        if hasattr(build, "plan_configs"):  # parse once: configs carry their parsed trees
            planned = build.plan_configs(platform, golden, raw, "", mode="replace", rules=rules)
            plan, running[key], intended[key] = planned.plan, planned.running, planned.intended
        else:
            plan = build.build_host_plan(platform, golden, raw, "", mode="replace", rules=rules)
            running[key], intended[key] = build.redact(raw, platform), golden
        changed += plan.changed
        inventory.hosts.setdefault(key, inventory.hosts[name])
    compliance_deltas(project, inventory, running, intended)
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=10, help="copies of each example host")
    args = parser.parse_args()
    project = find_project_root()
    inventory, hosts = inputs(project, args.copies)
    runs = []
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        changed = plan_all(project, inventory, hosts)
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    best = min(runs)
    print(f"{len(hosts)} hosts ({changed} changed): best wall {best[0]:.3f} s, cpu {best[1]:.3f} s")
    print("all runs (wall, cpu): " + ", ".join(f"({w:.3f}, {c:.3f})" for w, c in runs))


if __name__ == "__main__":
    main()
