"""Colour on a terminal only, NO_COLOR respected, never in files; same characters either way."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from rich.console import Console

from bluewire.cli import output
from bluewire.report.colour import colourize
from bluewire.report.views import to_human
from tests.unit.report import pages

ANSI = "\x1b["


def _render(text: str, **console: object) -> str:
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, color_system="standard", **console).print(  # type: ignore[arg-type]
        colourize(text), end=""
    )
    return buffer.getvalue()


def test_diff_lines_and_labels_are_coloured_without_changing_the_text() -> None:
    text = to_human(pages.check_report())
    coloured = _render(text)
    assert "\x1b[32m+hostname leaf-1" in coloured and "\x1b[31m-hostname leaf-0" in coloured
    assert "\x1b[1;31mTEMPLATE" in coloured
    assert colourize(text).plain == text


def test_no_color_turns_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True).print(colourize("+x\n-y\n"), end="")
    assert ANSI not in buffer.getvalue()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_emit_colours_the_terminal_and_never_the_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    tty = _Tty()
    monkeypatch.setattr("sys.stdout", tty)
    target = tmp_path / "check.txt"
    args = argparse.Namespace(format="human", output=[str(target)])
    output.emit(pages.check_report(), args)
    assert ANSI in tty.getvalue()
    assert ANSI not in target.read_text() and "+hostname leaf-1" in target.read_text()
    piped = io.StringIO()
    monkeypatch.setattr("sys.stdout", piped)
    output.emit(pages.check_report(), argparse.Namespace(format="human", output=[]))
    assert ANSI not in piped.getvalue()
