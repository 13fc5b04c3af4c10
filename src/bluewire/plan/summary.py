"""What a reviewer needs from a Plan before reading diffs: order, counts and shared changes.

Pure helpers every plan view uses, so the MR note, the HTML page and the human output agree:
hosts riskiest first, added/removed line counts, and remediation blocks that are identical on
several hosts (one entry "on 24 hosts" instead of the same lines 24 times).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bluewire.exitcodes import ExitCode
from bluewire.plan.model import HostPlan, Plan, Risk

# How much each flag weighs when ordering hosts: a lockout outranks everything else.
# Said in every format and on stderr: a plan of uncommitted files is no plan of a commit.
DIRTY = "made from a checkout with uncommitted changes: re-plan from a clean commit"

RISK_WEIGHT = {Risk.MGMT_LOCKOUT: 8, Risk.ROUTING: 4, Risk.HA_PAIR: 2, Risk.LARGE: 1}
SERIOUS = frozenset({Risk.MGMT_LOCKOUT, Risk.ROUTING})


def status(p: HostPlan) -> str:
    if p.error is not None:
        return "error"
    return "changes" if p.changed else "no change"


def exit_code(plan: Plan) -> ExitCode:
    """1 when a host could not be planned, else 2 when something changes, else 0."""
    if plan.failed_hosts:
        return ExitCode.ERROR
    return ExitCode.CHANGES if plan.changed_hosts else ExitCode.OK


def risk_score(p: HostPlan) -> int:
    return sum(RISK_WEIGHT.get(r, 1) for r in p.risks)


def riskiest_first(plan: Plan) -> list[tuple[str, HostPlan]]:
    """Failed hosts, then changes by risk (then size), then hosts with nothing to do."""

    def key(item: tuple[str, HostPlan]) -> tuple[int, int, int, str]:
        name, p = item
        group = 0 if p.error is not None else 1 if p.changed else 2
        return group, -risk_score(p), -len(p.remediation), name

    return sorted(plan.hosts.items(), key=key)


def line_counts(p: HostPlan) -> tuple[int, int]:
    """(added, removed) config lines in the host's diff."""
    lines = (p.diff or p.device_diff).splitlines()
    added = sum(x.startswith("+") and not x.startswith("+++") for x in lines)
    removed = sum(x.startswith("-") and not x.startswith("---") for x in lines)
    return added, removed


def blocks(commands: Sequence[str]) -> list[tuple[str, ...]]:
    """Remediation split into top-level blocks: a command and the indented lines under it."""
    out: list[list[str]] = []
    for line in commands:
        if out and line[:1].isspace():
            out[-1].append(line)
        else:
            out.append([line])
    return [tuple(b) for b in out]


@dataclass(frozen=True)
class SharedChange:
    """A remediation block that is the same on several hosts of one platform."""

    platform: str
    commands: tuple[str, ...]
    hosts: tuple[str, ...]


def shared_changes(plan: Plan, min_hosts: int = 2) -> list[SharedChange]:
    """Blocks present on at least `min_hosts` hosts, the most widespread first."""
    seen: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for name, p in plan.hosts.items():
        if p.changed:
            for block in dict.fromkeys(blocks(p.remediation)):
                seen.setdefault((p.platform, block), []).append(name)
    shared = [
        SharedChange(platform, block, tuple(hosts))
        for (platform, block), hosts in seen.items()
        if len(hosts) >= min_hosts
    ]
    return sorted(shared, key=lambda s: (-len(s.hosts), s.platform, s.commands))


def compliance_words(p: HostPlan) -> tuple[list[str], list[str]]:
    """(rules this change fixes, rules it breaks) from the plan's compliance deltas."""
    fixes = [d[1:] for d in p.compliance if d.startswith("-")]
    breaks = [d[1:] for d in p.compliance if d.startswith("+")]
    return fixes, breaks
