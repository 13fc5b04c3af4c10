"""`bluewire compliance`: a profile's rules on golden or running configs, with scores."""

from __future__ import annotations

import argparse
from pathlib import Path

from bluewire.cli.options import Subparsers, add_command, add_limit_option, add_output_options
from bluewire.cli.output import emit
from bluewire.compliance.views import VIEWS
from bluewire.exitcodes import ExitCode
from bluewire.lab.state import lab_requested
from bluewire.project import Project

HELP = "check golden or running configs against a compliance profile (cjis, stig, ...)"
DESCRIPTION = """\
Evaluate the rules of a profile (default: the one in inventory/policy/compliance.yaml, else cjis)
on every selected host's config: golden_configs/ (--target golden), or the running configs
(--target running) read from the devices as `bluewire drift` reads them (with --lab, from the
device lab) or from --running-dir DIR (one <host>.cfg per device, e.g. a backups checkout).
Waivers from the policy file apply until they expire; every report lists them, with scores per
rule, device and site.

exit 0: compliant (waived exceptions allowed); 1: bad input or a missing config; 2: a violation
of --fail-on severity or above (default: any).
"""


def add_parser(sub: Subparsers) -> None:
    p = add_command(sub, "compliance", HELP, DESCRIPTION)
    p.add_argument("--profile", help="profile name (cjis, stig, or one from the policy file)")
    p.add_argument("--target", choices=["golden", "running"], default="golden")
    p.add_argument("--running-dir", type=Path, metavar="DIR", help="folder of running configs")
    add_limit_option(p)
    p.add_argument(
        "--fail-on",
        choices=["low", "medium", "high"],
        default="low",
        help="lowest violation severity that exits 2 (default: low, i.e. any)",
    )
    add_output_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    # imported here: `bluewire --help` and the other commands do not pay for it
    from bluewire.runs.compliance import compliance_report

    report = compliance_report(
        project,
        args.limit,
        profile=args.profile,
        target=args.target,
        running_dir=args.running_dir,
        fail_on=args.fail_on,
        lab=lab_requested(args.lab),
    )
    emit(report, args, VIEWS)
    return report.exit_code
