"""`bluewire playbook`: run Ansible playbooks from playbooks/ on bluewire's inventory."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bluewire.cli.options import Subparsers, add_command, add_limit_option, add_output_options
from bluewire.cli.output import emit
from bluewire.exitcodes import ExitCode
from bluewire.lab.state import lab_requested
from bluewire.playbook.catalog import catalog
from bluewire.playbook.extravars import parse_extra_vars
from bluewire.playbook.views import VIEWS
from bluewire.project import Project

HELP = "run an Ansible playbook from playbooks/ on the inventory (needs bluewire[ansible])"
DESCRIPTION = """\
run NAME: playbooks/NAME.yml through ansible-runner against the same validated inventory (see
`bluewire inventory export`), with credentials from BLUEWIRE_DEVICE_USERNAME/PASSWORD and
BLUEWIRE_ENABLE_SECRET (or the lab's with --lab), kept only in a private 0600 temporary directory
for the run. Files a playbook saves land in .bluewire/playbooks/NAME/<time>/ (or --output-dir).
Reports per host: ok, changed, failed, unreachable, skipped (a host whose Ansible collection is
not installed).

list: the playbooks with the first paragraph of their header comment.

exit 0: every host ok or changed; 1: a host failed or was unreachable, or bad input;
2: --check and a host would change.
"""


def add_parser(sub: Subparsers) -> None:
    p = add_command(sub, "playbook", HELP, DESCRIPTION)
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    run_p = verbs.add_parser("run", help="run playbooks/NAME.yml")
    run_p.add_argument("name", metavar="NAME")
    add_limit_option(run_p)
    run_p.add_argument(
        "--extra-vars",
        "-e",
        action="append",
        default=[],
        metavar="KEY=VALUE|@FILE|JSON",
        help="variables for the playbook, as ansible-playbook -e takes them (repeatable)",
    )
    run_p.add_argument("--check", action="store_true", help="Ansible check mode: change nothing")
    run_p.add_argument("--output-dir", type=Path, metavar="DIR", help="where playbooks save files")
    add_output_options(run_p)
    run_p.set_defaults(func=run)
    list_p = verbs.add_parser("list", help="list the playbooks and what they do")
    list_p.set_defaults(func=run_list)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    # imported here: `bluewire --help` and the other commands do not pay for it
    from bluewire.runs.playbook import PlaybookRequest, run_playbook

    request = PlaybookRequest(
        name=args.name,
        limits=args.limit,
        extra_vars=parse_extra_vars(args.extra_vars),
        check=args.check,
        lab=lab_requested(args.lab),
        output_dir=args.output_dir,
    )
    report = run_playbook(project, request)
    emit(report, args, VIEWS)
    return report.exit_code


def run_list(args: argparse.Namespace, project: Project) -> ExitCode:
    for info in catalog(project):
        sys.stdout.write(f"{info.name:24} {info.description}\n")
    return ExitCode.OK
