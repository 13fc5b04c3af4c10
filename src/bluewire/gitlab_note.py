"""Post the plan as a merge-request comment the way reviewers expect from Atlantis.

A plan that changed since bluewire's last comment is posted as a NEW note (GitLab notifies
the reviewers) and every earlier bluewire plan note is folded: its text moves under a closed
<details> headed "superseded", so the history stays but the thread reads short. GitLab's REST
API has no "minimize comment", so folding is an edit (Atlantis' hide-previous-plan-comments
does the same on GitLab). A push whose plan is unchanged refreshes the latest note in place,
without a notification.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

import gitlab

from bluewire.errors import BluewireError

REQUIRED = ("GITLAB_TOKEN", "CI_SERVER_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID")
SUPERSEDED = "<!-- bluewire-plan-superseded -->"
_KEY = re.compile(r"<!-- bluewire-plan-key: (\w+) -->")


def merge_request_context(env: Mapping[str, str] | None = None) -> dict[str, str] | None:
    """The CI variables needed to comment, or None when not in a merge-request pipeline."""
    env = os.environ if env is None else env
    if not all(env.get(k) for k in REQUIRED):
        return None
    return {k: env[k] for k in REQUIRED}


def _key(body: str) -> str | None:
    match = _KEY.search(body or "")
    return match[1] if match else None


def fold(body: str, marker: str) -> str:
    """An earlier plan note, collapsed under "superseded" (no longer carrying `marker`)."""
    old = "\n".join(line for line in body.split("\n") if marker not in line)
    return (
        f"{SUPERSEDED}\n**Superseded** by a newer bluewire plan below.\n\n"
        f"<details><summary>Previous plan</summary>\n\n{old.strip()}\n\n</details>\n"
    )


def _merge_request(context: Mapping[str, str]) -> Any:
    client = gitlab.Gitlab(
        context["CI_SERVER_URL"], private_token=context["GITLAB_TOKEN"], timeout=30
    )
    project = client.projects.get(context["CI_PROJECT_ID"], lazy=True)
    return project.mergerequests.get(context["CI_MERGE_REQUEST_IID"], lazy=True)


def publish_note(context: Mapping[str, str], body: str, marker: str) -> str:
    """Post `body` as the MR's plan note; what was done, for the job log."""
    try:
        mr = _merge_request(context)
        ours = [n for n in mr.notes.list(iterator=True, sort="asc") if marker in (n.body or "")]
        key = _key(body)
        if ours and key is not None and _key(ours[-1].body) == key:
            ours[-1].body = body
            ours[-1].save()
            return "refreshed in place (the plan did not change)"
        mr.notes.create({"body": body})
        for note in ours:
            note.body = fold(note.body, marker)
            note.save()
    except gitlab.GitlabError as exc:
        raise BluewireError(f"could not post the plan to the merge request: {exc}") from None
    return "posted" + (f"; {len(ours)} earlier plan comment(s) folded" if ours else "")
