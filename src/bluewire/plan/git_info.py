"""The commit a plan is made from (apply refuses a plan made from another commit)."""

from __future__ import annotations

from pathlib import Path

import git

from bluewire.project import Project


def current_commit(project: Project) -> tuple[str, bool]:
    """(commit sha, whether the inputs differ from it); ("none", True) outside git.

    Only what rendering reads counts (inventory/, templates/, golden_configs/, tracked or not):
    a plan.json or a report written next to them does not make the commit a different one.
    """
    try:
        repo = git.Repo(project.root, search_parent_directories=True)
        top = Path(repo.working_tree_dir or project.root).resolve()
        folders = [project.inventory_dir, project.templates_dir, project.golden_dir]
        paths = [p.resolve().relative_to(top).as_posix() for p in folders]
        dirty = any(repo.is_dirty(untracked_files=True, path=p) for p in paths)
        return repo.head.commit.hexsha, dirty
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return "none", True


def commits_behind(project: Project, target_branch: str) -> int | None:
    """Commits on `target_branch` (its remote-tracking ref) that HEAD lacks; None if unknown."""
    try:
        repo = git.Repo(project.root, search_parent_directories=True)
        for ref in (f"origin/{target_branch}", target_branch):
            try:
                return int(repo.git.rev_list("--count", f"HEAD..{ref}"))
            except git.GitCommandError:
                continue
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        pass
    return None
