"""The drift run: read every selected device, back its config up, tell what differs and why.

Everything that can be wrong with the inputs (inventory, templates, the software and compliance
policies, --shard, the audit branch) is found before any device is read. Then each device's
running config is sanitized once (plan.build.redact) and that one text is hashed, diffed against
the golden config, checked for compliance and committed to the backups branch. A device that
cannot be read is a row in the report (unreachable, auth failed, failed), never a crash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bluewire import gitrepo
from bluewire.compliance.loader import load_policy
from bluewire.compliance.runner import run_compliance
from bluewire.device.connect import make_nornir
from bluewire.device.errors import describe, innermost, summary
from bluewire.drift.audit import last_applied
from bluewire.drift.backup import backup_files, backup_path, backup_title
from bluewire.drift.classify import Applied, classify, failure_status
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
from bluewire.inventory.model import Inventory
from bluewire.lab.state import require_state
from bluewire.plan.build import plan_sanitized, redact
from bluewire.plan.git_info import current_commit
from bluewire.plan.model import sha256
from bluewire.plan.risk import default_rules
from bluewire.progress import NornirProgress, status
from bluewire.project import Project
from bluewire.runs.render import render_selected
from bluewire.secrets import SecretStore
from bluewire.tasks.drift import DeviceReading, read_device


@dataclass(frozen=True)
class DriftRequest:
    limits: list[str] | None = None
    shard: Shard | None = None
    jobs: int | None = None  # render processes
    workers: int = 50  # parallel device sessions
    lab: bool = False
    backup_branch: str | None = "backups"  # None: no backup (--no-backup)
    audit_branch: str = "audit"
    remote: str = "origin"  # pushed to / fetched from when the repository has it
    today: dt.date | None = None


@dataclass(frozen=True)
class DriftRun:
    report: DriftReport
    backup: gitrepo.CommitOutcome | None = None
    backup_error: str = ""


@dataclass(frozen=True)
class _Inputs:
    inventory: Inventory
    hosts: list[str]
    intended: dict[str, str]
    software: SoftwarePolicy | None
    baselines: dict[str, Applied]
    backed_up: dict[str, str]  # host -> sha256 of its config on the backups branch


@dataclass(frozen=True)
class Readings:
    """What the devices said: sanitized running config and OS version, or an error per host."""

    running: dict[str, str]
    versions: dict[str, str]
    errors: dict[str, BaseException]


def run_drift(project: Project, request: DriftRequest) -> DriftRun:
    inputs = _prepare(project, request)
    store = SecretStore(project.root, lab=request.lab)
    readings = read_devices(project, inputs.inventory, inputs.hosts, request, store)
    report = _report(project, inputs, readings, request, store.known_values())
    if request.backup_branch is None:
        return DriftRun(report)
    return _backup(project, request, report.commit, readings.running, report)


def _prepare(project: Project, request: DriftRequest) -> _Inputs:
    """Every input checked; no device touched yet."""
    rendered = render_selected(project, request.limits, request.jobs)
    if rendered.findings or rendered.inventory is None:
        lines = "\n".join(f.message for f in rendered.findings)
        raise BluewireError(f"no device read; fix the inputs first:\n{lines}")
    hosts = select(sorted(rendered.rendered), request.shard)
    software = load_software_policy(
        project.software_policy, project.relative(project.software_policy)
    )
    load_policy(project)  # a bad compliance policy fails now, not after the fetch
    if request.backup_branch is not None:
        gitrepo.open_repo(project.root)
    baselines = _baselines(project, request, hosts)
    backed_up = _backed_up(project, request, hosts)
    return _Inputs(rendered.inventory, hosts, rendered.rendered, software, baselines, backed_up)


def _baselines(project: Project, request: DriftRequest, hosts: list[str]) -> dict[str, Applied]:
    """The last successful apply per host from the audit branch (none outside git)."""
    ref = _branch(project, request.audit_branch, request)
    if ref is None:
        return {}
    paths = [p for p in gitrepo.list_files(project.root, ref) if p.startswith("audit/")]
    return last_applied(paths, lambda p: gitrepo.read_file(project.root, ref, p), hosts)


def _backed_up(project: Project, request: DriftRequest, hosts: list[str]) -> dict[str, str]:
    """host -> hash of its last backup: the baseline of a host no apply is recorded for."""
    ref = _branch(project, request.backup_branch or "backups", request)
    if ref is None:
        return {}
    texts = gitrepo.read_files(project.root, ref, [backup_path(h) for h in hosts])
    return {h: sha256(texts[backup_path(h)]) for h in hosts if backup_path(h) in texts}


def _branch(project: Project, branch: str, request: DriftRequest) -> str | None:
    """The ref to read `branch` at; outside git (only allowed with --no-backup) none."""
    try:
        return gitrepo.branch_ref(project.root, branch, request.remote)
    except gitrepo.GitRepoError as exc:
        if request.backup_branch is not None:
            raise
        status(f"not using {branch}: {exc}")
        return None


def read_devices(
    project: Project,
    inventory: Inventory,
    hosts: list[str],
    request: DriftRequest,
    store: SecretStore,
) -> Readings:
    """Each host's running config (sanitized once, here) and OS version, or its error."""
    readings = Readings({}, {}, {})
    if not hosts:
        return readings
    endpoints = require_state(project).endpoints if request.lab else None
    nr = make_nornir(inventory, hosts, endpoints=endpoints, workers=request.workers)
    status(f"reading {len(hosts)} device(s){' on the lab' if request.lab else ''}...")
    results = nr.with_processors([NornirProgress("reading")]).run(task=read_device)
    nr.close_connections()
    secrets = store.known_values()
    for host in hosts:
        multi = results[host]
        if multi.failed:
            readings.errors[host] = innermost(multi[0].exception or RuntimeError("failed"))
            continue
        reading: DeviceReading = multi[0].result
        platform = inventory.hosts[host].platform
        readings.running[host] = redact(reading.running, platform, secrets)
        readings.versions[host] = reading.os_version
    return readings


