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
