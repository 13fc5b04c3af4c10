"""`bluewire drift`: what runs on the network against the repository, and a backup of it."""

from __future__ import annotations

import argparse

from bluewire.cli.options import (
    Subparsers,
    add_command,
    add_limit_option,
    add_output_options,
    add_procs_option,
    add_workers_option,
)
from bluewire.cli.output import emit
from bluewire.drift.shard import parse_shard
from bluewire.drift.views import VIEWS
from bluewire.exitcodes import ExitCode
from bluewire.lab.state import lab_requested
from bluewire.project import Project

HELP = "compare every device's running config with its golden config; back the configs up"
DESCRIPTION = """\
Read every selected device (running config, OS version), commit the sanitized configs to the
backups branch (one file per host; one commit per run, none when nothing changed; pushed when
the repository has the remote), and report per host: in sync, drifted (changed on the device
since the last apply on the audit branch), pending (golden changed, not applied yet),
unreachable, auth failed; OS versions against inventory/policy/software.yaml; the compliance
profile on the running configs, with violations the golden config does not have called out.

--shard K/N takes this CI job's share of the hosts (GitLab: $CI_NODE_INDEX/$CI_NODE_TOTAL);
`bluewire report merge` joins the shards' JSON reports into the report one run would make.

exit 0: all in sync; 2: drift, pending changes, unapproved software or a violation;
1: a device could not be read, the backup failed, or bad input (error beats drift).
"""


def add_parser(sub: Subparsers) -> None:
    p = add_command(sub, "drift", HELP, DESCRIPTION)
    add_limit_option(p)
    p.add_argument("--shard", metavar="K/N", help="only this CI job's share of the hosts")
    p.add_argument("--backup-branch", default="backups", metavar="NAME", help="default: backups")
    p.add_argument("--no-backup", action="store_true", help="commit nothing")
    p.add_argument("--audit-branch", default="audit", metavar="NAME", help="default: audit")
    p.add_argument("--remote", default="origin", help="push/fetch remote, if set (default origin)")
    p.add_argument("--no-push", action="store_true", help="commit the backup locally only")
    add_workers_option(p)
    add_procs_option(p)
    add_output_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    # imported here: `bluewire --help` and the other commands do not pay for it
    from bluewire.runs.drift import DriftRequest, run_drift

    request = DriftRequest(
        limits=args.limit,
        shard=parse_shard(args.shard) if args.shard else None,
        workers=args.workers,
        lab=lab_requested(args.lab),
        backup_branch=None if args.no_backup else args.backup_branch,
        audit_branch=args.audit_branch,
        remote=None if args.no_push else args.remote,
        procs=args.procs,
    )
    result = run_drift(project, request)
    emit(result.report, args, VIEWS)
    backup = ExitCode.ERROR if result.backup_error else ExitCode.OK
    return ExitCode.worst(result.report.exit_code, backup)
