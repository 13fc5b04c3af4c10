"""The plan file: what `plan` found and `apply` will do, versioned, hashed and digested.

Every output format (Markdown MR comment, JUnit, JSON, human) is a view of this one model.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from bluewire.errors import BluewireError, SecretError, StalePlanError
from bluewire.project import read_regular

FORMAT_VERSION = 1


class Risk(StrEnum):
    MGMT_LOCKOUT = "management-plane-lockout"
    ROUTING = "routing-adjacency"
    HA_PAIR = "both-ha-members"
    LARGE = "large-change"


class HostPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    platform: str
    mode: str = "replace"  # replace | merge
    intended_sha256: str = ""
    running_sha256: str = ""
    device_diff: str = ""
    diff: str = ""
    remediation: list[str] = []
    rollback: list[str] = []
    risks: list[Risk] = []
    risk_evidence: dict[str, list[str]] = {}
    compliance: list[str] = []
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.error is None and bool(self.remediation or self.device_diff.strip())


class Plan(BaseModel):
    model_config = ConfigDict(frozen=True)

    format_version: int = FORMAT_VERSION
    commit: str
    dirty: bool = False
    target: str = "devices"  # devices | lab
    hosts: dict[str, HostPlan] = {}
    digest: str = ""

    def compute_digest(self, key: bytes | None = None) -> str:
        """SHA-256 of everything but the digest; with `key`, an HMAC-SHA256 (`hmac-sha256:...`)
        that only a holder of the key can make, so an edited plan cannot be re-digested."""
        payload = self.model_dump(mode="json", exclude={"digest"})
        text = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
        if key is not None:
            return HMAC_PREFIX + hmac.new(key, text, hashlib.sha256).hexdigest()
        return hashlib.sha256(text).hexdigest()

    def sealed(self, key: bytes | None = None) -> Plan:
        """The plan with hosts sorted and its digest filled in (signed when `key` is given)."""
        ordered = self.model_copy(update={"hosts": dict(sorted(self.hosts.items()))})
        return ordered.model_copy(update={"digest": ordered.compute_digest(key)})

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"

    @property
    def changed_hosts(self) -> list[str]:
        return [h for h, p in self.hosts.items() if p.changed]

    @property
    def failed_hosts(self) -> list[str]:
        return [h for h, p in self.hosts.items() if p.error is not None]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


PLAN_KEY_ENV = "BLUEWIRE_PLAN_KEY"
PLAN_KEY_MIN = 32
HMAC_PREFIX = "hmac-sha256:"


def plan_key(environ: Mapping[str, str] | None = None) -> bytes | None:
    """The plan-signing key from BLUEWIRE_PLAN_KEY (a protected CI variable), or None."""
    value = (os.environ if environ is None else environ).get(PLAN_KEY_ENV, "")
    if not value:
        return None
    if len(value) < PLAN_KEY_MIN:
        raise SecretError(
            f"{PLAN_KEY_ENV}: shorter than {PLAN_KEY_MIN} characters; use a random key "
            "(e.g. `openssl rand -hex 32`)"
        )
    return value.encode()


def verify_plan(plan: Plan, key: bytes | None, source: str = "plan") -> None:
    """Refuse a plan whose digest does not prove it unchanged since `plan` made it.

    With a key (BLUEWIRE_PLAN_KEY set, as on a protected pipeline) only an HMAC made with that
    key passes: an unsigned plan is refused, since anyone can recompute a plain SHA-256 after
    editing a remediation line. Apply calls this before it trusts anything in a plan file.
    """
    if key is not None and not plan.digest.startswith(HMAC_PREFIX):
        raise StalePlanError(
            f"{source}: the plan is not signed but {PLAN_KEY_ENV} is set: make the plan where "
            "the key is (the protected pipeline), not in a merge request"
        )
    if key is None and plan.digest.startswith(HMAC_PREFIX):
        raise StalePlanError(f"{source}: the plan is signed; set {PLAN_KEY_ENV} to verify it")
    if not hmac.compare_digest(plan.digest, plan.compute_digest(key)):
        raise StalePlanError(
            f"{source}: digest mismatch: the plan was modified after it was made"
            + (" (or signed with another key)" if key is not None else "")
        )


def _plan_text(path: Path) -> tuple[str, object]:
    """A plan file's text and JSON, or `file:line: what is wrong` (a pipe is refused)."""
    try:
        text = read_regular(path).decode("utf-8")
    except OSError as exc:
        raise BluewireError(f"{path}: cannot read the plan: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise BluewireError(f"{path}:{line}: not a plan: not UTF-8 text") from None
    try:
        return text, json.loads(text)
    except json.JSONDecodeError as exc:
        raise BluewireError(f"{path}:{exc.lineno}: not a plan: invalid JSON ({exc.msg})") from None


def read_plan(path: Path, environ: Mapping[str, str] | None = None) -> Plan:
    """Load a plan file and verify its digest (keyed by BLUEWIRE_PLAN_KEY when it is set)."""
    text, data = _plan_text(path)
    if not isinstance(data, dict) or "format_version" not in data:
        raise BluewireError(f"{path}:1: not a plan: no format_version (make one with `plan --out`)")
    if data["format_version"] != FORMAT_VERSION:
        raise BluewireError(
            f"{path}: plan format {data['format_version']}, expected {FORMAT_VERSION}"
        )
    try:
        plan = Plan.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise BluewireError(f"{path}: not a plan: {where}: {first['msg']}") from None
    verify_plan(plan, plan_key(environ), str(path))
    return plan
