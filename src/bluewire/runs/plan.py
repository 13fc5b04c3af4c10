"""The plan run: render, choose hosts, resolve secrets, plan every host on Nornir, seal the Plan.

Read-only on devices. A host that cannot be planned is an error row in the Plan (never a crash
of the run); bad inputs raise before any device is touched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from bluewire.config.value import Config
from bluewire.device.connect import make_nornir
from bluewire.device.errors import describe
from bluewire.device.ops import finish_before_interrupt
from bluewire.device.runner import CANDIDATE_GRACE_S, GRACE_S
from bluewire.errors import BluewireError
from bluewire.gitlab_note import merge_request_context, publish_note
from bluewire.inventory.model import Inventory
from bluewire.lab.state import require_state
from bluewire.pipeline import require_push_context
from bluewire.plan.affected import affected_hosts
from bluewire.plan.build import PlannedHost, add_ha_risk
from bluewire.plan.compliance_delta import compliance_deltas
from bluewire.plan.git_info import commits_behind, current_commit
from bluewire.plan.markdown import NOTE_MARKER, NoteContext, to_markdown
from bluewire.plan.model import HostPlan, Plan, plan_key
from bluewire.plan.risk import RiskRules, default_rules
from bluewire.progress import NornirProgress, status
from bluewire.project import Project
from bluewire.report.model import Finding
from bluewire.runs.failures import log_failures
from bluewire.runs.forked import processes, run_forked
from bluewire.runs.render import render_selected
from bluewire.secrets import RenderedConfig, SecretStore, credential_values
from bluewire.tasks.plan import plan_host


@dataclass(frozen=True)
class PlanRequest:
    limits: list[str] | None = None
    jobs: int | None = None  # render processes
    workers: int = 50  # parallel device sessions
    changed_since: str | None = None  # git ref: only hosts whose intended config may differ
    lab: bool = False  # plan against the running device lab
    device_diff: bool = False  # load the candidate (push secrets) for the device's own diff
    procs: int = 0  # processes sharing the hosts; 0: one per core for a large fleet


@dataclass(frozen=True)
class _Selection:
    inventory: Inventory
    hosts: list[str]
    intended: dict[str, RenderedConfig]
    store: SecretStore | None  # only with device_diff: read-only plans hold no push secret


def run_plan(project: Project, request: PlanRequest) -> Plan:
    """The sealed Plan of the selected hosts (an error row per host that could not be planned).

    The digest is an HMAC keyed by BLUEWIRE_PLAN_KEY when it is set (protected pipelines).
    """
    if request.device_diff:
        require_push_context("plan --device-diff")
    selection = _select(project, request)
    commit, dirty = current_commit(project)
    plans = _plan_hosts(project, selection, request) if selection.hosts else {}
    target = "lab" if request.lab else "devices"
    return Plan(commit=commit, dirty=dirty, target=target, hosts=plans).sealed(plan_key())


def _select(project: Project, request: PlanRequest) -> _Selection:
    rendered = render_selected(project, request.limits, request.jobs)
    errors = [f for f in rendered.findings if f.blocking]
    if errors or rendered.inventory is None:
        raise _input_error(errors)
    hosts = sorted(rendered.rendered)
    if request.changed_since:
        affected = affected_hosts(project, request.changed_since, rendered.inventory)
        hosts = [h for h in affected if h in hosts]
        status(f"{len(hosts)} host(s) affected since {request.changed_since}")
    store = None
    if request.device_diff:
        store = SecretStore(project.root, lab=request.lab)
        for host in hosts:  # every secret must resolve before any device is touched
            store.substitute(rendered.rendered[host])
    intended = {host: rendered.rendered[host] for host in hosts}  # read before the threads start
    return _Selection(rendered.inventory, hosts, intended, store)


def _input_error(findings: list[Finding]) -> BluewireError:
    lines = "\n".join(f.message for f in findings)
    return BluewireError(f"nothing planned, nothing touched; fix the inputs first:\n{lines}")


def _plan_hosts(project: Project, sel: _Selection, request: PlanRequest) -> dict[str, HostPlan]:
    """Every selected host's plan, HA risk over the whole plan.

    A read-only plan shares the hosts over forked processes (runs/forked.py), each with its own
    device sessions and CPU work: one process is held to one core by the GIL (NAPALM sessions,
    sanitize, parse, diff, risk and compliance all compete for it). With --device-diff the run
    stays in one process, whose interrupt handling waits for every loaded candidate's discard.
    """
    status(f"planning {len(sel.hosts)} host(s){' on the lab' if request.lab else ''}...")
    rules = default_rules().with_sites({h: sel.inventory.hosts[h] for h in sel.hosts})
    procs = 1 if sel.store is not None else processes(request.procs, len(sel.hosts))
    workers = max(1, -(-request.workers // procs))  # the run's sessions, shared out
    parts = run_forked(
        lambda k: _plan_part(project, sel, request, sel.hosts[k::procs], rules, workers), procs
    )
    plans = {host: plan for part in parts for host, plan in part.items()}
    peers = {h: str(sel.inventory.hosts[h].data.get("ha_peer") or "") for h in sel.hosts}
    return add_ha_risk({h: plans[h] for h in sel.hosts}, peers)


def _plan_part(
    project: Project,
    sel: _Selection,
    request: PlanRequest,
    hosts: list[str],
    rules: RiskRules,
    workers: int,
) -> dict[str, HostPlan]:
    """Plan `hosts` with their compliance deltas (in a forked child when the run has several)."""
    endpoints = require_state(project).endpoints if request.lab else None
    # Read-only work in flight is abandoned after a short grace; a loaded candidate (holding
    # secrets) is waited for until it is discarded (each step is bounded by the NAPALM timeout).
    loads = sel.store is not None
    doing = "discarding the candidates loaded on devices" if loads else "closing the sessions"
    with finish_before_interrupt(doing) as cancel:
        nr = make_nornir(
            sel.inventory,
            hosts,
            endpoints=endpoints,
            workers=workers,
            cancel=cancel,
            grace_s=CANDIDATE_GRACE_S if loads else GRACE_S,
        )
        results = nr.with_processors([NornirProgress("planning")]).run(
            task=plan_host, intended=sel.intended, rules=rules, store=sel.store, cancel=cancel
        )
        nr.close_connections()
    if cancel.is_set():
        raise KeyboardInterrupt
    log_failures(project, "plan", results)
    known = sel.store.known_values() if sel.store is not None else credential_values()
    plans: dict[str, HostPlan] = {}
    running: dict[str, Config] = {}
    intended: dict[str, Config] = {}
    for host in hosts:
        multi = results[host]
        if multi.failed:
            error = describe(multi[0].exception or Exception("failed"), known)
            plans[host] = HostPlan(platform=sel.inventory.hosts[host].platform, error=error)
            continue
        planned: PlannedHost = multi[0].result
        plans[host], running[host], intended[host] = planned.plan, planned.running, planned.intended
    deltas = compliance_deltas(project, sel.inventory, running, intended)
    return {h: p.model_copy(update={"compliance": deltas.get(h, [])}) for h, p in plans.items()}


def note_context(project: Project) -> NoteContext:
    """What the pipeline knows beyond the plan: the MR head and how far behind its target it is."""
    target = os.environ.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME")
    return NoteContext(
        head_commit=os.environ.get("CI_COMMIT_SHA"),
        target_branch=target,
        behind=commits_behind(project, target) if target else None,
    )


def post_comment(project: Project, plan: Plan) -> None:
    """In a merge-request pipeline, the plan as a new MR comment (earlier ones folded)."""
    context = merge_request_context()
    if context is not None:
        body = to_markdown(plan, note_context(project))
        status(f"merge request comment {publish_note(context, body, NOTE_MARKER)}")
