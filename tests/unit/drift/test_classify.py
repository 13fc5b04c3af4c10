"""Drifted vs pending vs in sync, from the hashes and the last apply; device errors by kind."""

from __future__ import annotations

import pytest

from bluewire.device.errors import summary
from bluewire.drift.classify import Applied, classify, failure_status
from bluewire.drift.model import Status

RUN, GOLD, OLD_RUN, OLD_GOLD = "r" * 64, "g" * 64, "o" * 64, "p" * 64


@pytest.mark.parametrize(
    ("differs", "running", "applied", "status", "needle"),
    [
        # running matches golden: in sync, whatever the history says
        (False, RUN, None, Status.IN_SYNC, ""),
        (False, RUN, Applied(OLD_RUN, OLD_GOLD), Status.IN_SYNC, ""),
        # never applied through the pipeline, and no committed golden config explains it
        (True, RUN, None, Status.DRIFTED, "runs no committed version of its golden config"),
        # current golden applied, device changed since: drift
        (
            True,
            RUN,
            Applied(OLD_RUN, GOLD, "CHG1", "2026-11-01T02:00:00+00:00"),
            Status.DRIFTED,
            "changed on the device since the apply of CHG1 at 2026-11-01T02:00:00+00:00",
        ),
        # golden moved on, device as the pipeline left it: pending
        (
            True,
            OLD_RUN,
            Applied(OLD_RUN, OLD_GOLD, "CHG1"),
            Status.PENDING,
            "golden config changed since the apply of CHG1",
        ),
        # golden moved on and the device changed too: drift wins, pending mentioned
        (
            True,
            RUN,
            Applied(OLD_RUN, OLD_GOLD, "CHG1"),
            Status.DRIFTED,
            "; the golden config changed since too",
        ),
        # the record does not carry the golden hash: the device's state decides
        (True, OLD_RUN, Applied(OLD_RUN), Status.PENDING, "golden config changed since"),
        (True, RUN, Applied(OLD_RUN), Status.DRIFTED, "changed on the device"),
        # a restore put an old config back: pending until the golden one is applied again
        (True, OLD_RUN, Applied(OLD_RUN, command="restore"), Status.PENDING, "restore of"),
        # the current golden applied and the device unchanged, yet a difference remains
        (True, OLD_RUN, Applied(OLD_RUN, GOLD, "CHG2"), Status.PENDING, "left this difference"),
    ],
)
def test_classify(
    differs: bool, running: str, applied: Applied | None, status: Status, needle: str
) -> None:
    verdict = classify(differs, running, GOLD, applied)
    assert verdict.status is status
    assert needle in verdict.reason
    assert bool(verdict.reason) == differs


def test_without_an_apply_the_golden_history_decides() -> None:
    pending = classify(True, RUN, GOLD, None, "commit 0123abcd of 2026-11-20")
    assert pending.status is Status.PENDING
    assert (
        pending.reason
        == "runs the golden config of commit 0123abcd of 2026-11-20; not applied since"
    )
    assert classify(False, RUN, GOLD, None, "commit x").status is Status.IN_SYNC


def test_an_apply_outranks_the_golden_history() -> None:
    """The audit record is what the pipeline did; history only stands in when there is none."""
    assert classify(True, RUN, GOLD, Applied(OLD_RUN, GOLD), "commit x").status is Status.DRIFTED
    assert classify(True, RUN, GOLD, Applied(RUN, OLD_GOLD), None).status is Status.PENDING


class NetmikoAuthenticationException(Exception):
    """Named as netmiko's; device.errors matches library exceptions by class name."""


class NetmikoTimeoutException(Exception):
    pass


class ConnectionException(Exception):
    pass


class ReadTimeout(Exception):
    pass


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (NetmikoAuthenticationException("Authentication to device failed."), Status.AUTH_FAILED),
        (ConnectionRefusedError(111, "Connection refused"), Status.UNREACHABLE),
        (NetmikoTimeoutException("TCP connection to device failed."), Status.UNREACHABLE),
        (ConnectionException("Cannot connect to 127.0.0.1"), Status.UNREACHABLE),
        (TimeoutError("timed out"), Status.UNREACHABLE),
        (ReadTimeout("Pattern not detected"), Status.FAILED),
        (KeyError("running"), Status.FAILED),
    ],
)
def test_failure_status_follows_device_errors(exc: BaseException, status: Status) -> None:
    assert failure_status(summary(exc)) is status
