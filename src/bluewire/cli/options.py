"""Options several commands share, declared once: --limit, --jobs, --workers, --procs,
--format, --output."""

from __future__ import annotations

import argparse
from typing import TypeAlias

from bluewire.cli.parser import bounded_int, positive_int
from bluewire.report.views import VIEWS

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_command(sub: Subparsers, name: str, help: str, description: str) -> argparse.ArgumentParser:
    """A subcommand whose --help keeps the description's own line breaks (exit codes, examples)."""
    return sub.add_parser(
        name,
        help=help,
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_limit_option(
    p: argparse.ArgumentParser, help: str = "only these hosts or groups (repeatable; default: all)"
) -> None:
    p.add_argument("--limit", action="append", metavar="HOST|GROUP", help=help)


def add_jobs_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--jobs", type=positive_int, default=None, help="render processes (default: CPU count)"
    )


def add_workers_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--workers", type=positive_int, default=50, help="parallel device sessions (default 50)"
    )


MAX_PROCS = 64  # each forks a copy of the run; more than a runner's cores only adds memory


def add_procs_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--procs",
        type=bounded_int(1, MAX_PROCS),
        default=0,
        metavar="N",
        help=f"processes sharing the devices and the work, 1-{MAX_PROCS} "
        "(default: one per core, from 100 hosts)",
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=sorted(VIEWS),
        default="human",
        help="format of the report on stdout (default: human)",
    )
    parser.add_argument(
        "--output",
        action="append",
        default=[],
        metavar="[FORMAT:]FILE",
        help="also write the report to FILE; the format comes from the extension (.json, .xml=junit, "
        ".md, .html, .txt) or a FORMAT: prefix (e.g. junit:report.xml). Repeatable.",
    )


def add_change_options(p: argparse.ArgumentParser) -> None:
    """The options `apply` and `restore` share: approval, revert timer, locks, dry run, output."""
    p.add_argument("--change-id", metavar="ID", help="the approved change record (policy pattern)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--emergency", action="store_true", help="outside the window (needs --reason)")
    p.add_argument("--reason", metavar="TEXT", help="why this is an emergency (audited)")
    p.add_argument(
        "--confirm-timeout",
        type=bounded_int(1, 120),
        default=5,
        metavar="MIN",
        help="revert timer, 1-120 minutes (default 5)",
    )
    p.add_argument(
        "--allow-reload-revert", action="store_true", help="let OS10 revert by reloading"
    )
    p.add_argument(
        "--break-lock", action="store_true", help="take over device locks held by others"
    )
    p.add_argument("--dry-run", action="store_true", help="every check, then discard: no commit")
    add_output_options(p)
