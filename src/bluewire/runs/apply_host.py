"""One host's safe path, as a Nornir task: the same on every platform.

fetch running → stale check → stage candidate (secrets substituted here, nowhere earlier) →
device diff vs reviewed diff → health baseline → commit with a revert timer → post-checks on a
fresh session → confirm; on any failure roll back and verify the old config is back. A commit
whose outcome is uncertain (the session died) is left to the device's revert timer and verified
later (`settle_host`). Every path ends in a HostResult; nothing raises out of here.

Read ahead (`Prepared`): a host of the next stage runs the steps up to the staged candidate while
the stage before it changes other devices, and waits there, session open, nothing committed. At
its turn it reads the running config again (it must still be the one checked, else `stale`),
takes its health baseline and goes on from the commit; if its turn never comes (the rollout
stopped, the window closed), its candidate is discarded (`drop_prepared`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from nornir.core.exceptions import NornirSubTaskError
from nornir.core.task import Result, Task

from bluewire import diff, sanitize
from bluewire.apply import guard
from bluewire.apply.checks import (
    Health,
    compare,
    expected_from,
    health_from_getters,
    runs_bgp,
)
from bluewire.apply.result import CheckResult, HostResult, Outcome
from bluewire.config.value import Config
from bluewire.device.change import is_rejection, style
from bluewire.device.connect import FRESH, close_quietly
from bluewire.device.errors import describe, innermost
from bluewire.device.ops import read_only
from bluewire.plan.build import candidate_for, intended_form, redact
from bluewire.plan.model import HostPlan, sha256
from bluewire.runs.apply_beside import Beside
from bluewire.runs.apply_interrupt import LEFT_TO_TIMER, Progress
from bluewire.secrets import RenderedConfig, SecretStore, mask_values
from bluewire.tasks import apply as steps
from bluewire.tasks.fetch import fetch_running

T = TypeVar("T")
R = TypeVar("R", HostResult, HostResult | None)  # a path's end: always a result, or maybe one
Getters = tuple[dict[str, Any], dict[str, Any]]  # get_interfaces, get_bgp_neighbors


@dataclass(frozen=True)
class HostJob:
    intended: RenderedConfig  # as rendered now, secret placeholders in place
    mode: str = "replace"
    plan: HostPlan | None = None  # None: restore (no reviewed plan; the golden at REF is pushed)


@dataclass(frozen=True)
class Push:
    store: SecretStore
    revert_in_s: int
    label: str  # carries the change id (Junos comment, EOS session name)
    dry_run: bool = False
    stop: threading.Event = field(default_factory=threading.Event)
    checks: Sequence[Callable[[Task], Result]] = ()
    progress: Progress = field(default_factory=Progress)  # read if the run is abandoned


@dataclass(frozen=True)
class HostDone:
    result: HostResult
    before: str  # the sanitized running config before the change (settling compares with it)


class Prepared:
    """Hosts read ahead, their flows kept until their turn (`take`) or dropped (`left`); worker
    threads add and take."""

    def __init__(self) -> None:
        self._flows: dict[str, _Flow] = {}
        self._lock = threading.Lock()

    def keep(self, host: str, flow: _Flow) -> None:
        with self._lock:
            self._flows[host] = flow

    def take(self, host: str) -> _Flow | None:
        with self._lock:
            return self._flows.pop(host, None)

    def left(self) -> dict[str, _Flow]:
        """The prepared hosts whose turn did not come, candidate still staged (taken out)."""
        with self._lock:
            waiting = {h: f for h, f in self._flows.items() if f.early is None}
            self._flows.clear()
        return waiting


def apply_host(
    task: Task,
    jobs: dict[str, HostJob],
    push: Push,
    prepared: Prepared | None = None,
    ahead: frozenset[str] = frozenset(),
) -> Result:
    """Nornir task: `result` is a HostDone (failures are data, never raised); for a host read
    ahead (in `ahead`) it is None, the host's flow waits in `prepared`."""
    name = task.host.name
    if prepared is not None and name in ahead:
        flow = _Flow(task, jobs[name], push)
        flow.read_ahead()
        prepared.keep(name, flow)
        return Result(host=task.host, result=None)
    push.progress.mark(name, "started")
    ready = prepared.take(name) if prepared is not None else None
    if ready is not None:
        flow, outcome = ready, ready.resume(task)
    else:
        flow = _Flow(task, jobs[name], push)
        outcome = flow.run()
    push.progress.finish(name, outcome)
    done = HostDone(outcome, flow.before)
    return Result(
        host=task.host, result=done, diff=outcome.device_diff, changed=outcome.outcome.touched
    )


