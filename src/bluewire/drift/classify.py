"""Tell drift from a pending change: what the pipeline last put on the device is the baseline.

The audit branch says, per host, the sanitized running config's hash right after the last
successful apply (or restore). A host whose running config differs from its golden config is
- drifted when it also differs from that baseline: someone changed the device since;
- pending when it still equals the baseline: the golden config moved on and was not applied.
With no apply recorded (a network the pipeline has not pushed to yet), last night's backup is
the baseline instead: changed since then is drift, unchanged is pending; with neither, a
difference cannot be blamed on the device, so it is pending (the issue's "no successful apply
of the current intended hash"). Volatile lines never count: every hash is of sanitized text.
"""

from __future__ import annotations

from dataclasses import dataclass

from bluewire.drift.model import Status

# device.errors.summary() texts meaning "never got a session" (the rest is a failure once in)
_UNREACHABLE = (
    "connection refused",
    "timed out connecting",
    "could not connect",
    "timed out",
    "SSH session failed",
)


@dataclass(frozen=True)
class Applied:
    """The last successful apply (or restore) of one host, as the audit branch records it."""

    running_sha256: str  # the sanitized running config right after it
    intended_sha256: str = ""  # the golden config it applied, when the record says
    change_id: str = ""
    when: str = ""  # ISO time the run finished
    command: str = "apply"

    def describe(self) -> str:
        change = self.change_id or "an unrecorded change"
        return f"{self.command} of {change}" + (f" at {self.when}" if self.when else "")


@dataclass(frozen=True)
class Verdict:
    status: Status
    reason: str


def classify(
    differs: bool,
    running_sha256: str,
    intended_sha256: str,
    applied: Applied | None,
    backed_up_sha256: str | None = None,
) -> Verdict:
    """The status of a host that was read, from its hashes, its last apply and its last backup."""
    if not differs:
        return Verdict(Status.IN_SYNC, "")
    if applied is None:
        return _without_apply(running_sha256, backed_up_sha256)
    golden_moved = bool(applied.intended_sha256) and applied.intended_sha256 != intended_sha256
    if running_sha256 != applied.running_sha256:
        also = "; the golden config changed since too" if golden_moved else ""
        return Verdict(
            Status.DRIFTED, f"changed on the device since the {applied.describe()}{also}"
        )
    if golden_moved or not applied.intended_sha256:
        return Verdict(Status.PENDING, f"golden config changed since the {applied.describe()}")
    return Verdict(Status.PENDING, f"the {applied.describe()} left this difference")


def _without_apply(running_sha256: str, backed_up_sha256: str | None) -> Verdict:
    if backed_up_sha256 is None:
        return Verdict(Status.PENDING, "differs from golden; no apply or backup to compare with")
    if running_sha256 != backed_up_sha256:
        return Verdict(
            Status.DRIFTED, "changed on the device since the last backup; no apply recorded"
        )
    return Verdict(Status.PENDING, "differs from golden as at the last backup; no apply recorded")


def failure_status(summary: str | None) -> Status:
    """A device error's status from device.errors.summary(): never connected, refused login, other."""
    if summary == "authentication failed":
        return Status.AUTH_FAILED
    if summary in _UNREACHABLE:
        return Status.UNREACHABLE
    return Status.FAILED
