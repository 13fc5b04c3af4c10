"""Benchmark: inventory load, bluewire vs InitNornir (SimpleInventory with PyYAML's C loader).

    .venv/bin/python -m bench.inventory [--hosts 10000] [--repeat 3]

Each load runs in a fresh process (bench.measure). bluewire's loads: cold (no cache: parse,
validate, write the cache), no cache at all (BLUEWIRE_NO_CACHE=1: parse and validate only),
cached (nothing changed), cached with every host's data decoded (what a consumer of all data
pays), and incremental (one host's entry in hosts.yaml edited). The baseline parses only; it
validates nothing. Both sides run in one process with one thread.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.measure import (
    HEADER,
    Sample,
    interleaved,
    machine,
    median,
    report,
    row,
    run_side,
    timed,
)

SIDES = ("nornir-c", "nornir-ruamel", "bw-cold", "bw-nocache", "bw-cached", "bw-decoded", "bw-incr")


def side(name: str, folder: Path) -> None:
    """One measurement in this (fresh) process."""
    if name.startswith("nornir"):
        from bench.nornir_c import init_nornir, preload

        preload()
        with timed() as out:
            nr = init_nornir(folder, c_loader=name == "nornir-c")
        out["hosts"] = len(nr.inventory.hosts)
        report(out)
        return
    from bluewire.inventory.load import load_inventory
    from bluewire.project import Project

    project = Project(folder)
    if name == "bw-cold":
        shutil.rmtree(folder / ".bluewire", ignore_errors=True)
    if name == "bw-nocache":
        os.environ["BLUEWIRE_NO_CACHE"] = "1"
    with timed() as out:
        inventory = load_inventory(project)
        if name == "bw-decoded":
            out["keys"] = sum(len(h.data) for h in inventory.hosts.values())
    out["hosts"] = len(inventory.hosts)
    report(out)


def edit_one_host(folder: Path, n: int) -> None:
    """A one-host edit, as a merge request makes it: one value of one entry of hosts.yaml.

    The last host's entry: the fleet's hosts.yaml is written by yaml.dump, which shares the
    cloned values through anchors (`&id001`) in the first entries, so editing one of those
    re-parses every entry that uses them (correctly; a hand-written inventory has few).
    """
    path = folder / "inventory/hosts.yaml"
    text = path.read_text()
    at = [m for m in re.finditer(r"(?m)^(    os_version: )\S+$", text)][-1]
    path.write_text(f"{text[: at.start()]}{at.group(1)}17.9.{n}{text[at.end() :]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--side", choices=SIDES)
    parser.add_argument("folder", nargs="?", type=Path)
    args = parser.parse_args()
    if args.side:
        side(args.side, args.folder)
        return
    from bench.fleet import make_fleet

    print(" ".join([Path(sys.executable).name, "-m", "bench.inventory", *sys.argv[1:]]))
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_fleet(folder, args.hosts)
        edits = iter(range(10**6))

        def run(name: str) -> Callable[[], Sample]:
            def go() -> Sample:
                if name == "bw-incr":
                    edit_one_host(folder, next(edits))
                return run_side("bench.inventory", name, folder)

            return go

        runs = [(name, run(name)) for name in SIDES]
        samples = interleaved(runs, args.repeat)
    med = {name: median(s) for name, s in samples.items()}
    counts = {name: s[0].info["hosts"] for name, s in samples.items()}
    assert len(set(counts.values())) == 1, counts
    base = med["nornir-c"]
    print(
        f"{args.hosts} hosts, {args.repeat} interleaved runs per side; baseline: InitNornir "
        "SimpleInventory with yaml.CSafeLoader"
    )
    print(HEADER)
    one = "1 process, 1 thread / 1 process, 1 thread"
    for label, name in [
        ("cold (no cache yet; writes it)", "bw-cold"),
        ("no cache (BLUEWIRE_NO_CACHE=1)", "bw-nocache"),
        ("cached, nothing changed", "bw-cached"),
        ("cached, every host's data decoded", "bw-decoded"),
        ("incremental, one host entry edited", "bw-incr"),
    ]:
        print(row(label, med[name], base, one))
    ruamel = med["nornir-ruamel"]
    print(
        f"(InitNornir with ruamel's default loader: {ruamel.wall:.3f} s wall, {ruamel.cpu:.3f} s CPU)"
    )


if __name__ == "__main__":
    main()