def drop_prepared(task: Task, prepared: dict[str, _Flow]) -> Result:
    """Nornir task: a host read ahead whose turn did not come: its candidate is discarded."""
    prepared[task.host.name].drop(task)
    return Result(host=task.host)


class _Flow:
    def __init__(self, task: Task, job: HostJob, push: Push) -> None:
        self.task, self.job, self.push = task, job, push
        self.platform = task.host.platform or ""
        self.secrets = push.store.known_values()
        self.timings: dict[str, float] = {}
        self.checks: list[CheckResult] = []
        self.before = ""  # sanitized running config before the change
        self.device_diff = ""
        self.healthy = Health()
        self.bgp = False  # the running config configures BGP (its neighbours are asked)
        self.staged = False
        self.committed = False
        self.early: HostResult | None = None  # read ahead: where it stopped, if it did
        self.read_at = 0.0  # read ahead: when the running config was checked
        self.matched: dict[str, CheckResult] = {}  # the last running config compared, its check

    def result(self, outcome: Outcome, message: str, after: str = "") -> HostResult:
        return HostResult(
            platform=self.platform,
            outcome=outcome,
            message=message,
            revert=style(self.platform).revert,
            device_diff=self.device_diff,
            checks=self.checks,
            intended_sha256=sha256(self.golden.text),
            running_before=sha256(self.before) if self.before else "",
            running_after=after,
            timings={k: round(v, 3) for k, v in self.timings.items()},
        )

    @contextmanager
    def timed(self, step: str) -> Iterator[None]:
        start = time.monotonic()
        try:
            yield
        finally:
            self.timings[step] = self.timings.get(step, 0.0) + time.monotonic() - start

    def again(self, step: Callable[[], T], connection: str = "napalm") -> T:
        """A step that leaves the running config alone (fetch, stage, a post-check login): after
        a transient failure (a timeout under load) it runs once more, on a new session."""

        def attempt() -> T:
            try:
                return step()
            except Exception:
                close_quietly(self.task.host, connection)
                raise

        return read_only(attempt)

    def run(self) -> HostResult:
        """The whole path at once."""
        return self.settled(lambda: self.prepare() or self.from_commit())

    def read_ahead(self) -> None:
        """The steps up to the staged candidate; `early` is set if the host stops there."""
        self.early = self.settled(self.prepare, wait=True)
        self.read_at = time.monotonic()

    def resume(self, task: Task) -> HostResult:
        """At the host's turn, on its own stage's task: the rest of the path."""
        self.task = task
        if self.early is not None:
            return self.early
        return self.settled(self.from_recheck)

    def from_recheck(self) -> HostResult:
        try:
            stop = self.recheck()
        except Exception:  # its session did not survive the wait: the whole path on a new one
            # (`staged` stays true: a candidate file the old session left is removed at the end)
            close_quietly(self.task.host, "napalm")
            return self.prepare() or self.from_commit()
        return stop or self.from_commit()

    def drop(self, task: Task) -> None:
        """Its turn did not come: discard the staged candidate (nothing was committed)."""
        self.task = task
        try:
            self.discard()
        finally:
            self.remove_candidate()
            self.close_fresh()

    def settled(self, path: Callable[[], R], wait: bool = False) -> R:
        """`path`'s result, exceptions made results; the candidate removed and the fresh session
        closed when it ends here (`wait`: a None result leaves the staged candidate in place)."""
        ended = True
        try:
            result = path()
            ended = result is not None or not wait
            return result
        except Exception as exc:  # a bug or an unforeseen device error: still a result
            why = describe(exc, self.secrets)
            if self.committed:
                return self.result(Outcome.REVERTING, f"{why}; {LEFT_TO_TIMER}")
            self.discard()
            return self.result(Outcome.FAILED, why)
        finally:
            if ended:
                if self.staged:
                    self.remove_candidate()
                self.close_fresh()

    def discard(self) -> None:
        if self.staged:
            self.task.run(task=steps.discard)

    def remove_candidate(self) -> None:
        """The uploaded candidate holds real secrets: it goes on every path (a pending commit is
        not affected: only the files are deleted, nothing is discarded)."""
        for fresh in (False, True):
            try:
                self.task.run(task=steps.remove_candidate, fresh=fresh)
                return
            except Exception:
                close_quietly(self.task.host, FRESH if fresh else "napalm")

    def close_fresh(self) -> None:
        close_quietly(self.task.host, FRESH)

    # ------------------------------------------------------------------ before the commit

    def prepare(self) -> HostResult | None:
        """Every check that needs no commit; a result when the host stops here."""
        with self.timed("fetch"):
            raw = self.again(lambda: self.task.run(task=fetch_running).result)
        self.before = redact(raw, self.platform)
        plan = self.job.plan
        stale = guard.running_mismatch(plan, self.before) if plan else None
        if stale:
            return self.result(Outcome.STALE, stale)
        candidate = candidate_for(self.job.mode, self.job.intended, raw, self.platform)
        if not candidate:
            return self.result(Outcome.NO_CHANGE, "nothing to change")
        self.bgp = runs_bgp(self.before_config, self.platform)
        return self.stage(candidate)

    def recheck(self) -> HostResult | None:
        """Read ahead: the running config must still be the one checked before staging."""
        with self.timed("recheck"):
            # not retried on a new session: closing this one would drop the staged candidate
            raw = self.task.run(task=fetch_running).result
        if redact(raw, self.platform) == self.before:
            why = self.held()  # its device diff was checked when it was staged
        else:
            waited = time.monotonic() - self.read_at
            why = self.result(
                Outcome.STALE,
                f"the running config changed in the {waited:.0f} s after it was checked and"
                " staged; nothing pushed: re-plan",
            )
        if why is not None:
            self.discard()
        return why

    def from_commit(self) -> HostResult:
        """The health baseline just before the commit, then the commit and what follows."""
        with self.timed("health"):
            got = self.task.run(task=steps.health, bgp=self.bgp).result
        self.healthy = health_from_getters(*got)
        return self.commit_and_check()

    def stage(self, candidate: str) -> HostResult | None:
        with self.timed("stage"):
            native = self.again(
                lambda: (
                    self.task.run(
                        task=steps.stage_candidate,
                        candidate=self.secret_candidate(candidate),
                        replace=self.job.mode != "merge",
                        label=self.push.label,
                    ).result
                )
            )
        self.staged = True
        self.device_diff = sanitize.sanitize_diff(native, self.platform) if native.strip() else ""
        why = self.stop_before_commit()
        if why is not None:
            self.discard()
        return why

    def secret_candidate(self, candidate: str) -> str:
        """The candidate with secret values: the rendered config, or commands derived from it."""
        derived = None if candidate is self.job.intended else candidate
        return self.push.store.substitute(self.job.intended, derived)

    def stop_before_commit(self) -> HostResult | None:
        plan = self.job.plan
        if not guard.normalized(self.device_diff):
            return self.result(Outcome.NO_CHANGE, "the device reports nothing to change")
        wrong = (
            guard.diff_mismatch(plan, self.device_diff, self.before_config, self.job.intended)
            if plan
            else None
        )
        if wrong:
            return self.result(Outcome.FAILED, wrong)
        return self.held()

    def held(self) -> HostResult | None:
        """A host ready for its commit that must not: a dry run, or the operator interrupted."""
        if self.push.dry_run:
            return self.result(Outcome.DRY_RUN, "every pre-check passed; candidate discarded")
        if self.push.stop.is_set():
            return self.result(Outcome.NOT_ATTEMPTED, "interrupted before the commit")
        return None

    # ------------------------------------------------------------------ commit and after

    def commit_and_check(self) -> HostResult:
        self.push.progress.mark(self.task.host.name, "commit")
        try:
            with self.timed("commit"):
                self.task.run(
                    task=steps.commit_with_revert,
                    revert_in_s=self.push.revert_in_s,
                    label=self.push.label,
                )
        except Exception as exc:
            why = describe(exc, self.secrets)
            if is_rejection(exc):
                return self.verify_back(Outcome.FAILED, f"{why}")
            self.committed = True  # perhaps: the device decides, by its timer
            return self.result(
                Outcome.REVERTING, f"commit outcome unknown ({why}); {LEFT_TO_TIMER}"
            )
        self.committed = True
        self.push.progress.mark(self.task.host.name, "committed")
        with self.timed("post-checks"):
            failures = self.post_checks()
        if self.push.stop.is_set():
            failures.append("interrupted")
        if failures:
            return self.roll_back("; ".join(failures))
        return self.confirm()

    def post_checks(self) -> list[str]:
        """Failure texts; the individual checks are kept for the report. A new session logs in
        (no management lockout) while the session that committed reads the running config and
        the getters: side by side, since neither waits for the other."""
        fresh = Beside(self.open_fresh)
        try:  # not retried on this session: closing it would drop EOS's pending config session
            after: tuple[str, Getters] | None = self.read_after()
        except Exception:
            after = None  # read on the fresh session instead
        try:
            fresh.result()
            after = after or self.again(lambda: self.read_after(fresh=True), FRESH)
        except Exception as exc:
            self.checks.append(
                CheckResult(name="fresh session", passed=False, detail=describe(exc, self.secrets))
            )
            return [
                f"post-check failed: a new session cannot log in ({describe(exc, self.secrets)})"
            ]
        self.checks.append(CheckResult(name="fresh session", passed=True))
        after_raw, getters = after
        self.checks.append(self.matches_intended(redact(after_raw, self.platform)))
        expected = expected_from(self.golden, self.platform)
        self.checks += compare(self.healthy, health_from_getters(*getters), expected)
        self.checks += [self.user_check(check) for check in self.push.checks]
        return [f"post-check failed: {c.name}: {c.detail}" for c in self.checks if not c.passed]

    def open_fresh(self) -> None:
        """Log in on a new session (FRESH), once more after a transient failure."""
        self.again(lambda: self.task.host.get_connection(FRESH, self.task.nornir.config), FRESH)

    def read_after(self, fresh: bool = False) -> tuple[str, Getters]:
        """The running config and the getters after the commit (BGP neighbours only if one was
        established before: none can be lost otherwise)."""
        raw = self.task.run(task=fetch_running, connection=FRESH if fresh else "napalm").result
        bgp = any(self.healthy.bgp.values())
        return str(raw), self.task.run(task=steps.health, fresh=fresh, bgp=bgp).result

    def matches_intended(self, after: str) -> CheckResult:
        """Asked after the commit and again after the confirm, mostly of the same text."""
        if after not in self.matched:
            self.matched = {after: self.compare_with_intended(after)}
        return self.matched[after]

    def compare_with_intended(self, after: str) -> CheckResult:
        golden = self.golden
        left = [] if after == golden.text else diff.remediation(after, golden, self.platform)
        if not left:
            return CheckResult(name="running matches intended", passed=True)
        detail = f"{len(left)} line(s) still differ, first: {left[0].strip()}"
        return CheckResult(name="running matches intended", passed=False, detail=detail)

    def user_check(self, check: Callable[[Task], Result]) -> CheckResult:
        name = getattr(check, "__name__", "check")
        try:
            outcome = self.task.run(task=check)
        except NornirSubTaskError as exc:
            inner = innermost(exc)
            detail = str(exc.result.result) if inner is exc else describe(inner, self.secrets)
            return CheckResult(name=name, passed=False, detail=mask_values(detail, self.secrets))
        return CheckResult(
            name=name, passed=True, detail=mask_values(str(outcome.result or ""), self.secrets)
        )

    def confirm(self) -> HostResult:
        """Confirm, then prove it: nothing pending any more and the new config in place (a timer
        that fired just before or after the confirm would otherwise pass for success)."""
        self.push.progress.mark(self.task.host.name, "confirm")
        try:
            with self.timed("confirm"):
                self.task.run(task=steps.confirm)
                # in this order: "nothing pending", then "the new config is there" proves the
                # confirm took (read side by side, a timer firing in between would pass)
                still = self.task.run(task=steps.pending_commit, fresh=False).result
                now = redact(self.read_back(), self.platform)
        except Exception as exc:
            why = f"confirm failed ({describe(exc, self.secrets)}); {LEFT_TO_TIMER}"
            return self.result(Outcome.REVERTING, why)
        if still:  # the device answered the confirm but still counts down: its timer decides
            return self.result(Outcome.REVERTING, f"the confirm did not take; {LEFT_TO_TIMER}")
        if not self.matches_intended(now).passed:
            return self.verify_back(
                Outcome.ROLLED_BACK, "the revert timer fired before the confirm"
            )
        return self.result(Outcome.APPLIED, "committed, checked and confirmed", sha256(now))

    @cached_property
    def before_config(self) -> Config:
        """The sanitized running config before the change, parsed once (BGP? the diff check)."""
        return Config(self.before, self.platform)

    @cached_property
    def golden(self) -> Config:
        """The intended config in the form the running one is compared with, parsed once."""
        return Config(intended_form(self.job.intended, self.platform), self.platform)

    def roll_back(self, why: str) -> HostResult:
        """Undo the commit, unless the device's timer already did (then a rollback would undo the
        revert: on Junos `rollback 1` is the revert itself), and verify the old config is back."""
        try:
            with self.timed("rollback"):
                if not self.task.run(task=steps.pending_commit, fresh=False).result:
                    back = self.verify_back(Outcome.ROLLED_BACK, f"{why}; the revert timer fired")
                    if back.outcome is Outcome.ROLLED_BACK:
                        return back
                self.task.run(task=steps.rollback)
        except Exception as exc:
            text = describe(exc, self.secrets)
            return self.result(
                Outcome.REVERTING, f"{why}; rollback failed ({text}); {LEFT_TO_TIMER}"
            )
        return self.verify_back(Outcome.ROLLED_BACK, why)

    def read_back(self) -> str:
        """The running config now: on the session that made the change, else on a new one (a
        dropped session, a device that no longer lets the first one in)."""
        try:
            return str(self.task.run(task=fetch_running).result)
        except Exception:
            close_quietly(self.task.host, "napalm")
        return str(
            self.again(lambda: self.task.run(task=fetch_running, connection=FRESH).result, FRESH)
        )

    def verify_back(self, outcome: Outcome, why: str) -> HostResult:
        """`outcome` once the running config is verifiably the one from before; else UNKNOWN."""
        try:
            with self.timed("verify"):
                raw = self.read_back()
        except Exception as exc:
            text = describe(exc, self.secrets)
            return self.result(Outcome.UNKNOWN, f"{why}; could not verify its config ({text})")
        now = redact(raw, self.platform)
        if now == self.before or not diff.remediation(now, self.before, self.platform):
            return self.result(outcome, f"{why}; verified back on its old config", sha256(now))
        return self.result(
            Outcome.UNKNOWN,
            f"{why}; NOT back on its old config: check this device now",
            sha256(now),
        )
