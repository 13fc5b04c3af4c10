"""Software compliance: the OS a device reports against `inventory/policy/software.yaml`.

Patch management under CJIS 5.10.4.1 wants every device on a version someone approved, for a
reason on record (a vendor advisory, a change), and off it before the vendor's support ends. The
policy lists approved versions per platform (optionally per model) with that reason and date;
a device on any other version is "unapproved OS", one whose approval has ended is "expired",
and one within `warn_days` of the end gets an "approval expires in N days" note.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from bluewire.drift.model import SoftwareFinding
from bluewire.errors import InventoryError, Problem
from bluewire.inventory.yamlfile import PathKey, load_yaml, validate_model
from bluewire.platforms import Platform
from bluewire.yamltypes import Int

_VERSION_WORD = re.compile(r"\bVersion\s+([^\s,]+)", re.I)
_LEADING_ZEROS = re.compile(r"\b0+(?=\d)")
_BUILD_SUFFIX = re.compile(r"-\d{5,}\.\w+$")  # EOS internalVersion: 4.31.2F-35442176.4312F


class Approval(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    platform: Platform
    models: tuple[str, ...] = ()  # none: every model of the platform
    version: str = Field(min_length=1, pattern=r"^\S+$")
    approved_by: str = Field(min_length=1)  # the advisory or change record that approved it
    end_of_support: dt.date


class SoftwarePolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    warn_days: Annotated[Int, Field(ge=0)] = 90
    approved: tuple[Approval, ...] = ()


def load_software_policy(path: Path, shown_as: str | None = None) -> SoftwarePolicy | None:
    """The policy, None when the project has none; any problem is `file:line: what` (exit 1).
    A folder, pipe or dangling link there is an error, not "no policy" (as for compliance)."""
    if not path.exists() and not path.is_symlink():
        return None
    doc = load_yaml(path, shown_as)
    problems = list(doc.problems)
    policy = None if problems else validate_model(SoftwarePolicy, doc.data, doc, (), problems)
    if policy is not None:
        problems += _duplicates(policy, doc.file, doc.line_of)
    if problems or policy is None:
        raise InventoryError(f"{doc.file}: invalid software policy", problems)
    return policy


def _duplicates(
    policy: SoftwarePolicy, file: str, line_of: Callable[[PathKey], int]
) -> list[Problem]:
    seen: dict[tuple[str, str, str], int] = {}
    problems = []
    for i, approval in enumerate(policy.approved):
        for model in approval.models or ("*",):
            key = (approval.platform.value, model, canonical(approval.version))
            if key in seen:
                problems.append(
                    Problem(
                        file,
                        line_of(("approved", i, "version")),
                        f"{approval.platform} {model} {approval.version} is already approved "
                        f"(approved.{seen[key]})",
                        f"approved.{i}",
                    )
                )
            seen.setdefault(key, i)
    return problems


def canonical(version: str) -> str:
    """One spelling per version: the number after "Version" in a banner, no leading zeros, no
    build suffix.

    NAPALM's ios driver reports the banner ("... Software (CAT9K_IOSXE), Version 17.09.04a,
    RELEASE SOFTWARE"); IOS-XE pads components ("17.09.04a") where release notes do not; the
    eos driver reports EOS's internal version, the release plus a build number.
    """
    match = _VERSION_WORD.search(version)
    text = match[1] if match else version.strip()
    return _LEADING_ZEROS.sub("", _BUILD_SUFFIX.sub("", text))


def check_software(
    policy: SoftwarePolicy, platform: str, model: str, reported: str, today: dt.date
) -> list[SoftwareFinding]:
    """Findings for one device; none when its version is approved and not about to expire."""
    version = canonical(reported)
    applicable = [
        a for a in policy.approved if a.platform == platform and (not a.models or model in a.models)
    ]
    match = next((a for a in applicable if canonical(a.version) == version), None)
    if match is None:
        known = ", ".join(sorted({a.version for a in applicable})) or "none"
        shown = version or "(not reported)"
        text = f"unapproved OS {shown} on {platform} {model}; approved: {known}"
        return [SoftwareFinding(kind="unapproved", message=text)]
    days = (match.end_of_support - today).days
    why = f"{match.version} approved by {match.approved_by}"
    if days < 0:
        text = f"approval expired {-days} days ago ({match.end_of_support}): {why}"
        return [SoftwareFinding(kind="expired", message=text, days_left=days)]
    if days <= policy.warn_days:
        text = f"approval expires in {days} days ({match.end_of_support}): {why}"
        return [SoftwareFinding(kind="expiring", message=text, days_left=days)]
    return []
