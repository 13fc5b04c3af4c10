"""The rollout loop: every host accounted for, stops and holds as the rules say."""

from __future__ import annotations

from collections.abc import Mapping

from bluewire.apply.result import HostResult, Outcome
from bluewire.apply.rollout import FailureBudget, Stage
from bluewire.apply.sequence import Rollout

STAGES = [
    Stage("canary", ("c1",), canary=True),
    Stage("batch 1", ("a1", "a2")),
    Stage("batch 2", ("b1", "b2")),
    Stage("batch 3", ("x1",)),
]
ALL = [h for s in STAGES for h in s.hosts]


class Devices:
    """A stand-in for the run layer: each host ends with the outcome it is given."""

    def __init__(self, outcomes: Mapping[str, Outcome] | None = None) -> None:
        self.outcomes = dict(outcomes or {})
        self.ran: list[tuple[str, list[str]]] = []
        self.ahead: dict[str, list[str]] = {}

    def __call__(self, stage: Stage, hosts: list[str], ahead: list[str]) -> dict[str, HostResult]:
        self.ran.append((stage.name, hosts))
        self.ahead[stage.name] = ahead
        return {
            h: HostResult(
                platform="ios", outcome=self.outcomes.get(h, Outcome.APPLIED), stage=stage.name
            )
            for h in hosts
        }


NO_FAILURES = FailureBudget()


def rollout(budget: FailureBudget = NO_FAILURES, **kw: object) -> Rollout:
    return Rollout(STAGES, {h: "ios" for h in ALL}, kw.pop("peers", {}), budget, **kw)  # type: ignore[arg-type]


def outcomes(results: Mapping[str, HostResult]) -> dict[str, str]:
    return {h: r.outcome.value for h, r in results.items()}


def test_every_stage_runs_in_order_when_all_goes_well() -> None:
    devices = Devices()
    r = rollout()
    results = r.run(devices)
    assert [name for name, _ in devices.ran] == ["canary", "batch 1", "batch 2", "batch 3"]
    assert set(outcomes(results).values()) == {"applied"} and set(results) == set(ALL)
    assert r.stopped == ""


def test_a_failed_canary_stops_everything_whatever_the_budget() -> None:
    devices = Devices({"c1": Outcome.ROLLED_BACK})
    r = rollout(FailureBudget(count=10))
    results = r.run(devices)
    assert devices.ran == [("canary", ["c1"])]
    assert r.stopped == "canary c1 failed"
    for host in ("a1", "a2", "b1", "b2", "x1"):
        assert results[host].outcome is Outcome.NOT_ATTEMPTED
        assert results[host].message == "rollout stopped: canary c1 failed"
    assert results["b1"].stage == "batch 2"


def test_failures_beyond_the_budget_stop_after_the_batch() -> None:
    devices = Devices({"b1": Outcome.FAILED, "b2": Outcome.UNKNOWN})
    r = rollout(FailureBudget(count=1))
    results = r.run(devices)
    assert [name for name, _ in devices.ran] == ["canary", "batch 1", "batch 2"]
    assert r.stopped == "2 failure(s) exceed --max-failures 1"
    assert results["x1"].outcome is Outcome.NOT_ATTEMPTED
    assert results["b2"].outcome is Outcome.UNKNOWN  # the batch that failed keeps its results


def test_failures_within_the_budget_continue() -> None:
    devices = Devices({"a1": Outcome.FAILED})
    r = rollout(FailureBudget(count=1))
    r.run(devices)
    assert len(devices.ran) == 4 and r.stopped == ""


def test_percent_budget_is_of_all_hosts() -> None:
    # 6 hosts, 40% -> 2 allowed; 3 failures stop
    devices = Devices({"a1": Outcome.FAILED, "a2": Outcome.STALE, "b1": Outcome.REVERTING})
    r = rollout(FailureBudget(percent=40))
    r.run(devices)
    assert r.stopped == "3 failure(s) exceed --max-failures 40%"
    assert len(devices.ran) == 3


def test_refusals_and_no_change_do_not_count_as_failures() -> None:
    devices = Devices({"a1": Outcome.NO_CHANGE, "a2": Outcome.NOT_ATTEMPTED})
    r = rollout(refusal=lambda h: "outside the window" if h == "b1" else None)
    results = r.run(devices)
    assert r.stopped == ""
    assert (
        results["b1"].outcome is Outcome.REFUSED and results["b1"].message == "outside the window"
    )
    assert ("batch 2", ["b2"]) in devices.ran


