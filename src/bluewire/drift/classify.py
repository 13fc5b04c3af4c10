"""Tell drift from a pending change: what the pipeline last put on the device is the baseline.

The audit branch says, per host, the sanitized running config's hash right after the last
successful apply (or restore). A host whose running config differs from its golden config is
- drifted when it also differs from that baseline: someone changed the device since;
- pending when it still equals the baseline: the golden config moved on and was not applied.
With no apply recorded (a network the pipeline has not pushed to yet), the repository's own
history decides: a device that runs an earlier committed version of its golden config is
pending (merged, not applied); one that runs no version the repository ever had was changed
outside the pipeline: drifted. Volatile lines never count: every hash is of sanitized text.
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
    earlier_golden: str | None = None,
) -> Verdict:
    """The status of a host that was read.

    `earlier_golden` names the earlier committed golden config the device runs ("commit X of
    DATE"), None when it runs none; it is consulted only when no apply is recorded.
    """
    if not differs:
        return Verdict(Status.IN_SYNC, "")
    if applied is None:
        if earlier_golden is not None:
            return Verdict(
                Status.PENDING, f"runs the golden config of {earlier_golden}; not applied since"
            )
        return Verdict(
            Status.DRIFTED, "runs no committed version of its golden config; no apply recorded"
        )
    golden_moved = bool(applied.intended_sha256) and applied.intended_sha256 != intended_sha256
    if running_sha256 != applied.running_sha256:
        also = "; the golden config changed since too" if golden_moved else ""
        return Verdict(
            Status.DRIFTED, f"changed on the device since the {applied.describe()}{also}"
        )
    if golden_moved or not applied.intended_sha256:
        return Verdict(Status.PENDING, f"golden config changed since the {applied.describe()}")
    return Verdict(Status.PENDING, f"the {applied.describe()} left this difference")


def failure_status(summary: str | None) -> Status:
    """A device error's status from device.errors.summary(): never connected, refused login, other."""
    if summary == "authentication failed":
        return Status.AUTH_FAILED
    if summary in _UNREACHABLE:
        return Status.UNREACHABLE
    return Status.FAILED
