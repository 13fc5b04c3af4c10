"""Writing a result: the --format view to stdout, every --output FILE in its own format."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console

from bluewire.errors import BluewireError
from bluewire.project import Project, output_path
from bluewire.report.colour import colourize
from bluewire.report.escape import visible
from bluewire.report.views import EXTENSIONS, VIEWS

T = TypeVar("T")


def parse_output(spec: str) -> tuple[str, Path]:
    fmt, sep, rest = spec.partition(":")
    if sep and fmt in VIEWS:
        if not rest:
            raise BluewireError(f"--output {spec}: no file name after {fmt}:")
        return fmt, Path(rest)
    if not spec:
        raise BluewireError("--output: no file name")
    path = Path(spec)
    fmt_from_ext = EXTENSIONS.get(path.suffix.lower())
    if fmt_from_ext is None:
        raise BluewireError(f"--output {spec}: cannot tell the format; use e.g. junit:{spec}")
    return fmt_from_ext, path


def check_outputs(args: argparse.Namespace, project: Project | None = None) -> None:
    """Every file the command will write can be written: checked before the command starts, so a
    typo in a CI job's --output fails in a second, not after every device was contacted."""
    wanted = [
        (parse_output(spec)[1], f"--output {spec}") for spec in getattr(args, "output", None) or []
    ]
    out = getattr(args, "out", None)
    if isinstance(out, Path):
        wanted.append((out, f"--out {out}"))
    for path, option in wanted:
        not_an_input(writable(path, option), option, project)


INPUT_FOLDERS = ("inventory", "templates", "golden_configs", "playbooks", ".git")


def not_an_input(target: Path, option: str, project: Project | None) -> None:
    """A report never lands among what bluewire reads: `--output json:inventory/hosts.yaml`
    replaced the inventory with a report, and exit 0 said all was well."""
    if project is None:
        return
    absolute = Path(os.path.abspath(target))
    for name in INPUT_FOLDERS:
        if absolute.is_relative_to(os.path.abspath(project.root / name)):
            raise BluewireError(
                f"{option}: inside {name}/, which bluewire reads; write it elsewhere"
            )


def writable(path: Path, option: str) -> Path:
    """`path` (an output file), or BluewireError saying why it cannot be written. Writes nothing:
    missing folders are made only when the report is written."""
    target = output_path(path)
    if target.is_dir():
        raise BluewireError(f"{option}: is a folder; give a file name")
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise BluewireError(f"{option}: {folder} is not a folder")
    try:  # an anonymous file (O_TMPFILE where the system has it): the real test, root included
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as exc:
        raise BluewireError(f"{option}: cannot write in {folder}: {exc.strerror}") from None
    if target.exists() and not os.access(target, os.W_OK):
        raise BluewireError(f"{option}: cannot write {target}: permission denied")
    return target


def write_file(path: Path, text: str) -> None:
    """One output file, its folders made."""
    target = output_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def emit(
    result: T, args: argparse.Namespace, views: Mapping[str, Callable[[T], str]] | None = None
) -> None:
    """Payload to stdout, every requested file written; no partial files on a bad spec."""
    chosen: Mapping[str, Callable[[Any], str]] = views if views is not None else VIEWS
    for fmt, path in map(parse_output, args.output):
        write_file(path, chosen[fmt](result))
    write_stdout(chosen[args.format](result), args.format)


def write_stdout(text: str, fmt: str) -> None:
    """The payload on stdout; the human view in colour when stdout is a terminal, with control
    characters from devices shown as `\\xNN` (a terminal obeys escape sequences)."""
    if fmt == "human":
        text = visible(text)
    if fmt == "human" and sys.stdout.isatty():
        console = Console(file=sys.stdout, highlight=False, soft_wrap=True, emoji=False)
        console.print(colourize(text), end="", markup=False)
    else:
        sys.stdout.write(text)
    sys.stdout.flush()
