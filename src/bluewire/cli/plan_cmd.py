"""`bluewire plan`: which devices change, exactly how, and how risky it is."""

from __future__ import annotations

import argparse
from pathlib import Path

from bluewire.cli.output import add_output_options, emit
from bluewire.cli.progress import status
from bluewire.cli.render_cmd import add_limit_options
from bluewire.cli.rendering import render_selected
from bluewire.device.connect import make_nornir
from bluewire.device.errors import describe
from bluewire.errors import BluewireError
from bluewire.exitcodes import ExitCode
from bluewire.gitlab_note import merge_request_context, upsert_note
from bluewire.inventory.model import Inventory
from bluewire.lab.state import lab_requested, require_state
from bluewire.plan.affected import affected_hosts
from bluewire.plan.build import add_ha_risk
from bluewire.plan.compliance_delta import compliance_deltas
from bluewire.plan.git_info import current_commit
from bluewire.plan.model import HostPlan, Plan
from bluewire.plan.risk import default_rules
from bluewire.plan.views import NOTE_MARKER, VIEWS, to_markdown
from bluewire.project import Project
from bluewire.report.model import Finding
from bluewire.secrets import SecretStore
from bluewire.tasks.plan import plan_host

HELP = "show, per device, what applying the golden configs would change (read-only)"
DESCRIPTION = """\
Fetch every selected device's running config, diff it against the intended config (platform-aware
remediation and rollback commands, plus the device's own diff from a discarded config session),
flag risks (management-plane lockout, routing adjacency, both HA members, large change), and write
the plan file `apply` uses. Devices are left untouched.

--changed-since REF plans only the hosts whose intended config may differ from REF (inventory
entries, group/defaults data, templates through their include graph, golden configs).

In a merge-request pipeline (GITLAB_TOKEN, CI_SERVER_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID set)
the Markdown report is posted as the MR comment, replacing bluewire's previous one.

exit 0: no changes; 2: changes; 1: a host could not be planned (listed; the others are planned).
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "plan",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_limit_options(p)
    p.add_argument("--changed-since", metavar="REF", help="only hosts affected since git REF")
    p.add_argument("--out", type=Path, metavar="FILE", help="write the plan file (e.g. plan.json)")
    p.add_argument("--workers", type=int, default=50, help="parallel device sessions (default 50)")
    p.add_argument("--no-comment", action="store_true", help="never post to the merge request")
    add_output_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    lab = lab_requested(args.lab)
    rendered = render_selected(project, args.limit, args.jobs)
    if rendered.findings or rendered.inventory is None:
        raise _input_error(rendered.findings)
    hosts = sorted(rendered.rendered)
    if args.changed_since:
        hosts = [
            h for h in affected_hosts(project, args.changed_since, rendered.inventory) if h in hosts
        ]
        status(f"{len(hosts)} host(s) affected since {args.changed_since}")
    store = SecretStore(project.root, lab=lab)
    for host in hosts:  # every secret must resolve before any device is touched
        store.substitute(rendered.rendered[host])
    plan = _plan(project, rendered.inventory, hosts, rendered.rendered, store, lab, args.workers)
    if args.out:
        args.out.write_text(plan.to_json(), encoding="utf-8")
        status(f"wrote {args.out}")
    emit(plan, args, VIEWS)
    _comment(plan, args)
    if plan.failed_hosts:
        return ExitCode.ERROR
    return ExitCode.CHANGES if plan.changed_hosts else ExitCode.OK


def _input_error(findings: list[Finding]) -> BluewireError:
    lines = "\n".join(f.message for f in findings)
    return BluewireError(f"nothing planned, nothing touched; fix the inputs first:\n{lines}")


def _plan(
    project: Project,
    inventory: Inventory,
    hosts: list[str],
    intended: dict[str, str],
    store: SecretStore,
    lab: bool,
    workers: int,
) -> Plan:
    commit, dirty = current_commit(project)
    plans: dict[str, HostPlan] = {}
    running: dict[str, str] = {}
    if hosts:
        endpoints = require_state(project).endpoints if lab else None
        nr = make_nornir(inventory, hosts, endpoints=endpoints, workers=workers)
        status(f"planning {len(hosts)} host(s){' on the lab' if lab else ''}...")
        results = nr.run(task=plan_host, intended=intended, store=store, rules=default_rules())
        nr.close_connections()
        for host in hosts:
            multi = results[host]
            platform = inventory.hosts[host].platform
            if multi.failed:
                error = describe(multi[0].exception or Exception("failed"), store.known_values())
                plans[host] = HostPlan(platform=platform, error=error)
            else:
                planned = multi[0].result
                plans[host], running[host] = planned.plan, planned.running
        peers = {h: str(inventory.hosts[h].data.get("ha_peer") or "") for h in hosts}
        plans = add_ha_risk(plans, peers)
        deltas = compliance_deltas(project, inventory, running, intended)
        plans = {
            h: p.model_copy(update={"compliance": deltas.get(h, [])}) for h, p in plans.items()
        }
    return Plan(
        commit=commit, dirty=dirty, target="lab" if lab else "devices", hosts=plans
    ).sealed()


def _comment(plan: Plan, args: argparse.Namespace) -> None:
    context = None if args.no_comment else merge_request_context()
    if context is not None:
        outcome = upsert_note(context, to_markdown(plan), NOTE_MARKER)
        status(f"merge request comment {outcome}")
