"""Options several commands share, declared once: --limit, --jobs, --workers, --format, --output."""

from __future__ import annotations

import argparse
from typing import TypeAlias

from bluewire.cli.parser import positive_int
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
