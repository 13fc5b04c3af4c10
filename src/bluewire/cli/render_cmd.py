"""`bluewire render`: write golden_configs/<host>.cfg, or with --check only report what is stale."""

from __future__ import annotations

import argparse

from bluewire.cli.output import add_output_options, emit
from bluewire.cli.progress import status
from bluewire.cli.rendering import render_selected
from bluewire.exitcodes import ExitCode
from bluewire.golden import compare_golden, write_golden
from bluewire.project import Project
from bluewire.report.model import Report

HELP = "render every host's golden config into golden_configs/"
DESCRIPTION = """\
Render the intended config of every selected host from inventory/ and templates/ into
golden_configs/<host>.cfg. Secrets appear as %%SECRET:<name>%% placeholders, never as values.

With --check nothing is written: the command lists every stale, missing or orphaned golden
config with its diff and exits 2 if there is any (0 when all are up to date, 1 on bad input).
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "render",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_limit_options(p)
    p.add_argument(
        "--check", action="store_true", help="write nothing; exit 2 if any golden config is stale"
    )
    add_output_options(p)
    p.set_defaults(func=run)


def add_limit_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--limit",
        action="append",
        metavar="HOST|GROUP",
        help="only these hosts or groups (repeatable; default: all)",
    )
    p.add_argument("--jobs", type=int, default=None, help="render processes (default: CPU count)")


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    result = render_selected(project, args.limit, args.jobs)
    report = Report("render", hosts=result.hosts, findings=list(result.findings))
    if args.check or report.exit_code == ExitCode.ERROR:
        report.findings += (
            compare_golden(project, result.rendered, result.all_hosts) if args.check else []
        )
        emit(report, args)
        return report.exit_code
    touched = write_golden(project, result.rendered, result.all_hosts)
    for path in touched:
        status(f"wrote {path}")
    status(f"{len(result.rendered)} host(s) rendered, {len(touched)} file(s) changed")
    return ExitCode.OK