def test_a_stage_with_nothing_runnable_is_not_run() -> None:
    devices = Devices()
    rollout(refusal=lambda h: "no" if h.startswith("a") else None).run(devices)
    assert [name for name, _ in devices.ran] == ["canary", "batch 2", "batch 3"]


def test_a_host_waits_while_its_ha_peer_is_unsettled() -> None:
    peers = {"a1": "b1", "b1": "a1", "a2": "b2", "b2": "a2"}
    devices = Devices({"a1": Outcome.REVERTING, "a2": Outcome.ROLLED_BACK})
    r = rollout(FailureBudget(count=5), peers=peers)
    results = r.run(devices)
    assert results["b1"].outcome is Outcome.NOT_ATTEMPTED
    assert "HA peer a1 is unconfirmed" in results["b1"].message
    assert ("batch 2", ["b2"]) in devices.ran  # a2 is settled (verified back): b2 may go


def test_interruption_stops_before_the_next_stage() -> None:
    devices = Devices()
    calls = iter([False, False, True, True])
    r = rollout(interrupted=lambda: next(calls))
    results = r.run(devices)
    assert [name for name, _ in devices.ran] == ["canary", "batch 1"]
    assert r.stopped == "interrupted"
    assert results["x1"].message == "rollout stopped: interrupted"


def test_a_closed_gate_stops_before_that_stage_and_every_later_host_is_not_attempted() -> None:
    devices = Devices()
    asked: list[str] = []

    def gate(stage: Stage) -> str | None:
        asked.append(stage.name)
        return "the device locks could not be renewed" if stage.name == "batch 2" else None

    r = rollout(gate=gate)
    results = r.run(devices)
    assert [name for name, _ in devices.ran] == ["canary", "batch 1"]
    assert asked == ["canary", "batch 1", "batch 2"]  # asked no more once stopped
    assert r.stopped == "the device locks could not be renewed"
    assert outcomes(results) == {
        "c1": "applied",
        "a1": "applied",
        "a2": "applied",
        "b1": "not-attempted",
        "b2": "not-attempted",
        "x1": "not-attempted",
    }
    assert results["b1"].message == "rollout stopped: the device locks could not be renewed"


def test_without_read_ahead_no_stage_is_given_hosts_to_prepare() -> None:
    devices = Devices()
    rollout().run(devices)
    assert devices.ahead == {"canary": [], "batch 1": [], "batch 2": [], "batch 3": []}


def test_read_ahead_hands_each_stage_the_next_stage_and_the_last_none() -> None:
    devices = Devices()
    rollout(read_ahead=True).run(devices)
    assert devices.ahead == {
        "canary": ["a1", "a2"],
        "batch 1": ["b1", "b2"],
        "batch 2": ["x1"],
        "batch 3": [],
    }


def test_a_host_refused_now_is_not_read_ahead() -> None:
    devices = Devices()
    results = rollout(read_ahead=True, refusal=lambda h: "closed" if h == "b2" else None).run(
        devices
    )
    assert devices.ahead["batch 1"] == ["b1"]
    assert results["b2"].outcome is Outcome.REFUSED


def test_a_host_whose_ha_peer_changes_in_this_stage_is_not_read_ahead() -> None:
    devices = Devices()
    rollout(read_ahead=True, peers={"a1": "b1", "b1": "a1"}).run(devices)
    assert devices.ahead["batch 1"] == ["b2"]  # b1's peer a1 is being changed beside it
    assert devices.ahead["canary"] == ["a1", "a2"]  # a1's peer b1 is not changing yet


def test_a_host_whose_ha_peer_is_unsettled_is_not_read_ahead() -> None:
    peers = {"a1": "x1", "x1": "a1"}
    devices = Devices({"a1": Outcome.REVERTING})
    results = rollout(FailureBudget(count=5), read_ahead=True, peers=peers).run(devices)
    assert devices.ahead["batch 2"] == []  # x1's peer a1 is left to its revert timer
    assert results["x1"].outcome is Outcome.NOT_ATTEMPTED


def test_a_stage_that_stops_the_rollout_still_read_its_next_stage_ahead_but_it_never_runs() -> None:
    devices = Devices({"c1": Outcome.FAILED})
    results = rollout(read_ahead=True).run(devices)
    assert devices.ahead == {"canary": ["a1", "a2"]}
    assert devices.ran == [("canary", ["c1"])]
    assert results["a1"].outcome is Outcome.NOT_ATTEMPTED
