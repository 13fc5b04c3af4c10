"""Benchmark: render and check, bluewire vs nornir_jinja2 with one shared Jinja Environment.

    .venv/bin/python -m bench.render [--hosts 10000] [--repeat 3]

Every side runs in a fresh process (bench.measure), interleaved, and reports wall and CPU time
(worker processes included). Two tables:

1. Render throughput. bluewire's renderer (sandboxed Environment, process pool) against
   nornir_jinja2's `template_file` with `jinja_env=` one shared Environment configured exactly
   like bluewire's (trim_blocks, lstrip_blocks, StrictUndefined, the same filters and
   secret()), plain and sandboxed, on Nornir's threaded runner (20 workers). The baseline is
   given every host's resolved template variables before its timer starts (Nornir's shallow
   inheritance cannot resolve them) and applies bluewire's `normalize` to its output; every
   host's config is checked byte-identical on all sides. Inventory load is excluded on both.
2. Incremental render and check: `render` and `check` (the product paths, inventory load
   included) after one host's entry in hosts.yaml changed, against the same command with
   cold render, compliance and link caches (every host rendered and checked; the inventory
   cache kept warm).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.inventory import edit_one_host
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

RENDER_SIDES = ("bw-render", "nj2-shared", "nj2-sandboxed")
PRODUCT_SIDES = ("render-full", "render-incr", "check-full", "check-incr")


def _digests(configs: dict[str, str]) -> dict[str, str]:
    return {h: hashlib.sha256(c.encode()).hexdigest() for h, c in sorted(configs.items())}


def _bluewire_render(folder: Path) -> dict[str, Any]:
    from bluewire.inventory.load import load_inventory
    from bluewire.project import Project
    from bluewire.render import Renderer, render_hosts

    project = Project(folder)
    hosts = list(load_inventory(project).hosts.values())
    for host in hosts:
        _ = host.data  # decoded before the timer: the baseline gets its variables ready too
    renderer = Renderer(project.templates_dir)
    jobs = os.cpu_count() or 1
    with timed() as out:
        configs = {r.host: str(r.config) for r in render_hosts(renderer, hosts, jobs)}
    out.update(workers=f"{jobs} processes", digests=_digests(configs))
    return out


def _environment(folder: Path, sandboxed: bool) -> Any:
    """A Jinja Environment set up the way bluewire sets up its own."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    from bluewire import secrets
    from bluewire.render import FILTERS

    cls = SandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(
        loader=jinja2.FileSystemLoader(str(folder / "templates")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.globals["secret"] = secrets.placeholder
    return env


def _nornir_render(folder: Path, sandboxed: bool) -> dict[str, Any]:
    from nornir.core.task import Result, Task
    from nornir_jinja2.plugins.tasks import template_file

    from bench.nornir_c import init_nornir, preload
    from bluewire.render import normalize

    preload()
    nr = init_nornir(folder)
    variables = pickle.loads((folder.parent / "variables.pickle").read_bytes())
    env = _environment(folder, sandboxed)

    def render(task: Task) -> Result:
        template, data = variables[task.host.name]
        result = template_file(task, template=template, jinja_env=env, **data)
        return Result(host=task.host, result=normalize(result.result))

    with timed() as out:
        result = nr.run(task=render)
    failed = [str(r.exception) for r in result.values() if r.failed]
    assert not failed, failed[:1]
    configs = {h: r[0].result for h, r in result.items()}
    out.update(workers="1 process, 20 threads", digests=_digests(configs))
    return out


def _product(folder: Path, name: str) -> dict[str, Any]:
    from bluewire.project import Project
    from bluewire.runs.render import check_report, render_report

    project = Project(folder)
    with timed() as out:
        if name.startswith("render"):
            render_report(project, None, None, check=False)
        else:
            check_report(project, None, None)
    out["workers"] = f"up to {os.cpu_count()} processes"
    return out


def side(name: str, folder: Path) -> None:
    if name == "bw-render":
        report(_bluewire_render(folder))
    elif name.startswith("nj2"):
        report(_nornir_render(folder, sandboxed=name == "nj2-sandboxed"))
    else:
        report(_product(folder, name))


def _variables(folder: Path) -> None:
    """Every host's template and resolved variables, for the baseline (prepared untimed)."""
    from bluewire.inventory.load import load_inventory
    from bluewire.project import Project
    from bluewire.render import template_name

    inventory = load_inventory(Project(folder))
    variables = {
        h.name: (template_name(h), {k: v for k, v in h.template_vars().items() if k != "host"})
        for h in inventory.hosts.values()
    }
    (folder.parent / "variables.pickle").write_bytes(pickle.dumps(variables))


def _forget_renders(folder: Path) -> None:
    """Cold render, compliance and link caches (the inventory cache stays warm): every host is
    rendered, checked for compliance and looked at by the link check."""
    for name in ("render.json", "compliance.json", "links.json"):
        (folder / ".bluewire/cache" / name).unlink(missing_ok=True)


def render_table(folder: Path, repeat: int) -> None:
    runs = [(n, _runner("bench.render", n, folder)) for n in RENDER_SIDES]
    samples = interleaved(runs, repeat)
    digests = {n: s[-1].info["digests"] for n, s in samples.items()}
    assert digests["bw-render"] == digests["nj2-shared"] == digests["nj2-sandboxed"]
    med = {n: median(s) for n, s in samples.items()}
    hosts = len(digests["bw-render"])
    print(f"\nrender {hosts} hosts, configs byte-identical on all sides; {repeat} runs per side")
    print(HEADER)
    bw = med["bw-render"]
    for label, name in [("vs nornir_jinja2, shared Environment", "nj2-shared")]:
        other = med[name]
        print(row(label, bw, other, f"{bw.info['workers']} / {other.info['workers']}"))
    other = med["nj2-sandboxed"]
    label = "vs nornir_jinja2, shared SandboxedEnvironment"
    print(row(label, bw, other, f"{bw.info['workers']} / {other.info['workers']}"))
    print(
        f"bluewire: {hosts / bw.wall:.0f} devices/s; baseline: {hosts / med['nj2-shared'].wall:.0f}"
    )


def product_table(folder: Path, repeat: int, sides: tuple[str, ...] = PRODUCT_SIDES) -> None:
    edits = iter(range(10**6))

    def prepare(name: str) -> Callable[[], Sample]:
        run = _runner("bench.render", name, folder)

        def go() -> Sample:
            if name.endswith("full"):
                _forget_renders(folder)
            else:
                edit_one_host(folder, next(edits))
            return run()

        return go

    samples = interleaved([(n, prepare(n)) for n in sides], repeat)
    med = {n: median(s) for n, s in samples.items()}
    print(f"\none host edited in hosts.yaml, then the command; {repeat} runs per side")
    if sides != PRODUCT_SIDES:  # the incremental runs alone
        for name, sample in med.items():
            print(f"{name:14} wall {sample.wall:8.3f} s  CPU {sample.cpu:8.3f} s")
        return
    print(HEADER.replace("base wall", "full wall").replace("base CPU", "full CPU"))
    for what in ("render", "check"):
        inc, full = med[f"{what}-incr"], med[f"{what}-full"]
        label = f"{what}: one host changed vs every host"
        print(row(label, inc, full, f"{inc.info['workers']} / the same"))


def _runner(module: str, name: str, folder: Path) -> Callable[[], Sample]:
    return lambda: run_side(module, name, folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("render", "product", "incremental"))
    parser.add_argument("--side", choices=RENDER_SIDES + PRODUCT_SIDES)
    parser.add_argument("folder", nargs="?", type=Path)
    args = parser.parse_args()
    if args.side:
        side(args.side, args.folder)
        return
    from bench.fleet import make_fleet
    from bluewire.project import Project
    from bluewire.runs.render import check_report, render_report

    print(" ".join([Path(sys.executable).name, "-m", "bench.render", *sys.argv[1:]]))
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "project"
        make_fleet(folder, args.hosts)
        render_report(Project(folder), None, None, check=False)  # golden configs, warm caches
        if args.only in (None, "render"):
            _variables(folder)
            render_table(folder, args.repeat)
        if args.only in (None, "product"):
            product_table(folder, args.repeat)
        if args.only == "incremental":  # warm: every golden file compared, compliance cached
            check_report(Project(folder), None, None)
            product_table(folder, args.repeat, ("render-incr", "check-incr"))
    print(json.dumps({"hosts": args.hosts, "repeat": args.repeat}))


if __name__ == "__main__":
    main()
