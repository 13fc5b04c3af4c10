"""`bluewire apply --plan plan.json` and `bluewire restore HOST... --at REF`: change devices."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bluewire.apply.approval import Request
from bluewire.apply.rollout import parse_budget
from bluewire.apply.views import VIEWS
from bluewire.cli.output import add_output_options, emit
from bluewire.cli.progress import status
from bluewire.errors import BluewireError
from bluewire.exitcodes import ExitCode
from bluewire.lab.state import lab_requested
from bluewire.project import Project
from bluewire.runs.apply import run_apply
from bluewire.runs.apply_select import ApplyRequest

HELP = "push the reviewed plan: locked, canaried, commit-confirmed, checked, audited"
RESTORE_HELP = "push the golden config of a past commit through the same safe path"
DESCRIPTION = """\
apply deploys a plan made on the commit being deployed (or an ancestor whose later commits touch
none of its hosts). Nothing is read from the plan but its hashes: each host is re-rendered,
re-fetched and compared with what was reviewed; a host that moved is skipped as stale. Hosts go
canary first, then in batches (HA peers never together), each committed with a revert timer,
checked on a fresh session (interfaces, BGP, intended config, tasks/post_checks.py) and confirmed,
or rolled back and verified. Change approval: inventory/policy/change.yaml. Locks: git refs
refs/bluewire/locks/<host> on `origin`. Audit: one record per run on the `audit` branch.

exit 0: every host applied (or nothing to do); 1: any host failed, was refused, stale, rolled
back or not attempted, or bad input (nothing touched); 130: interrupted (in-flight hosts rolled
back; after a second Ctrl-C, left to their device revert timers).
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser("apply", help=HELP, description=DESCRIPTION, formatter_class=fmt)
    p.add_argument("--plan", type=Path, required=True, metavar="FILE", help="the plan file")
    p.add_argument("--limit", action="append", metavar="HOST|GROUP", help="only these hosts")
    p.add_argument(
        "--canary",
        nargs="+",
        default=["1"],
        metavar="N|HOST",
        help="canaries per platform (default 1; 0: none), or host names",
    )
    p.add_argument("--batch-size", type=int, default=10, help="hosts per batch (default 10)")
    p.add_argument(
        "--max-failures", default="0", metavar="N|P%", help="failures tolerated (default 0)"
    )
    _approval_options(p)
    p.set_defaults(func=run)
    r = sub.add_parser("restore", help=RESTORE_HELP, description=DESCRIPTION, formatter_class=fmt)
    r.add_argument("hosts", nargs="+", metavar="HOST")
    r.add_argument("--at", required=True, metavar="REF", help="commit, tag or branch to restore")
    _approval_options(r)
    r.set_defaults(func=run, plan=None, limit=None, canary=["0"], batch_size=1, max_failures="0")


def _approval_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--change-id", metavar="ID", help="the approved change record (policy pattern)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--emergency", action="store_true", help="outside the window (needs --reason)")
    p.add_argument("--reason", metavar="TEXT", help="why this is an emergency (audited)")
    p.add_argument(
        "--confirm-timeout",
        type=int,
        default=5,
        choices=range(1, 121),
        metavar="MIN",
        help="revert timer in minutes, 1-120 (default 5)",
    )
    p.add_argument(
        "--allow-reload-revert", action="store_true", help="let OS10 revert by reloading"
    )
    p.add_argument("--break-lock", action="store_true", help="take over locks held by others")
    p.add_argument("--dry-run", action="store_true", help="every check, no commit")
    add_output_options(p)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    canary = args.canary
    req = ApplyRequest(
        Request(args.change_id, args.emergency, args.reason, args.allow_reload_revert),
        plan_path=args.plan,
        hosts=tuple(getattr(args, "hosts", ())),
        at_ref=getattr(args, "at", None),
        limits=args.limit,
        canary=int(canary[0]) if len(canary) == 1 and canary[0].isdigit() else tuple(canary),
        batch_size=args.batch_size,
        max_failures=parse_budget(args.max_failures),
        confirm_timeout_min=args.confirm_timeout,
        dry_run=args.dry_run,
        lab=lab_requested(args.lab),
        break_lock=args.break_lock,
    )
    outcome = run_apply(project, req, lambda text: _approve(text, args.yes or args.dry_run))
    emit(outcome.report, args, VIEWS)
    if outcome.audit_file:
        status(f"audit record: {project.relative(outcome.audit_file)}")
    if outcome.audit_error:
        status(f"error: {outcome.audit_error}")
        return ExitCode.ERROR
    return outcome.report.exit_code


def _approve(text: str, yes: bool) -> bool:
    status(text)
    if yes:
        return True
    if not sys.stdin.isatty():
        raise BluewireError(
            "not a terminal: pass --yes to apply without a prompt (nothing touched)"
        )
    return input("proceed? [y/N] ").strip().lower() in ("y", "yes")
