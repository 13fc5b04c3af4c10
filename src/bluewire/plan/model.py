"""The plan file: what `plan` found and `apply` will do, versioned, hashed and digested.

Every output format (Markdown MR comment, JUnit, JSON, human) is a view of this one model.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from bluewire.errors import BluewireError, StalePlanError

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

    def compute_digest(self) -> str:
        payload = self.model_dump(mode="json", exclude={"digest"})
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def sealed(self) -> Plan:
        """The plan with hosts sorted and its digest filled in."""
        ordered = self.model_copy(update={"hosts": dict(sorted(self.hosts.items()))})
        return ordered.model_copy(update={"digest": ordered.compute_digest()})

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


def read_plan(path: Path) -> Plan:
    """Load a plan file; a hand-edited or damaged plan is refused."""
    try:
        plan = Plan.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BluewireError(f"{path}: not a bluewire plan file ({exc})") from None
    if plan.format_version != FORMAT_VERSION:
        raise BluewireError(f"{path}: plan format {plan.format_version}, expected {FORMAT_VERSION}")
    if plan.digest != plan.compute_digest():
        raise StalePlanError(f"{path}: digest mismatch: the plan was modified after it was made")
    return plan
