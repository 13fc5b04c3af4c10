"""The drift run: read every selected device, back its config up, tell what differs and why.

Everything that can be wrong with the inputs (inventory, templates, the software and compliance
policies, --shard, the audit branch) is found before any device is read. Then each device's
running config is sanitized once (plan.build.redact) and that one text is hashed, diffed against
the golden config, checked for compliance and committed to the backups branch. A device that
cannot be read is a row in the report (unreachable, auth failed, failed), never a crash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from bluewire import gitrepo
from bluewire.compliance.loader import load_policy
from bluewire.compliance.runner import run_compliance
from bluewire.config.value import Config
from bluewire.device.errors import describe, summary
from bluewire.drift.audit import last_applied
from bluewire.drift.backup import backup_files, backup_path, backup_title
from bluewire.drift.classify import Applied, classify, failure_status
from bluewire.drift.history import DEPTH, GoldenVersion, earlier_golden
from bluewire.drift.model import DriftHost, DriftReport, Violation
from bluewire.drift.running import running_violations
from bluewire.drift.shard import Shard, select
from bluewire.drift.software import (
    SoftwarePolicy,
    canonical,
    check_software,
    load_software_policy,
)
from bluewire.errors import BluewireError
from bluewire.inventory.load import load_inventory
from bluewire.inventory.model import Inventory
from bluewire.plan.build import PlannedHost, plan_sanitized
from bluewire.plan.git_info import current_commit
from bluewire.plan.risk import default_rules
from bluewire.progress import status
from bluewire.project import Project
from bluewire.runs.drift_read import Readings, read_devices
from bluewire.runs.forked import processes, run_forked
from bluewire.secrets import SecretStore


@dataclass(frozen=True)
class DriftRequest:
    limits: list[str] | None = None
    shard: Shard | None = None
    workers: int = 50  # parallel device sessions
    lab: bool = False
    backup_branch: str | None = "backups"  # None: no backup (--no-backup)
    audit_branch: str = "audit"
    remote: str | None = "origin"  # pushed to / fetched from when the repository has it
    today: dt.date | None = None
    procs: int = 0  # processes sharing the hosts; 0: one per core for a large fleet


@dataclass(frozen=True)
class DriftRun:
    report: DriftReport
    backup: gitrepo.CommitOutcome | None = None
    backup_error: str = ""


@dataclass(frozen=True)
class _Inputs:
    inventory: Inventory
    hosts: list[str]
    intended: Mapping[str, str]
    software: SoftwarePolicy | None
    baselines: dict[str, Applied]
    in_git: bool  # the golden configs' history can be read


def run_drift(project: Project, request: DriftRequest) -> DriftRun:
    inputs = _prepare(project, request)
    procs = processes(request.procs, len(inputs.hosts))
    today = request.today or dt.date.today()
    parts = run_forked(
        lambda k: _part(project, inputs, request, inputs.hosts[k::procs], procs, today), procs
    )
    commit, dirty = current_commit(project)
    report = DriftReport(
        commit=commit,
        dirty=dirty,
        hosts={name: row for part in parts for name, row in part.hosts.items()},
        shard=str(request.shard) if request.shard else "",
        profile=next((part.profile for part in parts if part.profile), ""),
    ).sealed()
    if request.backup_branch is None:
        return DriftRun(report)
    running = {name: text for part in parts for name, text in part.running.items()}
    return _backup(project, request, report.commit, running, report)


@dataclass(frozen=True)
class _Part:
    """One process's share of the run: its hosts' rows, and their sanitized configs to back up."""

    hosts: dict[str, DriftHost]
    running: dict[str, str]
    profile: str


def _part(
    project: Project,
    inputs: _Inputs,
    request: DriftRequest,
    hosts: list[str],
    procs: int,
    today: dt.date,
) -> _Part:
    """Read `hosts` and make their rows (in a forked child when the run has several processes)."""
    store = SecretStore(project.root, lab=request.lab)
    workers = max(1, -(-request.workers // procs))  # the run's sessions, shared out
    planned: dict[str, PlannedHost] = {}

    def plan(name: str, running: str) -> None:  # in the thread that read the host
        planned[name] = _plan(inputs, name, running)

    lab, inventory = request.lab, inputs.inventory
    readings = read_devices(
        project, inventory, hosts, lab=lab, workers=workers, store=store, then=plan
    )
    return _rows(project, inputs, readings, planned, hosts, today, store.known_values())


def _prepare(project: Project, request: DriftRequest) -> _Inputs:
    """Every input checked; no device touched yet."""
    inventory = load_inventory(project)
    hosts = select(sorted(h.name for h in inventory.select(request.limits)), request.shard)
    intended = _golden(project, hosts)
    software = load_software_policy(
        project.software_policy, project.relative(project.software_policy)
    )
    load_policy(project)  # a bad compliance policy fails now, not after the fetch
    if request.backup_branch is not None:
        gitrepo.open_repo(project.root)
    baselines, in_git = _baselines(project, request, hosts)
    return _Inputs(inventory, hosts, intended, software, baselines, in_git)


def _golden(project: Project, hosts: list[str]) -> dict[str, str]:
    """The committed golden configs: what the repository says should run (`check` keeps them
    equal to what the templates render, so the nightly run need not render 1,000 templates)."""
    missing = [h for h in hosts if not project.golden_path(h).is_file()]
    if missing:
        paths = ", ".join(project.relative(project.golden_path(h)) for h in missing[:5])
        more = f" (+{len(missing) - 5} more)" if len(missing) > 5 else ""
        raise BluewireError(f"no golden config for {paths}{more}: run `bluewire render`")
    return {h: project.golden_path(h).read_text(encoding="utf-8") for h in hosts}


def _baselines(
    project: Project, request: DriftRequest, hosts: list[str]
) -> tuple[dict[str, Applied], bool]:
    """(the last successful apply per host from the audit branch, whether we are in git)."""
    try:
        ref = gitrepo.branch_ref(project.root, request.audit_branch, request.remote)
    except gitrepo.GitRepoError as exc:
        if request.backup_branch is not None:
            raise
        status(f"no audit branch, no golden history: {exc}")
        return {}, False
    if ref is None:
        return {}, True
    paths = [p for p in gitrepo.list_files(project.root, ref) if p.startswith("audit/")]
    applied = last_applied(paths, lambda p: gitrepo.read_file(project.root, ref, p), hosts)
    return applied, True


def _earlier_golden(project: Project, inputs: _Inputs, name: str, running: Config) -> str | None:
    """For a differing host without an apply on record: the earlier golden config it runs."""
    if not inputs.in_git or name in inputs.baselines:
        return None
    path = project.golden_path(name)
    versions = [GoldenVersion(*v) for v in gitrepo.file_history(project.root, path, DEPTH)]
    platform = inputs.inventory.hosts[name].platform
    return earlier_golden(running, inputs.intended[name], platform, versions)


def _rows(
    project: Project,
    inputs: _Inputs,
    readings: Readings,
    planned: dict[str, PlannedHost],
    names: list[str],
    today: dt.date,
    secrets: list[str],
) -> _Part:
    profile, violations = _compliance(project, inputs, planned)  # each config parsed once
    hosts: dict[str, DriftHost] = {}
    for name in names:
        error = readings.errors.get(name)
        if error is not None:
            hosts[name] = _failed(inputs, name, error, secrets)
        else:
            found = violations.get(name, [])
            version = readings.versions[name]
            hosts[name] = _host(project, inputs, name, planned[name], version, found, today)
    return _Part(hosts, readings.running, profile)


def _plan(inputs: _Inputs, name: str, running: str) -> PlannedHost:
    """The plan's hashes, diff and remediation for one host (its configs parsed at most once)."""
    host = inputs.inventory.hosts[name]
    mode = str(host.data.get("push_mode") or "replace")
    parsed = Config(running, host.platform)
    return plan_sanitized(
        host.platform, inputs.intended[name], parsed, mode=mode, rules=default_rules()
    )


