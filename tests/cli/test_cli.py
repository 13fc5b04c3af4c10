"""The CLI contract: exit codes 0/1/2, payload on stdout, formats, --output files, no traceback."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from bluewire.cli.main import main
from bluewire.exitcodes import ExitCode
from bluewire.project import Project
from tests.conftest import MakeProject

TEMPLATE = {
    "ios/access.j2": "hostname {{ inventory_hostname }}\n!\nntp server {{ ntp_server }}\nend\n"
}
HOSTS = (
    "sw1:\n  platform: ios\n  data: {role: access, ntp_server: 10.0.0.1}\n"
    "sw2:\n  platform: ios\n  data: {role: access, ntp_server: 10.0.0.2}\n"
)


@pytest.fixture
def project(make_project: MakeProject) -> Project:
    return make_project(HOSTS, templates=TEMPLATE)


def run(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def test_render_writes_golden_then_check_is_clean(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "render") == 0
    assert (
        project.golden_dir / "sw1.cfg"
    ).read_text() == "hostname sw1\n!\nntp server 10.0.0.1\nend\n"
    capsys.readouterr()
    assert run(project, "check") == 0
    assert run(project, "render", "--check") == 0


def test_stale_missing_and_orphaned_exit_2_with_diff(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    run(project, "render")
    (project.golden_dir / "sw1.cfg").write_text("hostname sw1\n!\nntp server 10.9.9.9\nend\n")
    (project.golden_dir / "sw2.cfg").unlink()
    (project.golden_dir / "old-switch.cfg").write_text("hostname old\n")
    capsys.readouterr()
    assert run(project, "render", "--check") == 2
    out = capsys.readouterr().out
    assert (
        "STALE     sw1" in out and "-ntp server 10.9.9.9" in out and "+ntp server 10.0.0.1" in out
    )
    assert "MISSING   sw2" in out
    assert "ORPHANED  old-switch: golden_configs/old-switch.cfg has no host" in out
    assert "hostname old" not in out  # one line, not the whole deleted file
    assert (project.golden_dir / "sw1.cfg").read_text().count(
        "10.9.9.9"
    ) == 1  # --check wrote nothing


def test_limit_does_not_report_other_hosts_as_orphans(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    run(project, "render")
    capsys.readouterr()
    assert run(project, "check", "--limit", "sw1", "--format", "json") == 0
    assert list(json.loads(capsys.readouterr().out)["hosts"]) == ["sw1"]


def test_bad_inventory_exits_1_with_file_line_and_no_traceback(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(
        "sw1:\n  platform: ios\n  data: {role: access, vlans: [{id: 0, name: x}]}\n",
        templates=TEMPLATE,
    )
    assert run(project, "check") == 1
    captured = capsys.readouterr()
    assert "inventory/hosts.yaml:3: sw1.data.vlans.0.id:" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert run(project, "render") == 1
    assert not project.golden_dir.exists()


def test_undefined_template_variable_exits_1(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project("sw1:\n  platform: ios\n  data: {role: access}\n", templates=TEMPLATE)
    assert run(project, "check") == 1
    assert (
        "templates/ios/access.j2:3: 'ntp_server' is undefined (host sw1)" in capsys.readouterr().out
    )


def test_error_beats_change(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    run(project, "render")
    (project.golden_dir / "sw1.cfg").write_text("stale\n")
    (project.root / "templates/ios/access.j2").write_text("{{ nope }}\n")
    assert run(project, "check") == 1


def test_every_format_and_multiple_outputs(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(project, "render")
    (project.golden_dir / "sw2.cfg").write_text("stale\n")
    capsys.readouterr()
    junit, report_json, md = tmp_path / "r.xml", tmp_path / "r.json", tmp_path / "r.md"
    code = run(
        project,
        "check",
        "--format",
        "json",
        "--output",
        str(junit),
        "--output",
        str(report_json),
        "--output",
        f"markdown:{md}",
    )
    assert code == 2
    stdout = json.loads(capsys.readouterr().out)
    assert stdout == json.loads(report_json.read_text())
    assert stdout["format_version"] == 1 and stdout["exit_code"] == 2
    suite = ET.parse(junit).getroot()
    assert suite.get("failures") == "1" and suite.get("errors") == "0"
    assert [c.get("name") for c in suite.iter("testcase")] == ["inventory", "sw1", "sw2"]
    assert "<details><summary>sw2" in md.read_text()


def test_unknown_output_extension_is_an_error(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "check", "--output", "report.weird") == 1
    assert "cannot tell the format" in capsys.readouterr().err


def test_unknown_limit_is_an_error(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(project, "check", "--limit", "nosuch") == 1
    assert "--limit nosuch: no such host or group" in capsys.readouterr().err


@pytest.mark.parametrize("empty", ["", " ", "\t"])
def test_an_empty_limit_is_an_error(
    project: Project, capsys: pytest.CaptureFixture[str], empty: str
) -> None:
    """`--limit "$HOSTS"` with the variable unset must not read as "no such host ''"."""
    assert run(project, "check", "--limit", empty) == 1
    assert "--limit: an empty name (give a host or group name)" in capsys.readouterr().err


def test_not_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(tmp_path), "check"]) == 1
    assert "not inside a bluewire project" in capsys.readouterr().err


def test_internal_error_exits_3_and_saves_traceback(
    project: Project,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BLUEWIRE_LOG_DIR", str(tmp_path / "logs"))

    def boom(*_: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr("bluewire.runs.render.check_report", boom)
    assert run(project, "check") == 3
    assert "internal error" in capsys.readouterr().err
    assert "RuntimeError: bug" in next((tmp_path / "logs").iterdir()).read_text()


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    lines = [line.split(None, 1) for line in capsys.readouterr().out.splitlines() if line.strip()]
    documented = {words[0]: words[1] for words in lines if len(words) == 2}
    for code in ExitCode:
        assert str(int(code)) in documented, f"exit code {int(code)} is not in --help"
    assert documented["2"].startswith("changes, drift or non-compliance")
    assert documented["130"].startswith("interrupted")
