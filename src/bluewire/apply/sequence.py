"""The rollout loop: stage after stage, holding back and stopping as the rules say.

Pure orchestration: the run layer passes in how to run one stage on devices (`run_stage`), the
per-host approval at the moment the stage starts (a window may close during a long rollout),
whether the operator interrupted, and a gate each stage must pass first (the device locks
renewed). Everything that is not run becomes a result with a reason, so the report always
accounts for every host.

With `read_ahead`, each stage is also handed the hosts of the next stage that may be prepared
beside it (read and staged, never committed): those the approval lets through now and whose HA
peer is neither in this stage nor unsettled. Whether they then run is decided at their own turn,
as for every host.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bluewire.apply.result import HostResult, Outcome
from bluewire.apply.rollout import FailureBudget, Stage, peer_blocker

# Outcomes that count against --max-failures (a refusal or a hold is not a device failure).
FAILURES = frozenset(
    {Outcome.FAILED, Outcome.ROLLED_BACK, Outcome.REVERTING, Outcome.UNKNOWN, Outcome.STALE}
)
UNSETTLED = frozenset({Outcome.REVERTING, Outcome.UNKNOWN})

# (stage, its hosts that run now, next-stage hosts to prepare beside them) -> results of the first
RunStage = Callable[[Stage, list[str], list[str]], Mapping[str, HostResult]]


@dataclass
class Rollout:
    stages: Sequence[Stage]
    platforms: Mapping[str, str]
    peers: Mapping[str, str]
    budget: FailureBudget
    refusal: Callable[[str], str | None] = lambda host: None
    interrupted: Callable[[], bool] = lambda: False
    gate: Callable[[Stage], str | None] = lambda stage: None  # why the stage may not start
    read_ahead: bool = False
    results: dict[str, HostResult] = field(default_factory=dict)
    stopped: str = ""

    def run(self, run_stage: RunStage) -> dict[str, HostResult]:
        total = sum(len(s.hosts) for s in self.stages)
        for index, stage in enumerate(self.stages):
            if not self.stopped and self.interrupted():
                self.stopped = "interrupted"
            if not self.stopped:
                self.stopped = self.gate(stage) or ""
            if self.stopped:
                self._skip(
                    stage, stage.hosts, Outcome.NOT_ATTEMPTED, f"rollout stopped: {self.stopped}"
                )
                continue
            runnable = self._admit(stage)
            if runnable:
                following = self.stages[index + 1] if index + 1 < len(self.stages) else None
                ahead = self._ahead(following, runnable) if following else []
                self.results.update(run_stage(stage, runnable, ahead))
            self._judge(stage, total)
        return self.results

    def _ahead(self, following: Stage, running: list[str]) -> list[str]:
        """The hosts of `following` that may be read and staged while `running` changes."""
        if not self.read_ahead:
            return []
        unsettled = {h for h, r in self.results.items() if r.outcome in UNSETTLED}
        busy = unsettled | set(running)
        return [
            host
            for host in following.hosts
            if self.peers.get(host) not in busy and self.refusal(host) is None
        ]

    def _admit(self, stage: Stage) -> list[str]:
        """The stage's hosts that may start now; the others get their reason."""
        unsettled = {h for h, r in self.results.items() if r.outcome in UNSETTLED}
        runnable = []
        for host in stage.hosts:
            refused = self.refusal(host)
            held = peer_blocker(host, self.peers, unsettled)
            if refused:
                self._skip(stage, [host], Outcome.REFUSED, refused)
            elif held:
                self._skip(stage, [host], Outcome.NOT_ATTEMPTED, held)
            else:
                runnable.append(host)
        return runnable

    def _judge(self, stage: Stage, total: int) -> None:
        failed = [
            h for h in stage.hosts if h in self.results and self.results[h].outcome in FAILURES
        ]
        if stage.canary and failed:
            self.stopped = f"canary {', '.join(failed)} failed"
            return
        count = sum(r.outcome in FAILURES for r in self.results.values())
        if self.budget.exceeded(count, total):
            self.stopped = f"{count} failure(s) exceed --max-failures {self.budget}"

    def _skip(self, stage: Stage, hosts: Sequence[str], outcome: Outcome, why: str) -> None:
        for host in hosts:
            self.results[host] = HostResult(
                platform=self.platforms[host],
                outcome=outcome,
                message=why,
                stage=stage.name,
                canary=stage.canary,
            )