def _failed(inputs: _Inputs, name: str, error: BaseException, secrets: list[str]) -> DriftHost:
    host = inputs.inventory.hosts[name]
    text = describe(error, secrets)
    return DriftHost(
        platform=host.platform,
        status=failure_status(summary(error)),
        reason=text,
        error=text,
        site=str(host.data.get("site", "")),
    )


def _host(
    project: Project,
    inputs: _Inputs,
    name: str,
    planned: PlannedHost,
    reported_version: str,
    violations: list[Violation],
    today: dt.date,
) -> DriftHost:
    host = inputs.inventory.hosts[name]
    plan = planned.plan
    earlier = _earlier_golden(project, inputs, name, planned.running) if plan.changed else None
    verdict = classify(
        plan.changed,
        plan.running_sha256,
        plan.intended_sha256,
        inputs.baselines.get(name),
        earlier,
    )
    version = canonical(reported_version)
    model = str(host.data.get("model", ""))
    software = (
        check_software(inputs.software, host.platform, model, version, today)
        if inputs.software
        else []
    )
    return DriftHost.model_validate(
        {
            **plan.model_dump(),
            "status": verdict.status,
            "reason": verdict.reason,
            "site": str(host.data.get("site", "")),
            "os_version": version,
            "software": software,
            "violations": violations,
            "backup": backup_path(name),
        }
    )


def _compliance(
    project: Project, inputs: _Inputs, planned: dict[str, PlannedHost]
) -> tuple[str, dict[str, list[Violation]]]:
    """(profile, violations per host) on the running configs; ("", {}) if not opted in."""
    if not project.compliance_policy.exists() or not planned:
        return "", {}
    running = {h: p.running for h, p in planned.items()}
    on_running = run_compliance(project, inputs.inventory, running, target="running")
    intended = {h: p.intended for h, p in planned.items()}  # the golden text, parsed by the plan
    on_golden = run_compliance(project, inputs.inventory, intended)
    return on_running.profile, running_violations(on_running, on_golden)


def _backup(
    project: Project,
    request: DriftRequest,
    commit: str,
    running: dict[str, str],
    report: DriftReport,
) -> DriftRun:
    """Commit the sanitized running configs; a failed push is reported, the report still made."""
    assert request.backup_branch is not None
    title = backup_title(commit, request.shard)
    try:
        outcome = gitrepo.commit_files(
            project.root,
            request.backup_branch,
            backup_files(running),
            title=title,
            remote=request.remote,
        )
    except gitrepo.GitRepoError as exc:
        status(f"backup failed: {exc}")
        return DriftRun(report, None, str(exc))
    status(_backup_line(request.backup_branch, outcome))
    return DriftRun(report, outcome)


def _backup_line(branch: str, outcome: gitrepo.CommitOutcome) -> str:
    if outcome.sha is None:
        return f"backup: no config changed, nothing committed to {branch}"
    where = " and pushed" if outcome.pushed else ""
    return (
        f"backup: committed {outcome.sha[:12]} to {branch}{where} ({len(outcome.changes)} file(s))"
    )
