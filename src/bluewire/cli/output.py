"""Output options shared by every command: --format for stdout, repeatable --output FILE."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from bluewire.errors import BluewireError
from bluewire.report.views import EXTENSIONS, VIEWS

T = TypeVar("T")


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
    targets = [parse_output(s) for s in args.output]
    for fmt, path in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(chosen[fmt](result), encoding="utf-8")
    sys.stdout.write(chosen[args.format](result))
    sys.stdout.flush()
