"""The apply result: one model for the run, one entry per host; every view and the audit record
are made from it. Everything in it is already sanitized (device text passes plan.build.redact,
error text device.errors/describe) before it gets here.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from bluewire.exitcodes import ExitCode

FORMAT_VERSION = 1


class Outcome(StrEnum):
    """Where a host ended up. Only the first three count as success."""

    APPLIED = "applied"  # committed, post-checks passed, confirmed
    NO_CHANGE = "no-change"  # nothing to do
    DRY_RUN = "dry-run"  # every pre-check passed; the candidate was discarded
    STALE = "stale"  # the device or the intended config moved since the plan: nothing pushed
    REFUSED = "refused"  # policy, window, OS10 reload revert: nothing pushed
    FAILED = "failed"  # failed before or at commit; the device kept its old config
    ROLLED_BACK = "rolled-back"  # committed, a post-check failed, rolled back and verified
    REVERTING = "reverting"  # committed, then left to the device's revert timer
    UNKNOWN = "unknown"  # neither config could be verified: look at this device now
    NOT_ATTEMPTED = "not-attempted"  # the rollout stopped, or its HA peer was unconfirmed

    @property
    def ok(self) -> bool:
        return self in (Outcome.APPLIED, Outcome.NO_CHANGE, Outcome.DRY_RUN)

    @property
    def touched(self) -> bool:
        """Whether a change was committed on the device at some point."""
        return self in (Outcome.APPLIED, Outcome.ROLLED_BACK, Outcome.REVERTING, Outcome.UNKNOWN)


class CheckResult(BaseModel):
    """One post-check: what it looked at and whether it held."""

    model_config = ConfigDict(frozen=True)

    name: str
    passed: bool
    detail: str = ""


class HostResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    platform: str
    outcome: Outcome
    message: str = ""
    stage: str = ""
    canary: bool = False
    revert: str = ""  # how a failed commit is undone: "commit-confirm" or "reload" (OS10)
    device_diff: str = ""
    checks: list[CheckResult] = []
    intended_sha256: str = ""  # sha256 of the sanitized intended config this run pushed
    running_before: str = ""  # sha256 of the sanitized running config before the change
    running_after: str = ""  # ... after the run (confirm, rollback or revert), when verified
    timings: dict[str, float] = {}  # seconds per step


class ApplyReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    format_version: int = FORMAT_VERSION
    command: str = "apply"  # apply | restore
    change_id: str = ""
    commit: str = ""
    plan_digest: str = ""
    target: str = "devices"
    emergency_reason: str | None = None
    dry_run: bool = False
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    stages: list[list[str]] = []
    stage_seconds: dict[str, float] = {}  # wall time of each stage that ran, by stage name
    stopped: str = ""  # why the rollout stopped early, if it did
    interrupted: bool = False
    hosts: dict[str, HostResult] = {}

    def sealed(self) -> ApplyReport:
        return self.model_copy(update={"hosts": dict(sorted(self.hosts.items()))})

    @property
    def exit_code(self) -> ExitCode:
        if self.interrupted:
            return ExitCode.INTERRUPTED
        if all(r.outcome.ok for r in self.hosts.values()):
            return ExitCode.OK
        return ExitCode.ERROR

    def count(self, outcome: Outcome) -> int:
        return sum(r.outcome == outcome for r in self.hosts.values())

    def summary(self) -> str:
        verb = "would apply" if self.dry_run else self.command
        counts = [f"{self.count(o)} {o.value}" for o in Outcome if self.count(o)]
        text = f"{verb} {self.change_id or '(no change id)'}: {len(self.hosts)} host(s)"
        text += f": {', '.join(counts)}" if counts else ""
        if self.stopped:
            text += f"; stopped: {self.stopped}"
        if self.interrupted:
            text += "; interrupted"
        return text

    def to_json(self) -> str:
        return self.model_dump_json(indent=2) + "\n"
