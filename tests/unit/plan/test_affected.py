"""--changed-since: a change maps to exactly the hosts whose intended config it can touch."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bluewire.errors import BluewireError
from bluewire.inventory.load import load_inventory
from bluewire.plan.affected import affected_hosts, changed_files, template_closure
from bluewire.project import Project
from tests.conftest import commit_all, git


@pytest.fixture
def repo(example_project: Project) -> Project:
    commit_all(example_project.root, "base")
    return example_project


def affected(project: Project) -> list[str]:
    return affected_hosts(project, "HEAD", load_inventory(project, use_cache=False))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_nothing_changed(repo: Project) -> None:
    assert affected(repo) == []


def test_one_host_entry(repo: Project) -> None:
    _edit(repo.inventory_dir / "hosts.yaml", "hostname: 10.255.12.11", "hostname: 10.255.12.21")
    assert affected(repo) == ["d2-access-1"]


def test_a_group_key_reaches_its_members_only(repo: Project) -> None:
    _edit(
        repo.inventory_dir / "groups.yaml",
        '"District 5 Station, 5 Mission St"',
        '"District 5 Station, 55 Mission St"',
    )
    assert affected(repo) == ["d5-access-1"]


def test_a_defaults_key_reaches_every_host(repo: Project) -> None:
    _edit(repo.inventory_dir / "defaults.yaml", "10.250.0.54", "10.250.0.55")
    assert len(affected(repo)) == 24


def test_a_partial_reaches_every_host_whose_templates_use_it(repo: Project) -> None:
    partial = repo.templates_dir / "ios" / "_ntp.j2"
    partial.write_text(partial.read_text() + "\n")
    hosts = affected(repo)
    inv = load_inventory(repo, use_cache=False)
    assert hosts == sorted(h.name for h in inv.hosts.values() if h.platform == "ios")


def test_a_role_template_reaches_its_role_only(repo: Project) -> None:
    role = repo.templates_dir / "ios" / "core.j2"
    role.write_text(role.read_text() + "\n")
    assert affected(repo) == ["disp-core-1", "hq-core-1", "hq-core-2"]


def test_a_golden_config(repo: Project) -> None:
    golden = repo.golden_path("edge-fw-2")
    golden.write_text(golden.read_text() + "\n")
    assert affected(repo) == ["edge-fw-2"]


def test_template_graph_follows_includes_and_imports(repo: Project) -> None:
    closure = template_closure(repo.templates_dir)
    assert "ios/_vars.j2" in closure["ios/access.j2"]
    assert not any(t.startswith("eos/") for t in closure["ios/access.j2"])


def test_one_host_in_a_large_inventory_plans_one_host(tmp_path: Path) -> None:
    from bench.fleet import make_fleet

    project = make_fleet(tmp_path, 600)
    commit_all(tmp_path, "base")
    inv = load_inventory(project)
    name = sorted(inv.hosts)[345]
    _edit(project.inventory_dir / "hosts.yaml", f"{name}:\n", f"{name}:\n  port: 2222\n")
    assert affected_hosts(project, "HEAD", load_inventory(project)) == [name]


def test_a_base_missing_from_a_shallow_clone_names_git_depth(repo: Project, tmp_path: Path) -> None:
    (repo.root / "README").write_text("second\n")
    commit_all(repo.root, "second")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    base = subprocess.run(
        ["git", "rev-parse", "HEAD~1"], cwd=repo.root, capture_output=True, text=True, check=True
    ).stdout.strip()
    with pytest.raises(BluewireError) as err:
        changed_files(Project(clone), base)
    assert "GIT_DEPTH" in str(err.value) and base in str(err.value) and "b'" not in str(err.value)
    with pytest.raises(BluewireError) as err:
        changed_files(repo, "no-such-ref")
    assert "no such commit" in str(err.value) and "GIT_DEPTH" not in str(err.value)