def _report(
    project: Project,
    inputs: _Inputs,
    readings: Readings,
    request: DriftRequest,
    secrets: list[str],
) -> DriftReport:
    profile, violations = _compliance(project, inputs, readings.running)
    today = request.today or dt.date.today()
    hosts: dict[str, DriftHost] = {}
    for name in inputs.hosts:
        error = readings.errors.get(name)
        if error is not None:
            hosts[name] = _failed(inputs, name, error, secrets)
        else:
            hosts[name] = _host(inputs, name, readings, violations.get(name, []), today)
    commit, dirty = current_commit(project)
    shard = str(request.shard) if request.shard else ""
    return DriftReport(commit=commit, dirty=dirty, hosts=hosts, shard=shard, profile=profile)


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
    inputs: _Inputs, name: str, readings: Readings, violations: list[Violation], today: dt.date
) -> DriftHost:
    host = inputs.inventory.hosts[name]
    mode = str(host.data.get("push_mode") or "replace")
    running = readings.running[name]
    plan = plan_sanitized(
        host.platform, inputs.intended[name], running, mode=mode, rules=default_rules()
    )
    verdict = classify(
        plan.changed,
        plan.running_sha256,
        plan.intended_sha256,
        inputs.baselines.get(name),
        inputs.backed_up.get(name),
    )
    version = canonical(readings.versions[name])
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
    project: Project, inputs: _Inputs, running: dict[str, str]
) -> tuple[str, dict[str, list[Violation]]]:
    """(profile, violations per host) on the running configs; ("", {}) if not opted in."""
    if not project.compliance_policy.is_file() or not running:
        return "", {}
    on_running = run_compliance(project, inputs.inventory, running, target="running")
    intended = {h: inputs.intended[h] for h in running}
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
