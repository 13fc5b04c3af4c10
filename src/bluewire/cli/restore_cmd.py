"""`bluewire restore HOST... --at REF`: disaster recovery through apply's safe path."""

from __future__ import annotations

import argparse
from dataclasses import replace

from bluewire.cli.apply_cmd import change_request, deploy
from bluewire.cli.options import Subparsers, add_change_options, add_command
from bluewire.exitcodes import ExitCode
from bluewire.project import Project

HELP = "push the golden config of a past commit to hosts, through apply's safe path"
DESCRIPTION = """\
Put each HOST back on its golden config as committed at REF (a commit, tag or branch), e.g. the
last known good one after a bad change or a replaced switch. There is no plan to check against:
the device's running config is fetched and the golden config at REF pushed, with the same change
approval, device locks, commit with revert timer, post-checks, rollback and audit record as
`apply`. Hosts go one at a time.

exit 0: every host restored (or already on it); 1: a host failed, was refused or rolled back,
or bad input (nothing touched); 130: interrupted.
"""


def add_parser(sub: Subparsers) -> None:
    p = add_command(sub, "restore", HELP, DESCRIPTION)
    p.add_argument("hosts", nargs="+", metavar="HOST")
    p.add_argument("--at", required=True, metavar="REF", help="commit, tag or branch to restore")
    add_change_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    req = replace(change_request(args), hosts=tuple(args.hosts), at_ref=args.at, canary=0)
    return deploy(req, args, project)
