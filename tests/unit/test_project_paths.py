"""Every file bluewire reads or writes inside the repository stays inside it: no symlink is
followed, no host name leads out of golden_configs/, and a refused path writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bluewire.cli.main import main
from bluewire.errors import ProjectError
from bluewire.project import Project, checked_path, output_path
from tests.conftest import MakeProject

SECRET_TEXT = "root:Canary-0bd3-outside-the-repo\n"
HOSTS = "sw1:\n  platform: ios\n  data: {role: access}\n"
TEMPLATES = {"ios/access.j2": "hostname {{ inventory_hostname }}\n"}


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "target"
    path.write_text(SECRET_TEXT)
    return path


def run(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and ".bluewire" not in p.parts
    }


@pytest.mark.parametrize("command", [["check"], ["render"], ["render", "--check"]])
def test_a_symlinked_golden_config_is_never_followed(
    make_project: MakeProject,
    outside: Path,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = make_project(HOSTS, templates=TEMPLATES)
    (project.root / "golden_configs").mkdir()
    (project.root / "golden_configs" / "sw1.cfg").symlink_to(outside)
    assert run(project, *command) == 1
    out, err = capsys.readouterr()
    assert "golden_configs/sw1.cfg: is a symbolic link" in err
    assert "Canary-0bd3" not in out + err
    assert outside.read_text() == SECRET_TEXT


def test_an_orphan_symlink_is_neither_read_nor_removed(
    make_project: MakeProject, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(HOSTS, templates=TEMPLATES)
    (project.root / "golden_configs").mkdir()
    (project.root / "golden_configs" / "gone.cfg").symlink_to(outside)
    assert run(project, "render") == 1
    assert not (project.root / "golden_configs" / "sw1.cfg").exists()  # nothing written
    assert "Canary-0bd3" not in "".join(capsys.readouterr())


def test_a_symlinked_golden_folder_is_refused(
    make_project: MakeProject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project = make_project(HOSTS, templates=TEMPLATES)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (project.root / "golden_configs").symlink_to(elsewhere)
    assert run(project, "render") == 1
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("name", ["hosts.yaml", "groups.yaml", "defaults.yaml"])
def test_symlinked_inventory_files_are_refused(
    make_project: MakeProject, outside: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(HOSTS, groups="g: {}\n", defaults="data: {}\n", templates=TEMPLATES)
    path = project.root / "inventory" / name
    path.unlink()
    path.symlink_to(outside)
    assert run(project, "check") == 1
    assert "is a symbolic link" in capsys.readouterr().err


def test_symlinked_state_folder_is_refused(
    make_project: MakeProject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    project = make_project(HOSTS, templates=TEMPLATES)
    elsewhere = tmp_path_factory.mktemp("cache")
    (project.root / ".bluewire").symlink_to(elsewhere)
    assert run(project, "check") == 1
    assert list(elsewhere.iterdir()) == []


def test_report_outputs_never_write_through_a_symlink(
    make_project: MakeProject, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(HOSTS, templates=TEMPLATES)
    assert run(project, "render") == 0
    (project.root / "check.json").symlink_to(outside)
    monkeypatch.chdir(project.root)
    assert run(project, "check", "--output", "check.json", "--output", "check.md") == 1
    assert outside.read_text() == SECRET_TEXT
    assert not (project.root / "check.md").exists()  # no partial output either


@pytest.mark.parametrize("host", ["../evil", "/tmp/evil", "a/../../b", ".hidden", ""])
def test_golden_paths_stay_in_golden_configs(tmp_path: Path, host: str) -> None:
    with pytest.raises(ProjectError):
        Project(tmp_path).golden_path(host)


def test_checked_path_rules(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert checked_path(tmp_path, tmp_path / "real" / "x") == tmp_path / "real" / "x"
    for bad in (tmp_path / "link" / "x", tmp_path / "real" / ".." / "..", Path("/etc/passwd")):
        with pytest.raises(ProjectError):
            checked_path(tmp_path, bad)


def test_output_path_outside_the_cwd_refuses_only_a_symlink(tmp_path: Path, outside: Path) -> None:
    link = tmp_path / "plan.json"
    os.symlink(outside, link)
    with pytest.raises(ProjectError):
        output_path(link)
    assert output_path(tmp_path / "real.json") == tmp_path / "real.json"
