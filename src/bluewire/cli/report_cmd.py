"""`bluewire report merge`: the JSON reports of a sharded drift run joined into one report."""

from __future__ import annotations

import argparse
from pathlib import Path

from bluewire.cli.options import Subparsers, add_command, add_output_options
from bluewire.cli.output import emit
from bluewire.drift.merge import merge_reports
from bluewire.drift.model import read_report
from bluewire.drift.views import VIEWS
from bluewire.exitcodes import ExitCode
from bluewire.project import Project

HELP = "work with saved reports (merge the shards of a drift run)"
DESCRIPTION = """\
report merge FILE...: read the JSON report of every shard of one `bluewire drift --shard K/N`
run (all of 1..N, same commit) and write the report one unsharded run would have made: its JSON
is byte for byte the same. Any format can be written (--format, --output).

exit codes: those of the merged drift report (0 in sync, 2 drift or findings, 1 a device could
not be read); 1 also when a shard is missing, repeated or from another run.
"""


def add_parser(sub: Subparsers) -> None:
    p = add_command(sub, "report", HELP, DESCRIPTION)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    merge = actions.add_parser("merge", help="join drift shard reports", description=DESCRIPTION)
    merge.add_argument("files", nargs="+", type=Path, metavar="FILE", help="shard JSON reports")
    add_output_options(merge)
    merge.set_defaults(func=run_merge)


def run_merge(args: argparse.Namespace, project: Project) -> ExitCode:
    merged = merge_reports([(path, read_report(path)) for path in args.files])
    emit(merged, args, VIEWS)
    return merged.exit_code
