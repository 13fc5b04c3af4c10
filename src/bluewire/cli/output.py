"""Writing a result: the --format view to stdout, every --output FILE in its own format."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console

from bluewire.errors import BluewireError
from bluewire.project import output_path
from bluewire.report.colour import colourize
from bluewire.report.views import EXTENSIONS, VIEWS

T = TypeVar("T")


def parse_output(spec: str) -> tuple[str, Path]:
    fmt, sep, rest = spec.partition(":")
    if sep and fmt in VIEWS:
        return fmt, Path(rest)
    path = Path(spec)
    fmt_from_ext = EXTENSIONS.get(path.suffix.lower())
    if fmt_from_ext is None:
        raise BluewireError(f"--output {spec}: cannot tell the format; use e.g. junit:{spec}")
    return fmt_from_ext, path


def emit(
    result: T, args: argparse.Namespace, views: Mapping[str, Callable[[T], str]] | None = None
) -> None:
    """Payload to stdout, every requested file written; no partial files on a bad spec."""
    chosen: Mapping[str, Callable[[Any], str]] = views if views is not None else VIEWS
    targets = [(fmt, output_path(path)) for fmt, path in map(parse_output, args.output)]
    for fmt, path in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(chosen[fmt](result), encoding="utf-8")
    write_stdout(chosen[args.format](result), args.format)


def write_stdout(text: str, fmt: str) -> None:
    """The payload on stdout; the human view in colour when stdout is a terminal."""
    if fmt == "human" and sys.stdout.isatty():
        console = Console(file=sys.stdout, highlight=False, soft_wrap=True, emoji=False)
        console.print(colourize(text), end="", markup=False)
    else:
        sys.stdout.write(text)
    sys.stdout.flush()
