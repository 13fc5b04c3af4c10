"""Shared fixtures: throw-away projects built from the example network or from a few YAML lines."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from bluewire.project import Project

REPO = Path(__file__).resolve().parents[1]

# CI (.ci/run) replays the same examples on every run, so a landing is never decided by a new
# random draw; developers' runs ("dev", the default) explore new examples and remember failures.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev")
# `make mutation` runs with this profile: the same examples for every mutant, so a verdict never
# depends on what Hypothesis happened to draw.
settings.register_profile("mutation", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/fixtures golden files instead of comparing (review the diff)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """`--update-golden` makes every golden test pass by rewriting what it compares against: a
    person runs it and reviews the diff; a pipeline (CI set) must never."""
    if config.getoption("--update-golden") and os.environ.get("CI"):
        raise pytest.UsageError(
            "--update-golden rewrites the golden files the tests compare against; refused "
            "because CI is set (regenerate them locally and review the diff)"
        )
    _run_as_an_operator()
    # The template code cache's signing key (bluewire.codecache) goes to a throw-away folder,
    # never to the user's ~/.cache.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="bluewire-xdg-")


def _run_as_an_operator() -> None:
    """Tests run bluewire as an engineer at a terminal, whatever runs the tests: a CI job's
    variables would make apply refuse an unprotected ref, `--device-diff` refuse, progress go
    quiet and plan try to comment on a merge request. Tests of that behaviour set the variables
    they need themselves."""
    for name in [n for n in os.environ if n in ("CI", "GITLAB_CI", "GITLAB_TOKEN")]:
        del os.environ[name]
    for name in [n for n in os.environ if n.startswith("CI_")]:
        del os.environ[name]


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def example_project(tmp_path: Path) -> Project:
    """A copy of the repository's example network (inventory, templates, golden configs)."""
    for folder in ("inventory", "templates", "golden_configs"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return Project(tmp_path)


MakeProject = Callable[..., Project]


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Build a project from YAML snippets: make_project(hosts=..., groups=..., defaults=...)."""

    def make(
        hosts: str, groups: str = "", defaults: str = "", templates: dict[str, str] | None = None
    ) -> Project:
        inv = tmp_path / "inventory"
        inv.mkdir(exist_ok=True)
        (inv / "hosts.yaml").write_text(textwrap.dedent(hosts))
        if groups:
            (inv / "groups.yaml").write_text(textwrap.dedent(groups))
        if defaults:
            (inv / "defaults.yaml").write_text(textwrap.dedent(defaults))
        for name, text in (templates or {}).items():
            path = tmp_path / "templates" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        return Project(tmp_path)

    return make


def git(root: Path, *args: str) -> None:
    """Run git in `root` with a throw-away identity (tests make their own repositories)."""
    import subprocess

    subprocess.run(
        ["git", "-c", "user.email=t@example.invalid", "-c", "user.name=t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def commit_all(root: Path, message: str = "change") -> None:
    if not (root / ".git").exists():
        git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def unwrap_unsafe(value: Any) -> Any:
    """Ansible's `{"__ansible_unsafe": text}` markers (as `ansible-inventory` prints them) as text."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {k: unwrap_unsafe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_unsafe(v) for v in value]
    return value
