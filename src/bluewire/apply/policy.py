"""The change policy (`inventory/policy/change.yaml`): what an apply needs to be approved.

ITIL change control as data, next to the compliance policy: the change-record pattern every apply
must quote, the maintenance windows (weekday/time ranges in one named time zone) per group, the
groups that always need an emergency reason (911 dispatch), and whether a Dell OS10 switch may be
left to revert by reloading itself. A host takes the windows of its most specific group that has
any (Nornir's group order: its own groups first, then their parents; `all` last), so a site can
narrow its region's window.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bluewire.errors import BluewireError, Problem
from bluewire.inventory.yamlfile import PathKey, load_yaml, validate_model
from bluewire.project import Project

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ClockTime = Annotated[str, Field(pattern=r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")]
GroupName = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


class PolicyError(BluewireError):
    """The change policy file is missing or malformed."""


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TimeRange(_Closed):
    """Weekdays and a local start/end; an end at or before the start runs past midnight."""

    days: tuple[Day, ...] = Field(min_length=1)
    start: ClockTime
    end: ClockTime

    @property
    def start_min(self) -> int:
        return _minutes(self.start)

    @property
    def end_min(self) -> int:
        return _minutes(self.end)

    @model_validator(mode="after")
    def _not_empty(self) -> TimeRange:
        if self.start_min == self.end_min % 1440 and self.end != "24:00":
            raise ValueError("start and end are equal: the window would be empty")
        return self

    def __str__(self) -> str:
        return f"{','.join(self.days)} {self.start}-{self.end}"


class Window(_Closed):
    """A named maintenance window shared by some groups (sites, regions, platforms)."""

    name: GroupName
    groups: tuple[GroupName, ...] = Field(min_length=1)
    times: tuple[TimeRange, ...] = Field(min_length=1)


class ChangePolicy(_Closed):
    change_id: re.Pattern[str]
    timezone: str
    windows: tuple[Window, ...] = ()
    emergency_groups: tuple[GroupName, ...] = ()
    os10_reload_revert: bool = False

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name)") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def windows_of(self, groups: list[str]) -> tuple[Window, ...]:
        """The windows of the first of `groups` (most specific first) that has any."""
        by_group = {g: [w for w in self.windows if g in w.groups] for g in [*groups, "all"]}
        return next((tuple(ws) for ws in by_group.values() if ws), ())


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def load_change_policy(project: Project, known_groups: set[str]) -> ChangePolicy:
    """The validated policy; every problem (bad regex, unknown zone or group, ...) as file:line."""
    path = project.change_policy
    shown = project.relative(path)
    if not path.exists() and not path.is_symlink():  # a folder, pipe or dangling link is read
        raise PolicyError(f"{shown}: missing: apply needs a change policy (see README, 'apply')")
    doc = load_yaml(path, shown)
    problems = list(doc.problems)
    policy = None if problems else validate_model(ChangePolicy, doc.data, doc, (), problems)
    if policy is not None:
        problems += _reference_problems(policy, known_groups | {"all"}, doc.line_of, shown)
    if problems or policy is None:
        raise PolicyError("bad change policy", problems)
    return policy


def _reference_problems(
    policy: ChangePolicy, known: set[str], line_of: Callable[[PathKey], int], shown: str
) -> list[Problem]:
    """Groups that do not exist, and groups given two windows (which one would apply?)."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for i, window in enumerate(policy.windows):
        for j, group in enumerate(window.groups):
            where = ("windows", i, "groups", j)
            if group not in known:
                problems.append(Problem(shown, line_of(where), f"unknown group '{group}'"))
            elif group in owner:
                text = f"group '{group}' is already in window '{owner[group]}'"
                problems.append(Problem(shown, line_of(where), text))
            owner.setdefault(group, window.name)
    for j, group in enumerate(policy.emergency_groups):
        if group not in known:
            line = line_of(("emergency_groups", j))
            problems.append(Problem(shown, line, f"unknown group '{group}'"))
    return problems
