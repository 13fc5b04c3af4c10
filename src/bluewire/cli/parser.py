"""bluewire's argument parser: usage errors exit 1, and global options work after the command.

argparse exits 2 on a usage error, but 2 means "changes found" to bluewire's callers: a CI job
that allows exit 2 (the plan job does) would pass on a typo in its own command line. So a usage
error raises `UsageError`, which `cli.main` turns into the usage, the message and exit 1.

`--project` and `--lab` belong before the command (`bluewire --lab plan`), but people write
`bluewire plan --lab`; every subcommand accepts them too (without a default of its own, so a
value given before the command is kept).
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

GLOBAL_HELP = {
    "--project": "project root (default: found from the current directory)",
    "--lab": "talk to the running device lab instead of the real devices (or BLUEWIRE_LAB=1)",
}


class UsageError(Exception):
    """A command line argparse could not parse: shown with the usage, exit 1."""

    def __init__(self, usage: str, prog: str, message: str) -> None:
        super().__init__(message)
        self.usage = usage
        self.prog = prog

    def lines(self) -> list[str]:
        return [self.usage.rstrip(), f"{self.prog}: error: {self}"]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors raise, and whose subcommands take the global options."""

    def __init__(self, *args: Any, global_options: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if global_options:
            add_global_options(self, argparse.SUPPRESS)

    def error(self, message: str) -> NoReturn:
        raise UsageError(self.format_usage(), self.prog, message)


def add_global_options(parser: argparse.ArgumentParser, default: Any) -> None:
    """`--project DIR` and `--lab`; a subcommand's copies have no default (SUPPRESS)."""
    taken = parser._option_string_actions
    if "--project" not in taken:
        parser.add_argument(
            "--project", type=Path, default=default, metavar="DIR", help=GLOBAL_HELP["--project"]
        )
    if "--lab" not in taken:
        parser.add_argument(
            "--lab", action="store_true", default=default, help=GLOBAL_HELP["--lab"]
        )


def positive_int(text: str) -> int:
    """A count that must be at least 1 (`--workers`, `--jobs`): 0 would run nothing, or hang."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """A whole number from `low` to `high`; argparse's `choices=range(...)` listed all of them."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {low} to {high}, got {value}")
        return value

    return parse


def positive_float(text: str) -> float:
    """A finite number above 0 (`--time-scale`): nan, inf and 0 make no sense as a rate."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, got {text!r}")
    return value


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse, with the global options' defaults filled in whichever level gave them."""
    args = parser.parse_args(argv)
    for name, default in (("project", None), ("lab", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    return args
