"""Benchmark: every rule of a profile over 1,000 generated configs of ~1,000 lines, on one core.

    .venv/bin/python bench/compliance.py [--configs 1000] [--lines 1000] [--profile cjis]

Configs are derived from golden_configs/: each is a golden config padded with extra interface
blocks (indentation platforms) or extra interface units (Junos) to the target length, evaluated
with its host's inventory (interface roles). Time per config includes parsing and indexing.
Target (issue 4): under 35 ms per config.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bluewire.compliance.engine import Target, evaluate, interface_roles
from bluewire.compliance.loader import load_policy, load_rulebook, resolve_profile
from bluewire.inventory.load import load_inventory
from bluewire.platforms import profile
from bluewire.project import find_project_root


def pad(text: str, platform: str, lines: int, seed: int) -> str:
    """Grow a config to about `lines` lines with blocks the rules have to look at."""
    missing = lines - text.count("\n")
    if missing <= 0:
        return text
    if profile(platform).braces:
        units = "".join(
            f'    ge-9/{seed % 8}/{k} {{\n        description "bench {k}";\n        disable;\n    }}\n'
            for k in range(missing // 4)
        )
        return text + f"interfaces {{\n{units}}}\n"
    blocks = "".join(
        f"interface Loopback{1000 + k}\n description bench {seed}\n shutdown\n!\n"
        for k in range(missing // 4)
    )
    body, sep, tail = text.rpartition("\nend")
    return f"{body}\n{blocks}{sep}{tail}" if sep else text + blocks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--configs", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--profile", default="cjis")
    args = parser.parse_args()

    project = find_project_root()
    inventory = load_inventory(project)
    rules, params = resolve_profile(load_rulebook(), load_policy(project), args.profile)
    hosts = sorted(inventory.hosts.values(), key=lambda h: h.name)
    targets = []
    for i in range(args.configs):
        host = hosts[i % len(hosts)]
        text = pad(project.golden_path(host.name).read_text(), host.platform, args.lines, i)
        roles = interface_roles(host.data.get("interfaces") or [])
        targets.append(Target(f"{host.name}-{i}", host.platform, text, roles))
    total_lines = sum(t.text.count("\n") for t in targets)

    times = []
    checks = 0
    for target in targets:
        start = time.perf_counter()
        checks += len(evaluate(target, rules, params))
        times.append(time.perf_counter() - start)
    per = statistics.mean(times) * 1000
    print(
        f"profile {args.profile}: {len(rules)} rules, {len(targets)} configs, "
        f"{total_lines / len(targets):.0f} lines/config on average"
    )
    print(
        f"mean {per:.2f} ms/config, median {statistics.median(times) * 1000:.2f} ms, "
        f"p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.2f} ms, "
        f"total {sum(times):.2f} s ({checks} rule results)"
    )
    print(
        f"per rule: {per / len(rules) * 1000:.0f} µs; target < 35 ms/config: "
        f"{'met' if per < 35 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
