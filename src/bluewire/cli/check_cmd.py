"""`bluewire check`: the merge-request gate (schema, templates, golden configs up to date)."""

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
from bluewire.project import Project

HELP = "validate the inventory, render every host in memory, check golden configs are current"
DESCRIPTION = """\
The merge-request gate, in one report: the inventory schema, every template rendered in memory,
golden_configs/ up to date, and (when inventory/policy/compliance.yaml exists) the site's
compliance profile on the rendered configs; the change and software policies (apply's and drift's)
are validated too, so a broken one fails here and not after the merge. Writes nothing.

exit 0: all good; 1: bad inventory or template (file:line listed); 2: a golden config is stale,
missing or orphaned (run `bluewire render` and commit), or a high-severity compliance violation
(or one whose waiver expired). Medium and low violations and the waivers are listed as notes, as
are interface descriptions `<host> <port>` whose far end does not exist or does not name them back.
"""


def add_parser(sub: Subparsers) -> None:
    p = add_command(sub, "check", HELP, DESCRIPTION)
    add_limit_option(p)
    add_jobs_option(p)
    add_output_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    # imported here: `bluewire --help` and the other commands do not pay for it
    from bluewire.runs.render import check_report

    report = check_report(project, args.limit, args.jobs)
    emit(report, args)
    return report.exit_code
