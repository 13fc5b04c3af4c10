"""The stale-plan guard: commit ancestry, target, and the per-host hash and diff checks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest

from bluewire import diff
from bluewire.apply.guard import (
    check_commit,
    check_target,
    diff_mismatch,
    intended_mismatch,
    normalized,
    running_mismatch,
    unknown_hosts,
)
from bluewire.errors import StalePlanError
from bluewire.plan.build import intended_form
from bluewire.plan.model import HostPlan, Plan, sha256

HEAD = "a" * 40
PARENT = "b" * 40
OTHER = "c" * 40

RUNNING = "hostname sw1\ninterface Gi1\n description old\n"
INTENDED = "hostname sw1\ninterface Gi1\n description new\nsnmp-server community %%SECRET:ro%% RO\n"


@dataclass
class History:
    ancestors: set[tuple[str, str]] = field(default_factory=set)
    affected: dict[str, list[str]] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def is_ancestor(self, older: str, newer: str) -> bool:
        return (older, newer) in self.ancestors

    def affected_since(self, ref: str) -> Iterable[str]:
        self.asked.append(ref)
        return self.affected.get(ref, [])


def host_plan(**over: object) -> HostPlan:
    base: dict[str, object] = {
        "platform": "ios",
        "intended_sha256": sha256(intended_form(INTENDED, "ios")),
        "running_sha256": sha256(RUNNING),
        "diff": diff.diff_text(RUNNING, intended_form(INTENDED, "ios"), "ios"),
        "remediation": ["interface Gi1", " description new"],
    }
    return HostPlan.model_validate({**base, **over})


def plan(commit: str = HEAD, hosts: tuple[str, ...] = ("sw1", "sw2"), **over: object) -> Plan:
    return Plan.model_validate(
        {"commit": commit, "hosts": {h: host_plan().model_dump() for h in hosts}, **over}
    )


# ------------------------------------------------------------------ commit


def test_plan_from_the_deployed_commit_passes_without_asking_git() -> None:
    history = History()
    check_commit(plan(HEAD), HEAD, False, history)
    assert history.asked == []


def test_plan_from_an_ancestor_that_touched_none_of_its_hosts_passes() -> None:
    history = History({(PARENT, HEAD)}, {PARENT: ["other-host"]})
    check_commit(plan(PARENT), HEAD, False, history)
    assert history.asked == [PARENT]


def test_plan_from_an_ancestor_whose_changes_touch_its_hosts_is_stale() -> None:
    history = History({(PARENT, HEAD)}, {PARENT: ["sw2", "other-host"]})
    with pytest.raises(StalePlanError, match=r"change sw2; re-plan"):
        check_commit(plan(PARENT), HEAD, False, history)


def test_long_lists_of_touched_hosts_are_cut() -> None:
    hosts = tuple(f"h{i:02}" for i in range(12))
    history = History({(PARENT, HEAD)}, {PARENT: list(hosts)})
    with pytest.raises(StalePlanError, match=r"h09 \.\.\."):
        check_commit(plan(PARENT, hosts), HEAD, False, history)


def test_plan_from_a_commit_that_is_not_an_ancestor_is_stale() -> None:
    history = History({(HEAD, OTHER)})  # the reverse relation must not count
    with pytest.raises(StalePlanError, match="not an ancestor"):
        check_commit(plan(OTHER), HEAD, False, history)
    assert history.asked == []


def test_dirty_plans_and_dirty_trees_are_refused() -> None:
    with pytest.raises(StalePlanError, match="uncommitted changes; plan again"):
        check_commit(plan(HEAD, dirty=True), HEAD, False, History())
    with pytest.raises(StalePlanError, match="working tree has uncommitted"):
        check_commit(plan(HEAD), HEAD, True, History())


@pytest.mark.parametrize(
    ("target", "lab", "ok"),
    [
        ("lab", True, True),
        ("devices", False, True),
        ("lab", False, False),
        ("devices", True, False),
    ],
)
def test_target_must_match(target: str, lab: bool, ok: bool) -> None:
    p = plan(target=target)
    if ok:
        check_target(p, lab)
    else:
        with pytest.raises(StalePlanError, match=f"made against the {target}"):
            check_target(p, lab)


def test_unknown_hosts_are_listed_sorted() -> None:
    assert unknown_hosts(plan(hosts=("z", "a", "sw1")), ["sw1"]) == ["a", "z"]
    assert unknown_hosts(plan(), ["sw1", "sw2", "sw3"]) == []


# ------------------------------------------------------------------ per host


def test_intended_matches_the_plan() -> None:
    assert intended_mismatch(host_plan(), INTENDED) is None


def test_intended_hash_ignores_secret_placeholder_names_only_as_the_plan_does() -> None:
    # the plan hashes the masked form: a different placeholder name is the same reviewed text
    same = INTENDED.replace("%%SECRET:ro%%", "%%SECRET:other%%")
    assert intended_mismatch(host_plan(), same) is None


def test_changed_intended_is_stale() -> None:
    why = intended_mismatch(host_plan(), INTENDED.replace("new", "newer"))
    assert why is not None and why.startswith("stale: the intended config") and "re-plan" in why


def test_host_that_failed_at_plan_time_is_not_applied() -> None:
    why = intended_mismatch(host_plan(error="timed out"), INTENDED)
    assert why is not None and "timed out" in why


def test_running_hash() -> None:
    assert running_mismatch(host_plan(), RUNNING) is None
    why = running_mismatch(host_plan(), RUNNING + "ip domain lookup\n")
    assert why is not None and why.startswith("stale: the running config changed")


DEVICE_DIFF = "+interface Gi1\n+ description new\n-interface Gi1\n- description old\n"


def test_reviewed_device_diff_must_agree() -> None:
    reviewed = host_plan(device_diff=DEVICE_DIFF)
    assert diff_mismatch(reviewed, DEVICE_DIFF, RUNNING, INTENDED) is None
    assert (
        diff_mismatch(
            reviewed, "\n" + DEVICE_DIFF.replace("\n", "  \n") + "\n\n", RUNNING, INTENDED
        )
        is None
    )
    assert (
        diff_mismatch(
            reviewed, DEVICE_DIFF + "+ip route 0.0.0.0 0.0.0.0 192.0.2.1\n", RUNNING, INTENDED
        )
        == "device diff differs from plan"
    )
    assert diff_mismatch(reviewed, "", RUNNING, INTENDED) == "device diff differs from plan"


def test_reviewed_device_diff_is_used_even_if_bluewire_diff_would_differ() -> None:
    reviewed = host_plan(device_diff=DEVICE_DIFF, diff="something else")
    assert diff_mismatch(reviewed, DEVICE_DIFF, RUNNING, INTENDED) is None


def test_without_a_reviewed_device_diff_bluewire_diff_is_recomputed() -> None:
    reviewed = host_plan()
    assert diff_mismatch(reviewed, "anything the device says", RUNNING, INTENDED) is None
    tampered = host_plan(diff="+ username evil privilege 15\n")
    why = diff_mismatch(tampered, DEVICE_DIFF, RUNNING, INTENDED)
    assert why is not None and why.startswith("device diff differs from plan")


def test_normalized_drops_blank_lines_and_trailing_space_only() -> None:
    assert normalized("a  \n\n  b\n \n") == ["a", "  b"]
