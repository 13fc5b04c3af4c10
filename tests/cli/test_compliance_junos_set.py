"""`bluewire compliance --target running` on Junos backups in `set` format (Oxidized, RANCID)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bluewire.cli.main import main
from bluewire.config.tree import parse, to_set_commands
from bluewire.project import Project


def _check(project: Project, running: Path) -> int:
    args = ["compliance", "--target", "running", "--running-dir", str(running)]
    return main(["--project", str(project.root), *args, "--limit", "cjis-fw-1"])


def test_set_format_backups_are_evaluated_like_braces(
    example_project: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    running = tmp_path / "running"
    running.mkdir()
    backup = running / "cjis-fw-1.cfg"
    golden = parse(example_project.golden_path("cjis-fw-1").read_text(), "junos")
    as_set = "# nightly backup\n" + "\n".join(to_set_commands(golden)) + "\n"
    backup.write_text(as_set)
    assert _check(example_project, running) == 0
    backup.write_text(as_set + "set system services telnet\n")
    assert _check(example_project, running) == 2
    assert "SEC-NO-TELNET" in capsys.readouterr().out
    backup.write_text(as_set + "set system services telnet\ndeactivate system services telnet\n")
    assert _check(example_project, running) == 0, "an inactive statement does not run"


def test_an_unreadable_backup_is_that_hosts_error_with_file_and_line(
    example_project: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    running = tmp_path / "running"
    running.mkdir()
    lines = ["set system host-name cjis-fw-1", "system {", "    host-name x;", "}"]
    (running / "cjis-fw-1.cfg").write_text("\n".join(lines) + "\n")
    assert _check(example_project, running) == 1
    captured = capsys.readouterr()
    assert "cjis-fw-1.cfg:2: brace syntax in a `set`-format Junos config" in captured.out
    assert "Traceback" not in captured.out + captured.err
