"""Rule, profile and policy models: frozen pydantic data, so platform evidence is data, not code.

A rule holds, per platform, the checks whose evidence proves it; a check is one of a few kinds the
engine knows how to evaluate on a parsed config tree (see engine.py). Regexes are compiled once,
when the rule file is validated.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from bluewire.platforms import Platform
from bluewire.yamltypes import Int

Severity = Literal["high", "medium", "low"]
SEVERITY_RANK: dict[str, int] = {"low": 1, "medium": 2, "high": 3}
Regex = re.Pattern[str]
# A threshold is a literal number or the name of a profile parameter.
Threshold = float | Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
InterfaceRole = Literal[
    "user", "camera", "uplink", "server", "unused", "routed", "peer", "mgmt", "wan", "trunk"
]


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Scoped(Frozen):
    within: tuple[Regex, ...] = ()  # path of regexes from the root to the scope block(s)
    when_roles: tuple[InterfaceRole, ...] = ()  # applies only if the host has such interfaces
    note: str = ""  # why this evidence proves the rule (shown with a violation)


class Required(_Scoped):
    """A line matching `match` exists in a scope (in every scope with `each`)."""

    kind: Literal["required"]
    match: Regex
    contains: tuple[Regex, ...] = ()  # the matching line's text must also match each of these
    each: bool = False
    anywhere: bool = False  # search every descendant of the scope, not only its children


class Forbidden(_Scoped):
    """No line matching `match` exists in any scope."""

    kind: Literal["forbidden"]
    match: Regex
    anywhere: bool = False


class Children(_Scoped):
    """Every block selected by `select` (and interface role) has a child matching `match`."""

    kind: Literal["children"]
    select: Regex  # a `name` group maps the block to an inventory interface
    match: Regex
    roles: tuple[InterfaceRole, ...] = ()
    only_if: Regex | None = None  # select only blocks having a child matching this
    unless: Regex | None = None  # skip blocks having a child matching this
    forbid: bool = False  # the child must be absent instead


class Count(_Scoped):
    """The number of lines matching `match` is within [min, max]."""

    kind: Literal["count"]
    match: Regex
    min: Threshold | None = None
    max: Threshold | None = None
    anywhere: bool = False


class Compare(_Scoped):
    """The number captured by `match` (group `value`) compares with a threshold in every scope."""

    kind: Literal["compare"]
    match: Regex
    op: Literal["le", "lt", "ge", "gt", "eq"]
    value: Threshold
    divisor: float = 1.0  # e.g. 60 when the platform counts seconds and the parameter minutes
    zero_is_infinite: bool = False  # `exec-timeout 0 0` means never
    absent: Literal["pass", "fail"] = "fail"  # absent means the platform default applies
    absent_note: str = ""


Check = Annotated[Required | Forbidden | Children | Count | Compare, Field(discriminator="kind")]


class StigRef(Frozen):
    vuln: Annotated[str, Field(pattern=r"^V-\d+$")]
    rule: Annotated[str, Field(pattern=r"^SV-\d+r\d+_rule$")]


class References(Frozen):
    cjis: tuple[str, ...] = ()
    nist: tuple[str, ...] = ()
    stig: dict[Platform, tuple[StigRef, ...]] = Field(default_factory=dict)


class Rule(Frozen):
    id: Annotated[str, Field(pattern=r"^SEC-[A-Z0-9-]+$")]
    title: str
    severity: Severity
    references: References
    manual: bool = False  # not checkable from config text: always reported for a human
    manual_note: str = ""
    platforms: dict[Platform, tuple[Check, ...]] = Field(default_factory=dict)


class Profile(Frozen):
    description: str = ""
    extends: str | None = None
    rules: tuple[str, ...] | Literal["all"] = "all"
    exclude: tuple[str, ...] = ()
    # A value is a number or {platform: number, default: number}.
    parameters: dict[str, float | dict[str, float]] = Field(default_factory=dict)


class Waiver(Frozen):
    rule: str
    hosts: Annotated[tuple[str, ...], Field(min_length=1)]
    justification: Annotated[str, Field(min_length=10)]
    approver: Annotated[str, Field(min_length=3)]
    expires: dt.date
    ticket: str = ""

    def covers(self, rule: str, host: str) -> bool:
        return self.rule == rule and (host in self.hosts or "all" in self.hosts)

    def expired(self, today: dt.date) -> bool:
        return today > self.expires


class Policy(Frozen):
    """The site's policy file: which profile, parameter overrides, own profiles, waivers."""

    profile: str = "cjis"
    parameters: dict[str, dict[str, float | dict[str, float]]] = Field(default_factory=dict)
    profiles: dict[str, Profile] = Field(default_factory=dict)
    waivers: tuple[Waiver, ...] = ()
    # An exception is reviewed at least this often: a waiver may not expire further ahead.
    waiver_max_days: Annotated[Int, Field(ge=1, le=3 * 366)] = 366
