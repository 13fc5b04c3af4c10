"""A bug (exit 3) leaves a private crash log under the project, with no secret in it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bluewire.cli.main import main
from bluewire.crashlog import save_log
from bluewire.project import Project
from bluewire.runs import render as render_run
from tests.conftest import MakeProject

CANARY = "Canary-crash-8e51c2aa"
HASH = "$6$saltsalt$Canary-hash-0d9f"
HOSTS = "sw1:\n  platform: ios\n  data: {role: access}\n"


@pytest.fixture
def crashing(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose render step hits a bug whose message quotes a secret and a config line."""
    project = make_project(HOSTS, templates={"ios/access.j2": "x\n"})
    monkeypatch.setenv("BLUEWIRE_SECRET_TACACS_KEY", CANARY)
    monkeypatch.setenv("BLUEWIRE_DEVICE_PASSWORD", f"{CANARY}-device")
    monkeypatch.delenv("BLUEWIRE_LOG_DIR", raising=False)

    def bug(*args: object, **kwargs: object) -> None:
        raise RuntimeError(
            f"boom: key {CANARY}\n username admin secret 9 {HASH}\n"
            f" tacacs-server key 7 0822455D0A16{CANARY[-4:]}\n"
        )

    monkeypatch.setattr(render_run, "load_inventory", bug)
    monkeypatch.chdir(project.root.parent)  # not the project: the log must still go there
    return project.root


def _log(capsys: pytest.CaptureFixture[str]) -> Path:
    err = capsys.readouterr().err
    assert "traceback saved to " in err
    return Path(err.split("traceback saved to ")[1].strip())


def test_crash_log_is_private_under_the_project_and_scrubbed(
    crashing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--project", str(crashing), "check"]) == 3
    log = _log(capsys)
    assert log.parent == crashing / ".bluewire" / "logs"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text()
    assert "RuntimeError: boom" in text
    assert CANARY not in text and "Canary-hash" not in text and "0822455D0A16" not in text


def test_crash_log_never_goes_through_a_symlinked_log_folder(
    crashing: Path, capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("planted")
    (crashing / ".bluewire").mkdir()
    (crashing / ".bluewire" / "logs").symlink_to(elsewhere)
    assert main(["--project", str(crashing), "check"]) == 3
    log = _log(capsys)
    assert list(elsewhere.iterdir()) == []
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_two_logs_in_one_second_from_one_process_are_two_files(tmp_path: Path) -> None:
    """drift reads its parts one after the other: the second log once crashed on the name."""
    project = Project(tmp_path)
    first = save_log("drift", "=== a\nfirst", project)
    second = save_log("drift", "=== b\nsecond", project)
    assert first != second
    assert "first" in first.read_text() and "second" in second.read_text()
