"""Post the plan as the merge request's comment, editing bluewire's previous note in place."""

from __future__ import annotations

import os
from collections.abc import Mapping

import gitlab

from bluewire.errors import BluewireError

REQUIRED = ("GITLAB_TOKEN", "CI_SERVER_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID")


def merge_request_context(env: Mapping[str, str] | None = None) -> dict[str, str] | None:
    """The CI variables needed to comment, or None when not in a merge-request pipeline."""
    env = os.environ if env is None else env
    if not all(env.get(k) for k in REQUIRED):
        return None
    return {k: env[k] for k in REQUIRED}


def upsert_note(context: Mapping[str, str], body: str, marker: str) -> str:
    """Edit the note that carries `marker`, or create one; returns "updated" or "created"."""
    client = gitlab.Gitlab(
        context["CI_SERVER_URL"], private_token=context["GITLAB_TOKEN"], timeout=30
    )
    try:
        project = client.projects.get(context["CI_PROJECT_ID"], lazy=True)
        mr = project.mergerequests.get(context["CI_MERGE_REQUEST_IID"], lazy=True)
        for note in mr.notes.list(iterator=True, sort="asc"):
            if marker in (note.body or ""):
                note.body = body
                note.save()
                return "updated"
        mr.notes.create({"body": body})
        return "created"
    except gitlab.GitlabError as exc:
        raise BluewireError(f"could not post the plan to the merge request: {exc}") from None
