"""Every fault, on every platform, as the platform's real NAPALM driver sees it.

Each fault has one meaning (bluewire.lab.faults.KINDS); these tests hold every front to it. They
wait on conditions, never on fixed sleeps, and measure only lower bounds of time.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from ncclient.transport import session as nc_session

from bluewire.lab.device import Device
from bluewire.lab.faults import FaultError, parse_fault
from bluewire.lab.fleet import Front
from tests.lab.conformance import wait_for
from tests.lab.conftest import LAB_SCALE, StartDevice
from tests.lab.targets import PLATFORMS, TARGETS, Target

pytestmark = pytest.mark.lab


@pytest.fixture(autouse=True)
def fast_ncclient(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nc_session, "TICK", 0.005)


@pytest.fixture(params=PLATFORMS)
def dut(
    request: pytest.FixtureRequest, start_lab_device: StartDevice
) -> tuple[Target, Device, Front]:
    target = TARGETS[request.param]
    device, front = start_lab_device(target.spec())
    return target, device, front


@pytest.fixture
def driver(dut: tuple[Target, Device, Front]) -> Iterator[Any]:
    target, device, front = dut
    drv = target.driver(device, front.port)
    yield drv
    with contextlib.suppress(Exception):  # the fault under test may have killed its session
        drv.close()


def commit_merge(target: Target, drv: Any, revert_in: int | None = None) -> None:
    drv.load_merge_candidate(config=target.merge)
    drv.commit_config(revert_in=revert_in)


# ------------------------------------------------------------------ one test per fault
def test_latency_delays_every_answer(dut: tuple[Target, Device, Front], driver: Any) -> None:
    _, device, _ = dut
    device.set_fault("latency", "6")  # lab seconds: 0.1 s at the test scale, per exchange
    started = time.monotonic()
    assert driver.get_facts()["hostname"]
    assert time.monotonic() - started >= 6 / LAB_SCALE


def test_refuse_login(dut: tuple[Target, Device, Front]) -> None:
    target, device, front = dut
    device.set_fault("refuse-login", None)
    with pytest.raises(Exception):  # noqa: B017 - each driver has its own auth error
        target.driver(device, front.port)
    assert any(w.kind == "login" for w in device.wire), "the login never reached the device"


def test_unreachable_refuses_new_and_cuts_open_sessions(
    dut: tuple[Target, Device, Front], driver: Any
) -> None:
    target, device, front = dut
    before = device.running
    device.set_fault("unreachable", None)
    assert device.sessions == {}, "open sessions must be cut"
    with pytest.raises(Exception):  # noqa: B017 - the open session is dead
        commit_merge(target, driver)
    assert device.running == before
    with pytest.raises(Exception):  # noqa: B017 - and no new one is accepted
        target.driver(device, front.port, timeout=3)
    device.set_fault("clear", None)
    target.driver(device, front.port).close()


def test_drop_at_commit_cuts_the_session_and_changes_nothing(
    dut: tuple[Target, Device, Front],
) -> None:
    target, device, front = dut
    before = device.running
    drv = target.driver(device, front.port, timeout=3, **target.cut_args)
    drv.load_merge_candidate(config=target.merge)
    device.set_fault("drop-at", "commit")
    with pytest.raises(Exception):  # noqa: B017 - a cut session, as each client reports it
        drv.commit_config()
    assert device.running == before
    assert device.pending is None


@pytest.mark.parametrize("revert_in", [None, 60])
def test_reject_commit_fails_with_the_message(
    dut: tuple[Target, Device, Front], driver: Any, revert_in: int | None
) -> None:
    target, device, _ = dut
    before = device.running
    device.set_fault("reject-commit", "commit rejected by lab fault")
    with pytest.raises(Exception, match="commit rejected by lab fault"):
        commit_merge(target, driver, revert_in)
    assert device.running == before
    assert wait_for(lambda: device.pending is None)


def test_slow_commit_keeps_other_sessions_answering(
    dut: tuple[Target, Device, Front], driver: Any
) -> None:
    """While one client commits slowly, another one's `show` is answered; the change lands once."""
    target, device, front = dut
    other = target.driver(device, front.port)
    device.set_fault("slow-commit", "120")  # two real seconds at the test scale
    history = len(device.history)
    seen = len(device.wire)
    errors: list[BaseException] = []

    def commit() -> None:
        try:
            commit_merge(target, driver, revert_in=300)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    worker = threading.Thread(target=commit)
    worker.start()
    try:
        assert wait_for(lambda: any(target.commit_text in w.text for w in device.wire[seen:]))
        assert other.get_facts()["hostname"]
        assert worker.is_alive(), "the show waited for the commit to finish"
    finally:
        worker.join(30)
        other.close()
    assert not errors, errors
    assert device.running.count(target.marker) == 1
    assert len(device.history) == history + 1, "the change was applied more than once"
    driver.confirm_commit()
    assert device.pending is None


def test_forget_confirm_loses_the_confirm_and_the_timer_fires(
    dut: tuple[Target, Device, Front], driver: Any
) -> None:
    target, device, _ = dut
    boot = device.boot_time
    device.set_fault("forget-confirm", None)
    commit_merge(target, driver, revert_in=60)
    assert target.marker in device.running
    driver.confirm_commit()  # acknowledged ...
    assert device.pending is not None  # ... but lost
    assert wait_for(lambda: device.pending is None)
    if target.platform == "dellos10":  # OS10's only revert is a reload into the saved config
        assert device.boot_time > boot
    else:
        assert target.marker not in device.running


def test_failing_check_reports_the_port_down_after_the_next_commit(
    dut: tuple[Target, Device, Front], driver: Any
) -> None:
    target, device, _ = dut
    device.set_fault("failing-check", target.port)
    assert driver.get_interfaces()[target.port]["is_up"] is True  # nothing committed yet
    commit_merge(target, driver)
    after = driver.get_interfaces()
    assert after[target.port]["is_up"] is False
    assert after[target.port]["is_enabled"] is True
    driver.rollback()
    assert target.marker not in device.running
    assert driver.get_interfaces()[target.port]["is_up"] is True  # undoing the change heals


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("drop-at", "comit", "unknown step 'comit'"),
        ("drop-at", None, "needs a value"),
        ("latency", "-5", "finite number of lab seconds"),
        ("latency", "nan", "finite number of lab seconds"),
        ("latency", "inf", "finite number of lab seconds"),
        ("slow-commit", "soon", "finite number of lab seconds"),
        ("latency", None, "needs a value"),
        ("unreachable", "yes", "takes no value"),
        ("crash", None, "unknown fault 'crash'"),
    ],
)
def test_bad_fault_input_is_refused(kind: str, value: str | None, message: str) -> None:
    with pytest.raises(FaultError, match=message):
        parse_fault(kind, value)


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("latency", "0.5", 0.5),
        ("drop-at", "confirm", "confirm"),
        ("reject-commit", None, "commit rejected"),
        ("failing-check", None, "*"),
        ("forget-confirm", None, True),
    ],
)
def test_good_fault_input_is_parsed(kind: str, value: str | None, expected: object) -> None:
    assert parse_fault(kind, value) == expected
