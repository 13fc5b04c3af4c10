"""Benchmark: the diff engine alone, bluewire vs hier_config 3.x, plus a remediation cross-check.

    .venv/bin/python bench/diff.py [--sizes 1000,10000,100000] [--repeat 3]

Part 1 times remediation on synthetic IOS configs (~1 % of lines changed), both tools parsing from
text, hier_config used as its README shows (`get_hconfig`, `WorkflowRemediation`). Part 1b does
the same for a synthetic Junos firewall config, the running side in brace and in `display set`
format (bluewire parses both; hier_config is given braces). Part 2 runs both
on hier_config's own IOS and EOS circular fixtures, read from the mirror fetched at
/work/.mirror/netdevops+hier_config (skipped when absent; the fixtures are never copied here), and
lists every line where the remediations differ.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bluewire.config.tree import Node, parse, render_braces, to_set_commands
from bluewire.diff import remediation

MIRROR = Path("/work/.mirror/netdevops+hier_config/repo")
FIXTURES = "tests/circular/fixtures"


def make_config(lines: int, seed: int = 0) -> list[list[str]]:
    """An IOS config of about `lines` lines as sections (a section: header + indented children)."""
    rnd = random.Random(seed)
    sections: list[list[str]] = [["hostname bench-1"], ["no ip source-route"]]
    count = 2
    i = 0
    while count < lines:
        i += 1
        kind = i % 10
        if kind == 0:
            acl = [f"ip access-list extended ACL-{i}"]
            acl += [
                f" {10 * (n + 1)} permit tcp 10.{i % 250}.{n}.0 0.0.0.255 any eq {1000 + n}"
                for n in range(8)
            ]
            sections.append(acl)
        elif kind == 1:
            sections.append([f"vrf definition V{i}", f" rd 65000:{i}"])
        else:
            port = f"GigabitEthernet{i // 1920}/{(i // 48) % 40}/{i % 48}"
            sections.append(
                [
                    f"interface {port}",
                    f" description port {i} room {rnd.randint(1, 500)}",
                    " switchport access vlan 100",
                    " switchport mode access",
                    " spanning-tree portfast",
                    " ip access-group MGMT in",
                ]
            )
        count += len(sections[-1])
    return sections


def mutate(
    sections: list[list[str]], fraction: float, seed: int = 1
) -> tuple[list[list[str]], int]:
    """Change about `fraction` of the lines: descriptions, ACL entries, removed/added sections.

    Returns the new sections and the number of lines removed or added.
    """
    rnd = random.Random(seed)
    out = [list(s) for s in sections]
    total = sum(len(s) for s in out)
    budget = max(1, int(total * fraction))
    changed = 0
    while changed < budget:
        s = out[rnd.randrange(2, len(out))]
        roll = rnd.random()
        if roll < 0.5 and len(s) > 1:
            j = rnd.randrange(1, len(s))
            s[j] = s[j].rsplit(" ", 1)[0] + f" {rnd.randint(2000, 9000)}"
            changed += 2
        elif roll < 0.8:
            line = " 15 permit udp any any eq 53" if s[0].startswith("ip access") else " shutdown"
            if line not in s:
                s.append(line)
                changed += 1
        else:
            changed += len(s) + 2
            s[:] = [f"interface Loopback{changed}", " description new"]
    return out, changed


def text_of(sections: list[list[str]]) -> str:
    return "\n".join(line for s in sections for line in s) + "\n"


def hier_remediation(running: str, generated: str, platform: str) -> list[str]:
    from hier_config import Platform, WorkflowRemediation, get_hconfig

    plat = {"ios": Platform.CISCO_IOS, "eos": Platform.ARISTA_EOS, "junos": Platform.JUNIPER_JUNOS}[
        platform
    ]
    workflow = WorkflowRemediation(get_hconfig(plat, running), get_hconfig(plat, generated))
    return [line.cisco_style_text() for line in workflow.remediation_config.all_children_sorted()]


def best_of(repeat: int, fn: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def speed(sizes: list[int], repeat: int) -> None:
    print(
        f"{'lines':>8} {'changed':>8} {'bluewire s':>11} {'hier_config s':>14} {'ratio':>7}"
        f" {'bw cmds':>8} {'hc cmds':>8}"
    )
    for size in sizes:
        base = make_config(size)
        target, changed = mutate(base, 0.01)
        running, golden = text_of(base), text_of(target)
        bw_s, bw = best_of(repeat, remediation, running, golden, "ios")
        hc_s, hc = best_of(
            1 if size >= 100_000 else repeat, hier_remediation, running, golden, "ios"
        )
        print(
            f"{len(running.splitlines()):>8} {changed:>8} {bw_s:>11.3f} {hc_s:>14.3f}"
            f" {hc_s / bw_s:>6.1f}x {len(bw):>8} {len(hc):>8}"
        )


def make_junos(lines: int, seed: int = 0) -> Node:
    """A Junos firewall config of about `lines` brace lines: interfaces, zones, policies, terms."""
    rnd = random.Random(seed)
    root = Node("")
    interfaces, policies = Node("interfaces"), Node("policies")
    firewall = Node("filter PROTECT-RE")
    root.children = [
        interfaces,
        Node("security", children=[policies]),
        Node("firewall", children=[firewall]),
    ]
    i = 0
    while i * 24 < lines:  # each round adds 18 statements, about 24 lines with closing braces
        i += 1
        unit = Node(
            "unit 0",
            children=[
                Node("family inet", children=[Node(f"address 10.{i % 250}.{i // 250}.1/24")])
            ],
        )
        interfaces.children.append(
            Node(
                f"ge-0/{i // 48}/{i % 48}",
                children=[Node(f'description "port {i} room {rnd.randint(1, 500)}"'), unit],
            )
        )
        match = Node(
            "match",
            children=[
                Node(f"source-address [ net-{i} net-{i + 1} ]"),
                Node("destination-address any"),
                Node("application junos-https"),
            ],
        )
        zones = Node(
            f"from-zone z{i % 7} to-zone z{(i + 1) % 7}",
            children=[
                Node(f"policy p{i}", children=[match, Node("then", children=[Node("permit")])])
            ],
        )
        policies.children.append(zones)
        term = Node(
            f"term t{i}",
            children=[
                Node(
                    "from",
                    children=[
                        Node("protocol tcp"),
                        Node(f"destination-port [ {1000 + i} {2000 + i} ]"),
                    ],
                ),
                Node("then accept"),
            ],
        )
        firewall.children.append(term)
    return root


def mutate_junos(root: Node, fraction: float, seed: int = 1) -> Node:
    """Change about `fraction` of the leaves: descriptions, addresses, destination ports."""
    rnd = random.Random(seed)
    copy = parse(render_braces(root), "junos")
    edits = {
        "description": lambda: f'description "moved to room {rnd.randint(1, 500)}"',
        "address": lambda: f"address 172.16.{rnd.randint(0, 255)}.1/24",
        "destination-port": lambda: f"destination-port {rnd.randint(3000, 9000)}",
    }
    leaves = [n for _, n in copy.walk() if not n.children and n.text.split()[0] in edits]
    for node in rnd.sample(leaves, max(1, int(len(leaves) * fraction))):
        node.text = edits[node.text.split()[0]]()
    return copy


def junos_speed(sizes: list[int], repeat: int) -> None:
    print(
        f"\n{'junos':>8} {'bw parse':>9} {'bw parse set':>13} {'bw remed':>9}"
        f" {'bw remed set':>13} {'hier_config':>12} {'bw cmds':>8} {'hc cmds':>8}"
    )
    for size in sizes:
        base = make_junos(size)
        running, golden = render_braces(base), render_braces(mutate_junos(base, 0.01))
        as_set = "\n".join(to_set_commands(base)) + "\n"
        parse_s, _ = best_of(repeat, parse, running, "junos")
        parse_set_s, _ = best_of(repeat, parse, as_set, "junos")
        bw_s, bw = best_of(repeat, remediation, running, golden, "junos")
        bw_set_s, _ = best_of(repeat, remediation, as_set, golden, "junos")
        hc_s, hc = best_of(
            1 if size >= 100_000 else repeat, hier_remediation, running, golden, "junos"
        )
        print(
            f"{len(running.splitlines()):>8} {parse_s:>9.3f} {parse_set_s:>13.3f} {bw_s:>9.3f}"
            f" {bw_set_s:>13.3f} {hc_s:>12.3f} {len(bw):>8} {len(hc):>8}"
        )


def fixture(name: str) -> str:
    cmd = ["git", "-C", str(MIRROR), "show", f"HEAD:{FIXTURES}/{name}.conf"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def cross_check() -> None:
    if not (MIRROR / "HEAD").exists() and not (MIRROR / ".git").exists():
        print(f"\n(hier_config fixtures not found at {MIRROR}: cross-check skipped)")
        return
    for platform in ("ios", "eos"):
        running, generated = fixture(f"{platform}_running"), fixture(f"{platform}_generated")
        bw = [line.strip() for line in remediation(running, generated, platform)]
        hc = [line.strip() for line in hier_remediation(running, generated, platform)]
        only_bw = [x for x in bw if x not in hc]
        only_hc = [x for x in hc if x not in bw]
        print(
            f"\n{platform}: bluewire {len(bw)} lines, hier_config {len(hc)} lines;"
            f" same set of lines: {not only_bw and not only_hc}; same order: {bw == hc}"
        )
        for line in only_hc:
            print(f"  hier_config only: {line}")
        for line in only_bw:
            print(f"  bluewire only:    {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    speed([int(s) for s in args.sizes.split(",")], args.repeat)
    junos_speed([int(s) for s in args.sizes.split(",")], args.repeat)
    cross_check()


if __name__ == "__main__":
    main()
