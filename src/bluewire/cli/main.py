"""The `bluewire` command: one module per subcommand, one error handler for all of them."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence

from bluewire import __version__
from bluewire.cli import (
    apply_cmd,
    check_cmd,
    compliance_cmd,
    drift_cmd,
    inventory_cmd,
    lab_cmd,
    plan_cmd,
    playbook_cmd,
    render_cmd,
    report_cmd,
    restore_cmd,
)
from bluewire.cli.output import check_outputs
from bluewire.cli.parser import Parser, UsageError, parse
from bluewire.crashlog import save_crash
from bluewire.errors import BluewireError
from bluewire.exitcodes import ExitCode
from bluewire.project import Project, find_project_root
from bluewire.report.escape import visible

EPILOG = """\
exit codes (every command):
  0    success, nothing to do
  1    error: bad input (reported as file:line: what is wrong), a usage error (unknown
       option, bad value), unreachable device, ...
  2    changes, drift or non-compliance found
  3    internal error (a bug: the traceback is saved under .bluewire/logs/)
  130  interrupted (Ctrl-C: no new device is started, open sessions are closed)
When several apply, error beats change beats clean.
The payload (report, diff, JSON) goes to stdout; progress and logs go to stderr.

environment:
  BLUEWIRE_PROJECT          project root (default: walk up from the current directory)
  BLUEWIRE_SECRET_<NAME>    value of secret <name> at push time (8 characters at least)
  BLUEWIRE_SECRETS_FILE     YAML file of secrets, outside the repository, mode 600
  BLUEWIRE_PLAN_KEY         key that signs plan files (HMAC); when set, unsigned plans are refused
"""


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="bluewire",
        description="Network-as-code: render, check, plan and apply device configs from Git.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"bluewire {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (
        render_cmd,
        check_cmd,
        plan_cmd,
        drift_cmd,
        report_cmd,
        apply_cmd,
        restore_cmd,
        lab_cmd,
        compliance_cmd,
        inventory_cmd,
        playbook_cmd,
    ):
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse(build_parser(), argv)
    except UsageError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return ExitCode.ERROR
    project: Project | None = None
    try:
        project = find_project_root(args.project)
        check_outputs(args, project)
        return int(args.func(args, project))
    except BluewireError as exc:
        for line in map(visible, exc.lines()):
            print(f"error: {line}" if not exc.problems else line, file=sys.stderr)
        return ExitCode.ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
    except Exception:
        log = save_crash(traceback.format_exc(), project)
        print(f"internal error (a bug in bluewire); traceback saved to {log}", file=sys.stderr)
        return ExitCode.INTERNAL


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
