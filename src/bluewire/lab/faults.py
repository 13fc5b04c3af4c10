"""Injected faults: one documented meaning per fault, the same on every platform, validated input.

`bluewire lab fault HOST KIND [VALUE]`, the daemon's control API and the tests all go through
`parse_fault` (bad input is refused with a message that says what is expected) and then
`Device.set_fault`. Times are lab seconds (the lab clock's scale applies).

A *step* is a point every front reaches in the same situation:
`login` a session opens; `load` a candidate is loaded (an upload, a config session's lines, a
NETCONF load, an OS10 transaction); `commit` a change is committed; `confirm` a pending commit
is confirmed; `rollback` a rollback starts (OS10 has no rollback command: its rollbacks are
commits).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

STEPS = ("login", "load", "commit", "confirm", "rollback")
ValueKind = Literal["flag", "seconds", "step", "text", "target"]


@dataclass
class Faults:
    """The faults one device has now (all off by default)."""

    latency_s: float = 0.0
    refuse_login: bool = False
    unreachable: bool = False
    drop_at: str | None = None
    reject_commit: str | None = None
    slow_commit_s: float = 0.0
    forget_confirm: bool = False
    failing_check: str | None = None  # "" or "*": everything; else a port name or peer address


@dataclass(frozen=True)
class FaultKind:
    """One fault as `lab fault` takes it: its attribute, what value it needs, what it means."""

    attr: str
    value: ValueKind
    meaning: str
    default: str | None = None  # the value when none is given (None: a value is required)


KINDS: dict[str, FaultKind] = {
    "latency": FaultKind(
        "latency_s",
        "seconds",
        "a network round trip of SECONDS, once per exchange the client waits for: each SSH CLI "
        "line, login or file copy, each NETCONF RPC, each eAPI request (however many commands "
        "it carries)",
    ),
    "refuse-login": FaultKind("refuse_login", "flag", "logins fail (wrong credentials)"),
    "unreachable": FaultKind(
        "unreachable",
        "flag",
        "the device is gone: new connections are closed, open sessions are cut, its links and "
        "BGP sessions go down on the neighbours",
    ),
    "drop-at": FaultKind(
        "drop_at",
        "step",
        f"the session is cut without a reply when it reaches STEP ({', '.join(STEPS)})",
    ),
    "reject-commit": FaultKind(
        "reject_commit",
        "text",
        "every commit fails with MESSAGE and changes nothing",
        default="commit rejected",
    ),
    "slow-commit": FaultKind(
        "slow_commit_s",
        "seconds",
        "every commit takes SECONDS; other sessions keep getting answers meanwhile",
    ),
    "forget-confirm": FaultKind(
        "forget_confirm",
        "flag",
        "a confirm is acknowledged but lost: the commit stays pending and its revert timer fires",
    ),
    "failing-check": FaultKind(
        "failing_check",
        "target",
        "after the next commit, TARGET (an interface name or BGP neighbour address; default: "
        "every interface and BGP session) is reported down by the getters, until that change "
        "is undone",
        default="*",
    ),
}


class FaultError(ValueError):
    """A fault request that cannot be applied; the message says what is expected."""


def parse_fault(kind: str, value: str | None) -> bool | float | str:
    """The attribute value for `kind` given `value`; FaultError says what is wrong."""
    spec = KINDS.get(kind)
    if spec is None:
        raise FaultError(f"unknown fault {kind!r} (known: {', '.join(KINDS)}, clear)")
    if value is None or value == "":
        if spec.value == "flag":
            return True
        if spec.default is None:
            raise FaultError(f"{kind} needs a value: {_expected(spec)}")
        value = spec.default
    if spec.value == "flag":
        raise FaultError(f"{kind} takes no value (got {value!r})")
    if spec.value == "seconds":
        return _seconds(kind, value)
    if spec.value == "step" and value not in STEPS:
        raise FaultError(f"{kind}: unknown step {value!r} (steps: {', '.join(STEPS)})")
    return value


def _seconds(kind: str, value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise FaultError(f"{kind}: expected {_expected(KINDS[kind])}, got {value!r}")
    return seconds


def _expected(spec: FaultKind) -> str:
    return {
        "flag": "no value",
        "seconds": "a finite number of lab seconds >= 0 (e.g. 5)",
        "step": f"a step ({', '.join(STEPS)})",
        "text": "a message",
        "target": "an interface name or a BGP neighbour address",
    }[spec.value]


def describe() -> str:
    """One line per fault, for `bluewire lab --help` and the README."""
    rows = []
    for name, spec in KINDS.items():
        arg = {"flag": "", "seconds": " SECONDS", "step": " STEP"}.get(spec.value, "")
        arg = arg or (" [MESSAGE]" if spec.value == "text" else " [TARGET]")
        rows.append(f"  {name + arg:<26} {spec.meaning}")
    return "\n".join(rows)
