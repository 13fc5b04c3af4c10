"""The stale-plan guard: apply trusts nothing in a plan file but its hashes.

A plan says "this is what was reviewed". Before any device is touched the run checks that the plan
is for this repository state (its commit is the deployed one, or an ancestor whose later changes
touch none of its hosts) and this target (lab or devices); per host it checks that the intended
config re-rendered now hashes as the plan says, and, once the device is reached, that its running
config still hashes as it did at plan time and that the device's own diff agrees with the one that
was reviewed. Commands are never read from the plan: what is pushed is always re-rendered.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from bluewire import diff
from bluewire.config.value import Config
from bluewire.errors import StalePlanError
from bluewire.plan.build import intended_form
from bluewire.plan.model import HostPlan, Plan, sha256

REPLAN = "re-plan"


class History(Protocol):
    """The two questions the guard asks git (answered by the run layer)."""

    def is_ancestor(self, older: str, newer: str) -> bool: ...

    def affected_since(self, ref: str) -> Iterable[str]: ...


def check_target(plan: Plan, lab: bool) -> None:
    """A plan made against the lab never drives real devices, nor the reverse."""
    wanted = "lab" if lab else "devices"
    if plan.target != wanted:
        raise StalePlanError(f"the plan was made against the {plan.target}, not the {wanted}")


def check_commit(plan: Plan, head: str, dirty: bool, history: History) -> None:
    """The plan is for the commit being deployed, or for an ancestor that changed none of its hosts."""
    if dirty:
        raise StalePlanError("the working tree has uncommitted changes: apply deploys a commit")
    if plan.dirty:
        raise StalePlanError("the plan was made from uncommitted changes; plan again from a commit")
    if plan.commit == head:
        return
    short = f"{plan.commit[:12]} (deploying {head[:12]})"
    if not history.is_ancestor(plan.commit, head):
        raise StalePlanError(f"the plan was made from {short}, which is not an ancestor; {REPLAN}")
    touched = sorted(set(history.affected_since(plan.commit)) & set(plan.hosts))
    if touched:
        shown = ", ".join(touched[:10]) + (" ..." if len(touched) > 10 else "")
        raise StalePlanError(f"commits since the plan's {short} change {shown}; {REPLAN}")


def unknown_hosts(plan: Plan, inventory_hosts: Iterable[str]) -> list[str]:
    """Plan hosts the deployed inventory does not have (refused: nothing to render them from)."""
    return sorted(set(plan.hosts) - set(inventory_hosts))


def intended_mismatch(host_plan: HostPlan, intended: str) -> str | None:
    """Why the re-rendered intended config is not the reviewed one, or None."""
    if host_plan.error is not None:
        return f"the plan has no result for this host ({host_plan.error}); {REPLAN}"
    if sha256(intended_form(intended, host_plan.platform)) != host_plan.intended_sha256:
        return f"stale: the intended config rendered now differs from the plan's; {REPLAN}"
    return None


def running_mismatch(host_plan: HostPlan, running: str) -> str | None:
    """`running` is the freshly fetched config, already sanitized (plan.build.redact)."""
    if sha256(running) != host_plan.running_sha256:
        return f"stale: the running config changed since the plan; {REPLAN}"
    return None


def diff_mismatch(
    host_plan: HostPlan, device_diff: str, running: str | Config, intended: str
) -> str | None:
    """Does what the device would do now agree with what was reviewed?

    With a reviewed device diff (a plan made with --device-diff), the device's diff now must be
    the same text (both redacted, blank lines and trailing spaces aside). Without one, bluewire's
    own sanitized diff recomputed now must equal the plan's.
    """
    if host_plan.device_diff.strip():
        if normalized(device_diff) != normalized(host_plan.device_diff):
            return "device diff differs from plan"
        return None
    platform = host_plan.platform
    now = diff.diff_text(running, intended_form(intended, platform), platform)
    if normalized(now) != normalized(host_plan.diff):
        return "device diff differs from plan (bluewire's diff recomputed now)"
    return None


def normalized(text: str) -> list[str]:
    """Lines without trailing blanks, empty lines dropped: how two diffs are compared."""
    return [line.rstrip() for line in text.splitlines() if line.strip()]
