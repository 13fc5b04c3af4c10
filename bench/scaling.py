"""Benchmark: how bluewire's costs grow from 1k to 10k hosts (and a diff from 1k to 100k lines).

    .venv/bin/python -m bench.scaling [--small 1000] [--large 10000] [--copies-cap 0]

Each measurement runs in a fresh process (bench.measure) and reports CPU seconds, worker
processes included. The growth factor is (large cost / small cost) / (large size / small size):
1.00 is linear, more is superlinear (a defect to fix or explain). Measured: inventory load
without a cache and from the cache, render of every host, plan's per-host work after the device
answered (bench.plan_build: diff, remediation, rollback, risks, compliance deltas; no devices),
and the diff engine on one config of 1k, 10k and 100k lines.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bench.measure import Sample, machine, report, run_side, timed

SIDES = ("load-nocache", "load-cached", "render", "plan", "diff")


def side(name: str, folder: Path, size: int) -> None:
    from bluewire.inventory.load import load_inventory
    from bluewire.project import Project

    project = Project(folder)
    if name == "load-nocache":
        os.environ["BLUEWIRE_NO_CACHE"] = "1"
    if name.startswith("load"):
        with timed() as out:
            load_inventory(project)
    elif name == "render":
        from bluewire.render import Renderer, render_hosts

        hosts = list(load_inventory(project).hosts.values())
        renderer = Renderer(project.templates_dir)
        with timed() as out:
            assert all(r.config for r in render_hosts(renderer, hosts))
    elif name == "plan":
        from bench.plan_build import inputs, plan_all

        inventory, hosts = inputs(project, 1)
        with timed() as out:
            plan_all(project, inventory, hosts)
    else:
        from bench.diff import make_config, mutate, text_of
        from bluewire.diff import remediation

        base = make_config(size)
        running, golden = text_of(base), text_of(mutate(base, 0.01)[0])
        with timed() as out:
            remediation(running, golden, "ios")
    report(out)


def _growth(small: Sample, large: Sample, factor: float) -> str:
    return f"{large.cpu / small.cpu / factor:6.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--side", choices=SIDES)
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("size", nargs="?", type=int, default=0)
    args = parser.parse_args()
    if args.side:
        side(args.side, args.folder, args.size)
        return
    from bench.fleet import make_fleet
    from bluewire.project import Project
    from bluewire.runs.render import render_report

    print(" ".join([Path(sys.executable).name, "-m", "bench.scaling", *sys.argv[1:]]))
    print(machine())
    factor = args.large / args.small
    print(f"{'CPU seconds (fresh process each)':34} {args.small:>9} {args.large:>9}  growth")
    with tempfile.TemporaryDirectory() as tmp:
        folders = {}
        for size in (args.small, args.large):
            folders[size] = Path(tmp) / str(size)
            make_fleet(folders[size], size)
            render_report(Project(folders[size]), None, None, check=False)  # golden configs
        for name in ("load-nocache", "load-cached", "render", "plan"):
            small, large = (run_side("bench.scaling", name, folders[n]) for n in folders)
            label = f"{name} ({args.small} / {args.large} hosts)"
            print(f"{label:34} {small.cpu:9.2f} {large.cpu:9.2f}  {_growth(small, large, factor)}")
        lines = [1000, 10_000, 100_000]
        diffs = [run_side("bench.scaling", "diff", folders[args.small], str(n)) for n in lines]
        for (n, d), (m, e) in zip(
            zip(lines, diffs, strict=True), zip(lines[1:], diffs[1:], strict=True), strict=False
        ):
            label = f"diff ({n} / {m} lines)"
            print(f"{label:34} {d.cpu:9.3f} {e.cpu:9.3f}  {_growth(d, e, m / n)}")


if __name__ == "__main__":
    main()
