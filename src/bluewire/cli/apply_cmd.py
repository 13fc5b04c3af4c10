"""`bluewire apply --plan plan.json`: push exactly the reviewed change, safely."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bluewire.apply.approval import Request
from bluewire.apply.rollout import parse_budget
from bluewire.apply.views import VIEWS
from bluewire.cli.options import Subparsers, add_change_options, add_command, add_limit_option
from bluewire.cli.output import emit
from bluewire.cli.parser import positive_int
from bluewire.errors import BluewireError
from bluewire.exitcodes import ExitCode
from bluewire.lab.state import lab_requested
from bluewire.progress import status
from bluewire.project import Project
from bluewire.runs.apply import run_apply
from bluewire.runs.apply_select import ApplyRequest

HELP = "push the reviewed plan: locked, canaried, commit-confirmed, checked, audited"
DESCRIPTION = """\
Deploy a plan made on this commit (or on an ancestor whose later commits touch none of its
hosts), trusting only its hashes: each host is re-rendered, re-fetched (moved: skipped as stale)
and its device diff compared with the reviewed one. Canaries first, then batches (HA peers never
together); each host is committed with a revert timer, checked on a fresh session and confirmed,
or rolled back and verified. While a stage runs, the next one's hosts are read and staged beside
it (never committed; discarded if their turn does not come). See README, "Apply and restore".

exit 0: every host applied, or nothing to do; 1: a host failed, was refused, stale, rolled back
or not attempted, or bad input (nothing touched); 130: interrupted (in-flight hosts rolled back;
after a second Ctrl-C, left to their device revert timers; the audit record is written either way).
"""


def add_parser(sub: Subparsers) -> None:
    p = add_command(sub, "apply", HELP, DESCRIPTION)
    p.add_argument("--plan", type=Path, required=True, metavar="FILE", help="the reviewed plan")
    add_limit_option(p, "only these of the plan's hosts or groups (repeatable)")
    p.add_argument(
        "--canary",
        nargs="+",
        action=CanaryAction,
        default=1,
        metavar="N|HOST",
        help="canaries per platform (default 1; 0 none) or host names",
    )
    p.add_argument(
        "--batch-size", type=positive_int, default=10, help="hosts per batch (default 10)"
    )
    p.add_argument(
        "--max-failures",
        default="0",
        metavar="N|P%",
        help="failed hosts tolerated before stopping (default 0)",
    )
    add_change_options(p)
    p.set_defaults(func=run)


# Looks like a number (a count someone meant): never taken for a host name.
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?%?")


class CanaryAction(argparse.Action):
    """`--canary N` (a count per platform, 0 for none) or `--canary HOST...`: a negative or
    fractional count, or a count among host names, is a usage error, not an unknown host."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        tokens = [str(v) for v in (values or [])]
        numbers = [t for t in tokens if _NUMBER.fullmatch(t.strip())]
        if len(tokens) == 1 and tokens[0].strip().isdigit():
            setattr(namespace, self.dest, int(tokens[0]))
            return
        if numbers or not all(t.strip() for t in tokens):
            bad = numbers[0] if numbers else ""
            raise argparse.ArgumentError(
                self, f"expected one count >= 0 or host names, got {bad!r}"
            )
        setattr(namespace, self.dest, tuple(tokens))


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    req = replace(
        change_request(args),
        plan_path=args.plan,
        limits=args.limit,
        batch_size=args.batch_size,
        canary=args.canary,
        max_failures=parse_budget(args.max_failures),
    )
    return deploy(req, args, project)


def change_request(args: argparse.Namespace) -> ApplyRequest:
    """The options `apply` and `restore` share, as a request (the caller adds what to deploy)."""
    return ApplyRequest(
        Request(args.change_id, args.emergency, args.reason, args.allow_reload_revert),
        confirm_timeout_min=args.confirm_timeout,
        dry_run=args.dry_run,
        lab=lab_requested(args.lab),
        break_lock=args.break_lock,
    )


def deploy(req: ApplyRequest, args: argparse.Namespace, project: Project) -> ExitCode:
    """Run it, emit the report, say where the audit record went; the exit code."""
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
            "not a terminal: pass --yes to go ahead without a prompt (nothing touched)"
        )
    return input("proceed? [y/N] ").strip().lower() in ("y", "yes")
