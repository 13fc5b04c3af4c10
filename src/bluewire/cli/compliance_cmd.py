"""`bluewire compliance`: a profile's rules on golden or running configs, with scores."""

from __future__ import annotations

import argparse
from pathlib import Path

from bluewire.cli.output import add_output_options, emit
from bluewire.compliance.runner import read_configs, run_compliance
from bluewire.compliance.views import VIEWS
from bluewire.exitcodes import ExitCode
from bluewire.inventory.load import load_inventory
from bluewire.project import Project

HELP = "check golden or running configs against a compliance profile (cjis, stig, ...)"
DESCRIPTION = """\
Evaluate the rules of a profile (default: the one in inventory/policy/compliance.yaml, else cjis)
on every selected host's config: golden_configs/ (--target golden) or a folder of running configs
(--target running --running-dir DIR, one <host>.cfg per device; drift feeds this). Waivers from
the policy file apply until they expire; every report lists them, with scores per rule, device
and site.

exit 0: compliant (waived exceptions allowed); 1: bad input or a missing config; 2: a violation
of --fail-on severity or above (default: any).
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "compliance",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--profile", help="profile name (cjis, stig, or one from the policy file)")
    p.add_argument("--target", choices=["golden", "running"], default="golden")
    p.add_argument("--running-dir", type=Path, metavar="DIR", help="folder of running configs")
    p.add_argument(
        "--limit",
        action="append",
        metavar="HOST|GROUP",
        help="only these hosts or groups (repeatable; default: all)",
    )
    p.add_argument(
        "--fail-on",
        choices=["low", "medium", "high"],
        default="low",
        help="lowest violation severity that exits 2 (default: low, i.e. any)",
    )
    add_output_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace, project: Project) -> ExitCode:
    inventory = load_inventory(project)
    hosts = [h.name for h in inventory.select(args.limit)]
    configs, errors = read_configs(project, hosts, args.target, args.running_dir)
    report = run_compliance(
        project,
        inventory,
        configs,
        profile=args.profile,
        target=args.target,
        fail_on=args.fail_on,
    )
    report.errors.update(errors)
    emit(report, args, VIEWS)
    return report.exit_code
