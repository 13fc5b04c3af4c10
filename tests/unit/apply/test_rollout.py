"""Rollout: canary choice, HA-aware batches, failure budgets and the unconfirmed-peer hold."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bluewire.apply.rollout import (
    FailureBudget,
    Stage,
    by_risk,
    parse_budget,
    peer_blocker,
    pick_canaries,
    plan_stages,
    split_apart,
)
from bluewire.errors import BluewireError
from bluewire.plan.model import HostPlan, Risk


def hp(platform: str = "ios", risks: tuple[Risk, ...] = (), lines: int = 1) -> HostPlan:
    return HostPlan(platform=platform, risks=list(risks), remediation=["x"] * lines)


# ------------------------------------------------------------------ budgets


@pytest.mark.parametrize(
    ("text", "total", "allowed"),
    [
        ("0", 10, 0),
        ("3", 10, 3),
        ("10%", 10, 1),
        ("10%", 9, 0),
        ("50%", 5, 2),
        ("100%", 7, 7),
        ("12.5%", 8, 1),
    ],
)
def test_budget_allows(text: str, total: int, allowed: int) -> None:
    assert parse_budget(text).allowed(total) == allowed


def test_budget_is_exceeded_only_beyond_the_allowance() -> None:
    budget = parse_budget("2")
    assert not budget.exceeded(2, 10)
    assert budget.exceeded(3, 10)
    assert not FailureBudget().exceeded(0, 5)
    assert FailureBudget().exceeded(1, 5)


@pytest.mark.parametrize("text", ["", "x", "-1", "1.5", "101%", "%", "5 %", "10%%"])
def test_bad_budgets_are_usage_errors(text: str) -> None:
    with pytest.raises(BluewireError, match="--max-failures"):
        parse_budget(text)


def test_budget_text() -> None:
    assert str(parse_budget("10%")) == "10%"
    assert str(parse_budget("12.5%")) == "12.5%"
    assert str(parse_budget("3")) == "3"


# ------------------------------------------------------------------ risk order and canaries


def test_risk_order_weighs_flags_then_size_then_name() -> None:
    hosts = {
        "mgmt": hp(risks=(Risk.MGMT_LOCKOUT,)),
        "routing": hp(risks=(Risk.ROUTING,)),
        "routing-large": hp(risks=(Risk.ROUTING, Risk.LARGE), lines=1),
        "big": hp(lines=50),
        "b-small": hp(lines=2),
        "a-small": hp(lines=2),
        "ha": hp(risks=(Risk.HA_PAIR,)),
        "huge-but-safe": hp(risks=(Risk.LARGE,), lines=500),
    }
    assert by_risk(hosts) == [
        "a-small",
        "b-small",
        "big",
        "huge-but-safe",
        "ha",
        "routing",
        "routing-large",
        "mgmt",
    ]


def test_device_diff_size_counts_when_there_is_no_remediation() -> None:
    hosts = {
        "a": HostPlan(platform="ios", device_diff="+a\n+b\n+c\n"),
        "b": HostPlan(platform="ios", device_diff="+a\n"),
    }
    assert by_risk(hosts) == ["b", "a"]


def test_default_canary_is_the_lowest_risk_host_per_platform() -> None:
    hosts = {
        "ios-risky": hp("ios", (Risk.ROUTING,)),
        "ios-safe": hp("ios"),
        "eos-big": hp("eos", lines=9),
        "eos-small": hp("eos", lines=3),
        "junos-only": hp("junos", (Risk.MGMT_LOCKOUT,)),
    }
    assert sorted(pick_canaries(hosts, 1, {})) == ["eos-small", "ios-safe", "junos-only"]


def test_canary_count_per_platform_and_zero() -> None:
    hosts = {f"ios-{i}": hp("ios", lines=i) for i in range(1, 5)} | {"eos-1": hp("eos")}
    assert pick_canaries(hosts, 2, {}) == ["eos-1", "ios-1", "ios-2"]
    assert pick_canaries(hosts, 0, {}) == []


def test_canaries_never_include_both_ha_peers() -> None:
    hosts = {"a": hp(lines=1), "b": hp(lines=2), "c": hp(lines=3)}
    assert pick_canaries(hosts, 2, {"a": "b", "b": "a"}) == ["a", "c"]


def test_explicit_canaries_are_kept_in_order_and_checked() -> None:
    hosts = {"a": hp(), "b": hp(), "c": hp()}
    assert pick_canaries(hosts, ["c", "a", "c"], {}) == ["c", "a"]
    with pytest.raises(BluewireError, match="--canary nope: not a host this apply changes"):
        pick_canaries(hosts, ["a", "nope"], {})


def test_negative_canary_count_is_refused() -> None:
    with pytest.raises(BluewireError, match="--canary"):
        pick_canaries({"a": hp()}, -1, {})


# ------------------------------------------------------------------ stages


def test_stages_canary_then_batches_by_risk() -> None:
    hosts = {
        "c1": hp(lines=1),
        "r3": hp(lines=3),
        "r2": hp(lines=2),
        "r4": hp(lines=4),
        "r5": hp(lines=5),
    }
    stages = plan_stages(hosts, ["c1"], 2, {})
    assert stages == [
        Stage("canary", ("c1",), canary=True),
        Stage("batch 1", ("r2", "r3")),
        Stage("batch 2", ("r4", "r5")),
    ]


def test_no_canary_gives_only_batches() -> None:
    stages = plan_stages({"a": hp(), "b": hp()}, [], 5, {})
    assert stages == [Stage("batch 1", ("a", "b"))]


def test_canary_peers_are_split_into_two_canary_stages() -> None:
    stages = plan_stages({"a": hp(), "b": hp()}, ["a", "b"], 5, {"a": "b", "b": "a"})
    assert [(s.name, s.hosts, s.canary) for s in stages] == [
        ("canary 1", ("a",), True),
        ("canary 2", ("b",), True),
    ]


def test_batch_size_must_be_positive() -> None:
    with pytest.raises(BluewireError, match="--batch-size"):
        plan_stages({"a": hp()}, [], 0, {})


def test_peers_are_split_and_later_hosts_fill_the_gap() -> None:
    peers = {"a": "b", "b": "a"}
    assert split_apart(["a", "b", "c", "d"], 2, peers) == [["a", "c"], ["b", "d"]]
    assert split_apart(["a", "b"], 1, peers) == [["a"], ["b"]]
    assert split_apart(["a", "b", "c"], 3, {}) == [["a", "b", "c"]]


@given(
    n=st.integers(min_value=0, max_value=30),
    size=st.integers(min_value=1, max_value=8),
    pairs=st.integers(min_value=0, max_value=15),
    seed=st.randoms(use_true_random=False),
)
def test_batches_are_a_partition_within_size_and_never_hold_a_pair(
    n: int, size: int, pairs: int, seed: random.Random
) -> None:
    hosts = [f"h{i}" for i in range(n)]
    shuffled = list(hosts)
    seed.shuffle(shuffled)
    peers: dict[str, str] = {}
    for a, b in itertools.islice(zip(shuffled[::2], shuffled[1::2], strict=False), pairs):
        peers[a], peers[b] = b, a
    groups = split_apart(hosts, size, peers)
    flat = [h for g in groups for h in g]
    assert sorted(flat) == sorted(hosts)
    assert all(0 < len(g) <= size for g in groups)
    assert all(peers.get(h) not in g for g in groups for h in g)


# ------------------------------------------------------------------ unconfirmed peers


def test_a_host_waits_while_its_peer_is_unconfirmed() -> None:
    peers = {"a": "b", "b": "a"}
    why = peer_blocker("a", peers, {"b"})
    assert why is not None and "HA peer b is unconfirmed" in why
    assert peer_blocker("a", peers, set()) is None
    assert peer_blocker("a", peers, {"a", "c"}) is None
    assert peer_blocker("c", peers, {"b"}) is None
