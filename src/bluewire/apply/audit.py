"""The audit record: one sanitized JSON document per apply/restore run (CJIS 5.4 audit events).

Who ran it (the CI user and job, or the local git identity), the change id, plan digest, commit,
emergency reason and, per host, outcome, device diff, timings and confirm/rollback: the ApplyReport
plus the identity. It is committed to the `audit` branch and kept as a CI artifact; drift reads it
to tell a change still pending from drift. Every string passes a last secret filter on the way out
(the report is already sanitized; this catches a secret value that slipped into free text).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from bluewire.apply.result import ApplyReport
from bluewire.sanitize import leaked
from bluewire.secrets import mask_values

FORMAT_VERSION = 1
KIND = "bluewire-audit"
CONFIG_TEXT = frozenset({"device_diff"})


class Identity(BaseModel):
    model_config = ConfigDict(frozen=True)

    user: str
    email: str = ""
    source: str = "local"  # local | ci
    job: str = ""  # the CI job URL
    pipeline: str = ""


class AuditRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    format_version: int = FORMAT_VERSION
    kind: str = KIND
    who: Identity
    report: ApplyReport


def identity(environ: Mapping[str, str], git_name: str = "", git_email: str = "") -> Identity:
    """GitLab's user and job in CI; the git identity (then the OS user) on a laptop."""
    if environ.get("GITLAB_CI") == "true":
        return Identity(
            user=environ.get("GITLAB_USER_LOGIN") or environ.get("GITLAB_USER_NAME") or "ci",
            email=environ.get("GITLAB_USER_EMAIL", ""),
            source="ci",
            job=environ.get("CI_JOB_URL", ""),
            pipeline=environ.get("CI_PIPELINE_URL", ""),
        )
    user = git_name or environ.get("USER") or environ.get("LOGNAME") or "unknown"
    return Identity(user=user, email=git_email)


def record_path(report: ApplyReport) -> str:
    """Where the record lives on the audit branch: by day, then time, change id and command."""
    when = report.started.astimezone(dt.UTC) if report.started else None
    day = when.strftime("%Y/%m/%d") if when else "undated"
    stamp = when.strftime("%Y%m%dT%H%M%S.%fZ") if when else "undated"
    return f"audit/{day}/{stamp}-{report.change_id or 'no-change-id'}-{report.command}.json"


def to_json(record: AuditRecord, secret_values: list[str]) -> str:
    """The record as JSON, every string masked against the known secret values."""
    data = _masked(record.model_dump(mode="json"), secret_values)
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def _masked(value: Any, secrets: list[str]) -> Any:
    """Free text masked by value. Config text (device diffs) is masked by position already;
    masking it by value too would corrupt it (a secret `10` hides `vlan 10`), so that happens
    only when a secret value is found in it anyway: a leak beats a readable diff."""
    if isinstance(value, str):
        return mask_values(value, secrets)
    if isinstance(value, dict):
        return {
            k: _config_text(v, secrets) if k in CONFIG_TEXT else _masked(v, secrets)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_masked(v, secrets) for v in value]
    return value


def _config_text(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str) and leaked(value, secrets):
        return mask_values(value, secrets)
    return value


def read_record(text: str) -> AuditRecord:
    return AuditRecord.model_validate_json(text)
