"""Is this change approved, here and now? The change policy applied to one request and one host.

Run-level problems (no or malformed change id, an emergency without a reason, CI on an unprotected
ref) stop the run before any device is touched; per-host refusals (outside the window, an
emergency-only group, an OS10 switch that would revert by reloading) are data in the report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bluewire.apply.policy import DAYS, ChangePolicy, TimeRange, Window
from bluewire.errors import BluewireError

# What a change id may contain at most, whatever the policy's pattern: it becomes part of a Junos
# commit comment and an EOS config-session name, so it can never carry quotes, spaces or newlines.
SAFE_CHANGE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,47}")
MAX_REASON = 500


@dataclass(frozen=True)
class Request:
    """What the operator asked for on the command line."""

    change_id: str | None
    emergency: bool = False
    reason: str | None = None
    allow_reload_revert: bool = False


@dataclass(frozen=True)
class HostFacts:
    """What the policy needs to know about one host."""

    name: str
    platform: str
    groups: list[str]  # expanded, most specific first


def check_request(policy: ChangePolicy, request: Request) -> None:
    """Refuse the whole run (exit 1, nothing touched) when the request itself is not approvable."""
    cid = request.change_id
    if not cid:
        raise BluewireError(f"--change-id is required (pattern {policy.change_id.pattern})")
    if not SAFE_CHANGE_ID.fullmatch(cid):
        raise BluewireError(f"--change-id {cid!r}: letters, digits, '_', '.', '-' only (max 48)")
    if not policy.change_id.fullmatch(cid):
        raise BluewireError(
            f"--change-id {cid}: does not match the policy's pattern {policy.change_id.pattern}"
        )
    if request.emergency and not (request.reason or "").strip():
        raise BluewireError("--emergency needs --reason TEXT (it is recorded in the audit trail)")
    if request.reason is not None and not request.emergency:
        raise BluewireError("--reason is only meaningful with --emergency")
    if request.reason is not None:
        _check_reason(request.reason)


def _check_reason(reason: str) -> None:
    if len(reason) > MAX_REASON:
        raise BluewireError(f"--reason: at most {MAX_REASON} characters")
    if any(ord(c) < 32 or ord(c) == 127 for c in reason):
        raise BluewireError("--reason: control characters (newlines, tabs, ...) are not allowed")


def ci_refusal(environ: Mapping[str, str]) -> str | None:
    """In GitLab CI, apply runs only on a protected ref (where the push credentials live)."""
    if environ.get("GITLAB_CI") != "true" and environ.get("CI") != "true":
        return None
    if environ.get("CI_COMMIT_REF_PROTECTED") == "true":
        return None
    ref = environ.get("CI_COMMIT_REF_NAME", "this ref")
    return f"apply runs in CI only on a protected ref; {ref} is not protected"


def host_refusal(
    policy: ChangePolicy, host: HostFacts, request: Request, now: dt.datetime
) -> str | None:
    """Why `host` may not be changed now, or None when it may."""
    if host.platform == "dellos10" and not (
        request.allow_reload_revert or policy.os10_reload_revert
    ):
        return (
            "Dell OS10 has no commit-confirm: bluewire's driver arms `reload in N`, so a failed "
            "change reverts by rebooting the switch; pass --allow-reload-revert (or allow it in "
            "the change policy)"
        )
    if request.emergency:
        return None
    emergency = [g for g in host.groups if g in policy.emergency_groups]
    if emergency:
        return f"group {emergency[0]} always needs --emergency --reason (change policy)"
    windows = policy.windows_of(host.groups)
    if not windows:
        return "no maintenance window covers this host (change policy); --emergency --reason"
    local = now.astimezone(policy.zone)
    if any(open_at(w, local) for w in windows):
        return None
    names = "; ".join(_describe(w, policy.timezone) for w in windows)
    return f"outside the maintenance window ({names}); --emergency --reason to override"


def open_at(window: Window, local: dt.datetime) -> bool:
    """Whether any of the window's ranges holds the local wall-clock time `local`."""
    return any(_in_range(r, local) for r in window.times)


def _in_range(span: TimeRange, local: dt.datetime) -> bool:
    minute = local.hour * 60 + local.minute
    today = DAYS[local.weekday()]
    yesterday = DAYS[(local.weekday() - 1) % 7]
    start, end = span.start_min, span.end_min
    if start < end:  # same day
        return today in span.days and start <= minute < end
    # past midnight: from start on the listed day, until end on the next day
    return (today in span.days and minute >= start) or (yesterday in span.days and minute < end)


def _describe(window: Window, zone: str) -> str:
    return f"'{window.name}' {', '.join(str(t) for t in window.times)} {zone}"
