"""`bluewire plan`: which devices change, exactly how, and how risky it is."""

from __future__ import annotations

import argparse
from pathlib import Path

from bluewire.cli.options import (
    Subparsers,
    add_command,
    add_jobs_option,
    add_limit_option,
    add_output_options,
    add_procs_option,
    add_workers_option,
)
from bluewire.cli.output import emit, write_file
from bluewire.exitcodes import ExitCode
from bluewire.lab.state import lab_requested
from bluewire.plan.summary import DIRTY, exit_code
from bluewire.plan.views import VIEWS
from bluewire.progress import status
from bluewire.project import Project

HELP = "show, per device, what applying the golden configs would change (read-only)"
DESCRIPTION = """\
Fetch every selected device's running config, diff it against the intended config (platform-aware
remediation and rollback commands, plus the device's own diff from a discarded config session),
flag risks (management-plane lockout, routing adjacency, both HA members, large change), and write
the plan file `apply` uses. Devices are left untouched.

--changed-since REF plans only the hosts whose intended config may differ from REF (inventory
entries, group/defaults data, templates through their include graph, golden configs).

In a merge-request pipeline (GITLAB_TOKEN, CI_SERVER_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID set)
the Markdown report is posted as a new MR comment when the plan changed (earlier bluewire plan
comments are folded as superseded), or refreshes the latest one when it did not.

exit 0: no changes; 2: changes; 1: a host could not be planned (listed; the others are planned).
"""


def add_parser(sub: Subparsers) -> None:
    p = add_command(sub, "plan", HELP, DESCRIPTION)
    add_limit_option(p)
    add_jobs_option(p)
    p.add_argument("--changed-since", metavar="REF", help="only hosts affected since git REF")
    p.add_argument("--out", type=Path, metavar="FILE", help="write the plan file (e.g. plan.json)")
    add_workers_option(p)
    add_procs_option(p)
    p.add_argument("--no-comment", action="store_true", help="never post to the merge request")
    p.add_argument(
        "--device-diff",
        action="store_true",
        help="also load each candidate (secrets filled in) for the device's own diff, then "
        "discard it; needs the push secrets, so refused in CI unless on a protected ref",
    )
    add_output_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    # imported here: `bluewire --help` and the other commands do not pay for it
    from bluewire.runs.plan import PlanRequest, post_comment, run_plan

    request = PlanRequest(
        limits=args.limit,
        jobs=args.jobs,
        workers=args.workers,
        changed_since=args.changed_since,
        lab=lab_requested(args.lab),
        device_diff=args.device_diff,
        procs=args.procs,
    )
    plan = run_plan(project, request)
    if plan.dirty:
        status(f"warning: this plan was {DIRTY}")
    if args.out:
        write_file(args.out, plan.to_json())
        status(f"wrote {args.out}")
    emit(plan, args, VIEWS)
    if not args.no_comment:
        post_comment(project, plan)
    return exit_code(plan)
