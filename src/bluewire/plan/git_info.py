"""The commit a plan is made from (apply refuses a plan made from another commit)."""

from __future__ import annotations

import git

from bluewire.project import Project


def current_commit(project: Project) -> tuple[str, bool]:
    """(commit sha, whether the working tree has uncommitted changes); ("none", True) outside git."""
    try:
        repo = git.Repo(project.root, search_parent_directories=True)
        return repo.head.commit.hexsha, repo.is_dirty(untracked_files=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return "none", True
