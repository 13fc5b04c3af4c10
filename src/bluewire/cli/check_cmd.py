"""`bluewire check`: the merge-request gate (schema, templates, golden configs up to date)."""

from __future__ import annotations

import argparse

from bluewire.cli.output import add_output_options, emit
from bluewire.cli.render_cmd import add_limit_options
from bluewire.cli.rendering import render_selected
from bluewire.compliance.runner import compliance_findings
from bluewire.exitcodes import ExitCode
from bluewire.golden import compare_golden
from bluewire.project import Project
from bluewire.report.model import Report

HELP = "validate the inventory, render every host in memory, check golden configs are current"
DESCRIPTION = """\
The merge-request gate, in one report: the inventory schema, every template rendered in memory,
golden_configs/ up to date, and (when inventory/policy/compliance.yaml exists) the site's
compliance profile on the rendered configs. Writes nothing.

exit 0: all good; 1: bad inventory or template (file:line listed); 2: a golden config is stale,
missing or orphaned (run `bluewire render` and commit), or a high-severity compliance violation
(or one whose waiver expired). Medium and low violations and the waivers are listed as notes.
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_limit_options(p)
    add_output_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    result = render_selected(project, args.limit, args.jobs)
    report = Report("check", hosts=result.hosts, findings=list(result.findings))
    if result.inventory is not None:
        report.findings += compare_golden(project, result.rendered, result.all_hosts)
        report.findings += compliance_findings(project, result.inventory, result.rendered)
    emit(report, args)
    return report.exit_code
