"""The apply and restore runs: select, approve, lock, roll out, settle, audit.

`apply_selection.py` decides what would be deployed without touching a device; this module asks
for approval, takes the device locks, runs the rollout stage by stage on Nornir (each host through
`apply_host`, hosts left to their revert timer through `settle_host`), releases the locks and
writes the audit record. Ctrl-C (or SIGTERM from a cancelled CI job) stops at the next safe
point: hosts in flight roll back instead of confirming and no new stage starts; a second one
stops waiting for them, leaves committed hosts to their device revert timers and still writes
the report and the audit record (`apply_interrupt`).
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import os
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from nornir.core import Nornir

from bluewire import gitrepo
from bluewire.apply import audit
from bluewire.apply.approval import host_refusal
from bluewire.apply.gitlock import GitLock
from bluewire.apply.result import ApplyReport, HostResult, Outcome
from bluewire.apply.rollout import Stage
from bluewire.apply.sequence import UNSETTLED, Rollout
from bluewire.device.connect import add_fresh_connection, make_nornir
from bluewire.device.errors import describe
from bluewire.errors import BluewireError
from bluewire.lab.state import require_state
from bluewire.progress import NornirProgress, interactive, status
from bluewire.project import Project
from bluewire.runs.apply_host import HostDone, Prepared, Push, apply_host, drop_prepared
from bluewire.runs.apply_interrupt import Abandoned, Interrupts, abandoned, interrupts
from bluewire.runs.apply_locks import RunLocks
from bluewire.runs.apply_select import ApplyRequest, Deployment, select_apply, select_restore
from bluewire.runs.apply_settle import settle_host
from bluewire.tasks.post_checks import CHECKS

AUDIT_BRANCH = "audit"
SETTLE_GRACE_S = 300.0  # after the revert timer: an OS10 switch reloads, a busy box is slow
Approve = Callable[[str], bool]


@dataclass
class _Done:
    """What the rollout did: per-host results, why it stopped, and how long each stage took."""

    results: dict[str, HostResult] = field(default_factory=dict)
    stopped: str = ""
    interrupted: bool = False
    abandoned: bool = False  # a second interrupt: hosts in flight were left where they were
    stage_seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ApplyOutcome:
    report: ApplyReport
    audit_file: Path | None = None
    audit_error: str | None = None


def run_apply(
    project: Project,
    req: ApplyRequest,
    approve: Approve,
    environ: Mapping[str, str] = os.environ,
) -> ApplyOutcome:
    """`apply --plan` when `req.plan_path` is set, else `restore HOST... --at REF`."""
    start = dt.datetime.now(dt.UTC)
    select = select_apply if req.plan_path is not None else select_restore
    dep = select(project, req, environ, start)
    report = ApplyReport(
        command=dep.command,
        change_id=req.request.change_id or "",
        commit=dep.commit,
        plan_digest=dep.digest,
        target="lab" if req.lab else "devices",
        emergency_reason=req.request.reason if req.request.emergency else None,
        dry_run=req.dry_run,
        started=start,
        stages=[list(s.hosts) for s in dep.stages],
    )
    if dep.jobs and not approve(confirmation(dep, req)):
        raise BluewireError("not confirmed: nothing was touched")
    with interrupts() as handling:  # from here on, a second Ctrl-C still gets the audit record
        done = _locked_rollout(project, dep, req, environ, start, handling)
        report = report.model_copy(
            update={
                "hosts": {**dep.early, **done.results},
                "stopped": done.stopped,
                "interrupted": done.interrupted,
                "stage_seconds": done.stage_seconds,
                "finished": dt.datetime.now(dt.UTC),
            }
        ).sealed()
        if req.dry_run or not report.hosts:
            return ApplyOutcome(report)
        return _audit(project, report, environ, dep.store.known_values())


def confirmation(dep: Deployment, req: ApplyRequest) -> str:
    """What the operator approves: hosts by stage, revert timers, OS10 reloads, refusals."""
    verb = "dry-run" if req.dry_run else dep.command
    lines = [f"{verb} {req.request.change_id} from commit {dep.commit[:12]}:"]
    lines += [f"  {s.name}: {', '.join(s.hosts)}" for s in dep.stages]
    lines.append(
        f"  every commit reverts by itself unless confirmed within {req.confirm_timeout_min} min"
    )
    if len(dep.stages) > 1:
        lines.append(
            "  each stage's hosts are read and their candidates staged while the stage before"
            " them runs; nothing is committed before their turn"
        )
    reload = [h for h in dep.jobs if dep.inventory.hosts[h].platform == "dellos10"]
    if reload:
        lines.append(
            f"  Dell OS10 has no commit-confirm: bluewire arms `reload in {req.confirm_timeout_min}`;"
            f" an unconfirmed change on {', '.join(reload)} is undone by REBOOTING the switch"
        )
    if req.request.emergency:
        lines.append(f"  EMERGENCY change: {req.request.reason}")
    lines += [f"  {r.outcome.value}: {h}: {r.message}" for h, r in sorted(dep.early.items())]
    return "\n".join(lines)


def _locked_rollout(
    project: Project,
    dep: Deployment,
    req: ApplyRequest,
    environ: Mapping[str, str],
    now: dt.datetime,
    handling: Interrupts,
) -> _Done:
    if not dep.jobs:
        return _Done()
    if req.dry_run:
        return _roll_out(project, dep, req, lambda stage: None, handling)
    who = audit.identity(environ, *_git_identity(project.root))
    timer = dt.timedelta(minutes=req.confirm_timeout_min)
    change = req.request.change_id or ""
    locks = RunLocks.take(
        GitLock(project.root),
        list(dep.jobs),
        who,
        change,
        timer,
        now=now,
        break_lock=req.break_lock,
    )
    done = _Done()
    try:
        done = _roll_out(project, dep, req, locks.before_stage, handling)
    finally:
        # after a second interrupt, a host left to its revert timer keeps its lock until expiry
        keep = {h for h, r in done.results.items() if r.outcome in UNSETTLED and done.abandoned}
        locks.release(keep)
    return done


def _roll_out(
    project: Project,
    dep: Deployment,
    req: ApplyRequest,
    gate: Callable[[Stage], str | None],
    handling: Interrupts,
) -> _Done:
    endpoints = require_state(project).endpoints if req.lab else None
    sizes = [len(s.hosts) for s in dep.stages] + [0]
    workers = max((a + b for a, b in itertools.pairwise(sizes)), default=1)  # a stage + the next
    nr = make_nornir(dep.inventory, sorted(dep.jobs), endpoints=endpoints, workers=workers)
    add_fresh_connection(nr)
    stop = handling.stop
    label = f"bluewire-{req.request.change_id}-{uuid.uuid4().hex[:8]}"
    push = Push(dep.store, req.confirm_timeout_min * 60, label, req.dry_run, stop, CHECKS)
    rollout = Rollout(
        dep.stages,
        {h: dep.inventory.hosts[h].platform for h in dep.jobs},
        dep.peers,
        req.max_failures,
        refusal=lambda h: host_refusal(
            dep.policy, dep.facts(h), req.request, dt.datetime.now(dt.UTC)
        ),
        interrupted=stop.is_set,
        gate=gate,
        read_ahead=True,
    )
    done = _Done()
    prepared = Prepared()

    def timed(stage: Stage, hosts: list[str], ahead: list[str]) -> dict[str, HostResult]:
        start = time.monotonic()
        try:
            return _stage(nr, stage, hosts, ahead, dep, push, prepared)
        finally:
            done.stage_seconds[stage.name] = round(time.monotonic() - start, 3)

    gc.freeze()  # what is loaded by now lives all run: the collector need not scan it again
    try:
        with handling.abandonable():
            done.results = rollout.run(timed)
            _drop(nr, prepared)
    except Abandoned:  # the runner closed the sessions in flight; do not wait for them again
        platforms = {h: dep.inventory.hosts[h].platform for h in dep.jobs}
        done.results = abandoned(dep.stages, rollout.results, push.progress, platforms)
        done.abandoned = True
        rollout.stopped = rollout.stopped or "interrupted twice: hosts in flight left as they were"
    finally:
        gc.unfreeze()
        if not done.abandoned:
            nr.close_connections()
    done.stopped, done.interrupted = rollout.stopped, stop.is_set()
    return done


def _stage(
    nr: Nornir,
    stage: Stage,
    hosts: list[str],
    ahead: list[str],
    dep: Deployment,
    push: Push,
    prepared: Prepared,
) -> dict[str, HostResult]:
    """Run `stage` on `hosts`, and prepare `ahead` (of the next stage) beside it."""
    status(f"{stage.name}: {', '.join(hosts)}")
    if ahead:
        status(f"  beside it, reading and staging (no commit): {', '.join(ahead)}")
    wanted = {*hosts, *ahead}
    batch = nr.filter(filter_func=lambda h: h.name in wanted)
    if interactive():  # a person watches: a live bar per stage; CI logs get the lines below
        batch = batch.with_processors([NornirProgress(stage.name, live=True, only=set(hosts))])
    runs = batch.run(
        task=apply_host,
        jobs=dep.jobs,
        push=push,
        prepared=prepared,
        ahead=frozenset(ahead),
        on_failed=True,
    )
    out: dict[str, HostResult] = {}
    before: dict[str, str] = {}
    for host in hosts:
        done = runs[host][0].result
        if isinstance(done, HostDone):
            out[host], before[host] = done.result, done.before
        else:  # apply_host itself failed: a bug; the device may hold a committed change
            why = describe(
                runs[host][0].exception or Exception("failed"), push.store.known_values()
            )
            out[host] = HostResult(
                platform=dep.inventory.hosts[host].platform, outcome=Outcome.UNKNOWN, message=why
            )
    out.update(_settle(nr, out, before, push))
    stamped = {
        h: r.model_copy(update={"stage": stage.name, "canary": stage.canary})
        for h, r in out.items()
    }
    for host, r in stamped.items():
        status(f"  {host}: {r.outcome.value}{': ' + r.message if r.message else ''}")
    return stamped


def _drop(nr: Nornir, prepared: Prepared) -> None:
    """Discard the candidates of hosts read ahead whose turn did not come."""
    waiting = prepared.left()
    if waiting:
        status(f"  discarding the staged candidates of {', '.join(sorted(waiting))}")
        nr.filter(filter_func=lambda h: h.name in waiting).run(
            task=drop_prepared, prepared=waiting, on_failed=True
        )


def _settle(
    nr: Nornir, results: dict[str, HostResult], before: dict[str, str], push: Push
) -> dict[str, HostResult]:
    """Wait for the revert timers of hosts left to them, and verify each is back."""
    waiting = {h for h, r in results.items() if r.outcome is Outcome.REVERTING and h in before}
    if not waiting:
        return {}
    status(f"  waiting for the revert timers of {', '.join(sorted(waiting))}")
    runs = nr.filter(filter_func=lambda h: h.name in waiting).run(
        task=settle_host,
        previous=results,
        before=before,
        wait_s=push.revert_in_s + SETTLE_GRACE_S,
        on_failed=True,
    )
    return {h: runs[h][0].result for h in waiting if isinstance(runs[h][0].result, HostResult)}


def _git_identity(project_root: Path) -> tuple[str, str]:
    try:
        reader = gitrepo.open_repo(project_root).config_reader()
        return str(reader.get_value("user", "name", "")), str(reader.get_value("user", "email", ""))
    except Exception:
        return "", ""


def _audit(
    project: Project, report: ApplyReport, environ: Mapping[str, str], secrets: list[str]
) -> ApplyOutcome:
    """The record on disk (a CI artifact) and committed to the audit branch (pushed if possible)."""
    who = audit.identity(environ, *_git_identity(project.root))
    text = audit.to_json(audit.AuditRecord(who=who, report=report), secrets)
    rel = audit.record_path(report)
    local = project.state_dir / rel
    local.parent.mkdir(parents=True, exist_ok=True)
    local.write_text(text, encoding="utf-8")
    title = f"audit: {report.command} {report.change_id}"
    try:
        gitrepo.commit_files(project.root, AUDIT_BRANCH, {rel: text}, title=title)
    except BluewireError as exc:
        return ApplyOutcome(report, local, f"audit record not committed to '{AUDIT_BRANCH}': {exc}")
    return ApplyOutcome(report, local)
