"""The commit a plan is made from, and whether the inputs differ from it."""

from __future__ import annotations

from pathlib import Path

from bluewire.plan.git_info import current_commit
from bluewire.project import Project
from tests.conftest import commit_all


def project(tmp_path: Path) -> Project:
    tmp_path.mkdir(parents=True, exist_ok=True)
    for folder in ("inventory", "templates", "golden_configs"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x").write_text("x\n")
    commit_all(tmp_path)
    return Project(tmp_path)


def test_clean_checkout_is_not_dirty(tmp_path: Path) -> None:
    sha, dirty = current_commit(project(tmp_path))
    assert len(sha) == 40 and not dirty


def test_output_files_beside_the_inputs_do_not_count(tmp_path: Path) -> None:
    p = project(tmp_path)
    (tmp_path / "plan.json").write_text("{}")
    (tmp_path / "README").write_text("edited\n")
    assert current_commit(p)[1] is False


def test_changed_or_new_input_files_count(tmp_path: Path) -> None:
    for folder in ("inventory", "templates", "golden_configs"):
        p = project(tmp_path / f"changed-{folder}")
        (p.root / folder / "x").write_text("changed\n")
        assert current_commit(p)[1] is True, folder
        q = project(tmp_path / f"new-{folder}")
        (q.root / folder / "new.yaml").write_text("new\n")
        assert current_commit(q)[1] is True, folder


def test_outside_git_is_none_and_dirty(tmp_path: Path) -> None:
    assert current_commit(Project(tmp_path)) == ("none", True)
