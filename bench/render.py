"""Benchmark: inventory load and render throughput, bluewire vs plain Nornir + nornir_jinja2.

    .venv/bin/python bench/render.py [--hosts 10000] [--nornir-sample 400]

Prints one table. nornir_jinja2 builds a Jinja2 Environment per call (what a user's script does), so
it is timed on a sample of hosts and reported as devices/s.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.fleet import make_fleet
from bluewire import secrets
from bluewire.inventory.load import load_inventory
from bluewire.render import FILTERS, Renderer, render_hosts, template_name


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def nornir_simple_inventory(folder: Path) -> Any:
    from nornir import InitNornir

    inv = folder / "inventory"
    return InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": 20}},
        inventory={
            "plugin": "SimpleInventory",
            "options": {
                "host_file": str(inv / "hosts.yaml"),
                "group_file": str(inv / "groups.yaml"),
                "defaults_file": str(inv / "defaults.yaml"),
            },
        },
        logging={"enabled": False},
    )


def nornir_jinja2_render(folder: Path, sample: int) -> tuple[float, int]:
    from nornir.core.task import Task
    from nornir_jinja2.plugins.tasks import template_file

    nr = nornir_simple_inventory(folder)
    bw = load_inventory(make_project(folder))
    names = sorted(nr.inventory.hosts)[:sample]

    def render(task: Task) -> Any:
        host = bw.hosts[task.host.name]
        return template_file(
            task,
            template=template_name(host),
            path=str(folder / "templates"),
            jinja_filters=FILTERS,
            secret=secrets.placeholder,
            # nornir_jinja2 passes its own `host` (the Nornir host) to the template
            **{k: v for k, v in host.template_vars().items() if k != "host"},
        )

    start = time.perf_counter()
    result = nr.filter(filter_func=lambda h: h.name in set(names)).run(task=render)
    elapsed = time.perf_counter() - start
    assert not result.failed, [r.exception for r in result.values() if r.failed][:1]
    return elapsed, len(names)


def make_project(folder: Path) -> Any:
    from bluewire.project import Project

    return Project(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=10_000)
    parser.add_argument("--nornir-sample", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t_gen, project = timed(make_fleet, folder, args.hosts)
        print(f"generated {args.hosts} hosts in {t_gen:.1f} s; {os.cpu_count()} CPUs")
        t_nornir, _ = timed(nornir_simple_inventory, folder)
        t_cold, inv = timed(load_inventory, project)
        t_warm, inv = timed(load_inventory, project)
        hosts = list(inv.hosts.values())
        renderer = Renderer(project.templates_dir)
        t_bw, rendered = timed(lambda: [r for r in render_hosts(renderer, hosts)])
        assert all(r.config for r in rendered), [r.error for r in rendered if r.error][:1]
        lines = sum(r.config.count("\n") for r in rendered)
        t_nj, n_nj = nornir_jinja2_render(folder, args.nornir_sample)
    bw_rate, nj_rate = len(hosts) / t_bw, n_nj / t_nj
    print(f"{'measure':46} {'bluewire':>10} {'baseline':>10} {'ratio':>8}")
    print(
        f"{'inventory load, s (InitNornir SimpleInventory)':46} {t_warm:10.2f} {t_nornir:10.2f} "
        f"{t_nornir / t_warm:7.1f}x"
    )
    print(
        f"{'  first load, no cache, s':46} {t_cold:10.2f} {t_nornir:10.2f} {t_nornir / t_cold:7.1f}x"
    )
    print(
        f"{'render, devices/s (nornir_jinja2 template_file)':46} {bw_rate:10.0f} {nj_rate:10.0f} "
        f"{bw_rate / nj_rate:7.1f}x"
    )
    print(
        f"rendered {len(hosts)} configs, {lines / len(hosts):.0f} lines each on average, in {t_bw:.1f} s"
    )


if __name__ == "__main__":
    main()
