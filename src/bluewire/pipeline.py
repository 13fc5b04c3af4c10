"""Where bluewire runs, as far as secrets are concerned: a CI job on a protected ref, any other CI
job, or a person's machine.

GitLab shows protected variables (push credentials, BLUEWIRE_SECRET_*, BLUEWIRE_PLAN_KEY) only to
pipelines of protected refs, and sets CI=true and CI_COMMIT_REF_PROTECTED=true|false in every job.
A merge-request pipeline runs code anyone who can push a branch wrote, so anything that needs a
push secret is refused there even if a secret were (mis)configured as an unprotected variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from bluewire.errors import BluewireError


def in_ci(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get("CI", "").lower() in ("true", "1", "yes") or "GITLAB_CI" in env


def on_protected_ref(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get("CI_COMMIT_REF_PROTECTED", "").lower() == "true"


def require_push_context(what: str, environ: Mapping[str, str] | None = None) -> None:
    """Refuse `what` (it needs push secrets) in a CI job that is not on a protected ref."""
    if in_ci(environ) and not on_protected_ref(environ):
        raise BluewireError(
            f"{what} needs the push secrets and is refused in a CI job on an unprotected ref "
            "(CI_COMMIT_REF_PROTECTED is not true): merge-request pipelines stay read-only. "
            "Run it on a protected branch, or on your machine outside CI"
        )
