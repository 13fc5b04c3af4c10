"""`bluewire render`: write golden_configs/<host>.cfg, or with --check only report what is stale."""

from __future__ import annotations

import argparse

from bluewire.cli.options import (
    Subparsers,
    add_command,
    add_jobs_option,
    add_limit_option,
    add_output_options,
)
from bluewire.cli.output import emit
from bluewire.exitcodes import ExitCode
from bluewire.progress import status
from bluewire.project import Project

HELP = "render every host's golden config into golden_configs/"
DESCRIPTION = """\
Render the intended config of every selected host from inventory/ and templates/ into
golden_configs/<host>.cfg. Secrets appear as %%SECRET:<name>%% placeholders, never as values.

With --check nothing is written: the command lists every stale, missing or orphaned golden
config with its diff and exits 2 if there is any (0 when all are up to date, 1 on bad input).
"""


def add_parser(sub: Subparsers) -> None:
    p = add_command(sub, "render", HELP, DESCRIPTION)
    add_limit_option(p)
    add_jobs_option(p)
    p.add_argument(
        "--check", action="store_true", help="write nothing; exit 2 if any golden config is stale"
    )
    add_output_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    # imported here: `bluewire --help` and the other commands do not pay for it
    from bluewire.runs.render import render_report

    report, touched = render_report(project, args.limit, args.jobs, check=args.check)
    if args.check or report.exit_code == ExitCode.ERROR:
        emit(report, args)
        return report.exit_code
    for path in touched:
        status(f"wrote {path}")
    # past the error check every selected host rendered
    status(f"{len(report.hosts)} host(s) rendered, {len(touched)} file(s) changed")
    return ExitCode.OK
