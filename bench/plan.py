"""Benchmark: whole `bluewire plan` vs the plain script a user would otherwise run.

    .venv/bin/python -m bench.plan [--hosts 500]

A generated fleet (configs like the example's) runs in the device lab (a separate process). One
shared group changes; we time `bluewire --lab plan --changed-since HEAD` against a plain script:
nornir_napalm `napalm_get(getters=["config"])` on every host + hier_config remediation per host.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.fleet import make_fleet

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hosts", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
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
            t0 = time.perf_counter()
            code = sh(
                str(BIN / "bluewire"),
                "--lab",
                "plan",
                "--changed-since",
                "HEAD",
                "--out",
                str(folder / "plan.json"),
                "--format",
                "json",
                cwd=folder,
                env=env,
            )
            t_bw = time.perf_counter() - t0
            t_script, changed = plain_script(folder, intended)
        finally:
            sh(str(BIN / "bluewire"), "lab", "down", cwd=folder, env=env)
    print(f"{args.hosts} lab devices up in {lab_up:.1f} s; bluewire plan exit code {code}")
    print(f"{'run':44} {'wall s':>8}")
    print(f"{'bluewire --lab plan --changed-since HEAD':44} {t_bw:8.1f}")
    print(
        f"{'nornir_napalm napalm_get + hier_config':44} {t_script:8.1f}   ({changed} hosts differ)"
    )
    print(f"ratio bluewire / script: {t_bw / t_script:.2f}")


if __name__ == "__main__":
    main()
