"""Rollout: which hosts go first, in which batches, and when to stop.

Canaries first (by default the lowest-risk changed host of each platform: the change is proven on
every platform before the fleet sees it), then batches in order of increasing risk. The two
members of an HA pair (`ha_peer`) are never in the same stage, so one of them always carries the
traffic; and a host is held back while its peer is unconfirmed (committed, neither confirmed nor
verified back), e.g. left to its device timer after a dropped session. A failed canary stops the
rollout; otherwise it stops once failures exceed `--max-failures` (N hosts or P% of the changed
hosts), and the hosts not yet started are reported `not attempted`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bluewire.errors import BluewireError
from bluewire.plan.model import HostPlan, Risk

# How much each risk flag weighs when choosing canaries and ordering batches (higher = later).
RISK_WEIGHT: dict[Risk, int] = {
    Risk.MGMT_LOCKOUT: 1000,
    Risk.ROUTING: 100,
    Risk.HA_PAIR: 10,
    Risk.LARGE: 1,
}


@dataclass(frozen=True)
class Stage:
    name: str  # "canary", "batch 1", ...
    hosts: tuple[str, ...]
    canary: bool = False


@dataclass(frozen=True)
class FailureBudget:
    """--max-failures: N hosts, or P percent of the hosts to change (rounded down)."""

    count: int | None = None
    percent: float | None = None

    def allowed(self, total: int) -> int:
        if self.percent is not None:
            return math.floor(total * self.percent / 100)
        return self.count or 0

    def exceeded(self, failures: int, total: int) -> bool:
        return failures > self.allowed(total)

    def __str__(self) -> str:
        return f"{self.percent:g}%" if self.percent is not None else str(self.count or 0)


def parse_budget(text: str) -> FailureBudget:
    """`3` or `10%`; anything else is a usage error."""
    number = re.fullmatch(r"(\d+)", text.strip())
    if number:
        return FailureBudget(count=int(number[1]))
    percent = re.fullmatch(r"(\d+(?:\.\d+)?)%", text.strip())
    if percent and float(percent[1]) <= 100:
        return FailureBudget(percent=float(percent[1]))
    raise BluewireError(f"--max-failures {text}: expected a count (e.g. 2) or a percentage (10%)")


def risk_key(name: str, plan: HostPlan) -> tuple[int, int, str]:
    """Lower sorts first: fewer and milder risks, then a smaller change, then the name."""
    score = sum(RISK_WEIGHT[r] for r in set(plan.risks))
    return score, len(plan.remediation) or len(plan.device_diff.splitlines()), name


def by_risk(hosts: Mapping[str, HostPlan]) -> list[str]:
    return sorted(hosts, key=lambda h: risk_key(h, hosts[h]))


def pick_canaries(
    hosts: Mapping[str, HostPlan], spec: int | Sequence[str], peers: Mapping[str, str]
) -> list[str]:
    """`spec` is a count per platform, or explicit host names (which must be changed hosts)."""
    if not isinstance(spec, int):
        unknown = sorted(set(spec) - set(hosts))
        if unknown:
            raise BluewireError(f"--canary {', '.join(unknown)}: not a host this apply changes")
        return list(dict.fromkeys(spec))
    if spec < 0:
        raise BluewireError("--canary: expected a count >= 0 or host names")
    chosen: list[str] = []
    per_platform: dict[str, int] = {}
    for name in by_risk(hosts):
        platform = hosts[name].platform
        if per_platform.get(platform, 0) >= spec or peers.get(name) in chosen:
            continue
        chosen.append(name)
        per_platform[platform] = per_platform.get(platform, 0) + 1
    return chosen


def plan_stages(
    hosts: Mapping[str, HostPlan],
    canaries: Sequence[str],
    batch_size: int,
    peers: Mapping[str, str],
) -> list[Stage]:
    """The canary stage (if any), then batches of at most `batch_size` in order of risk."""
    if batch_size < 1:
        raise BluewireError("--batch-size: expected a number >= 1")
    stages: list[Stage] = []
    groups = split_apart(list(canaries), len(canaries) or 1, peers)
    for i, group in enumerate(groups, start=1):
        name = "canary" if len(groups) == 1 else f"canary {i}"
        stages.append(Stage(name, tuple(group), canary=True))
    rest = [h for h in by_risk(hosts) if h not in set(canaries)]
    for i, group in enumerate(split_apart(rest, batch_size, peers), start=1):
        stages.append(Stage(f"batch {i}", tuple(group)))
    return stages


def split_apart(order: list[str], size: int, peers: Mapping[str, str]) -> list[list[str]]:
    """Consecutive groups of at most `size`, in order, never putting HA peers together.

    Each host goes into the earliest group that has room and does not hold its peer.
    """
    groups: list[list[str]] = []
    for host in order:
        peer = peers.get(host)
        target = next((g for g in groups if len(g) < size and peer not in g), None)
        if target is None:
            target = []
            groups.append(target)
        target.append(host)
    return groups


def peer_blocker(host: str, peers: Mapping[str, str], unsettled: set[str]) -> str | None:
    """Why `host` must wait: its HA peer is committed but neither confirmed nor verified back."""
    peer = peers.get(host)
    if peer and peer in unsettled:
        return (
            f"not attempted: HA peer {peer} is unconfirmed (its device timer may still revert it)"
        )
    return None
