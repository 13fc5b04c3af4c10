"""A candidate holds cleartext secrets: it is discarded and its file removed on every path."""

from __future__ import annotations

import threading

import pytest

from bluewire.device import ops


class Cli:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def send_command(self, command: str) -> str:
        self.sent.append(command)
        return ""


class IosLikeDriver:
    """The parts of NAPALM's ios driver ops touches: SCP upload, flash paths, netmiko."""

    candidate_cfg = "candidate_config.txt"
    merge_cfg = "merge_config.txt"

    def __init__(self, fail: str = "", discard_fails: bool = False) -> None:
        self.fail, self.discard_fails = fail, discard_fails
        self.device = Cli()
        self.loaded = False
        self.discarded = 0

    def _gen_full_path(self, name: str) -> str:
        return f"flash:{name}"

    def load_replace_candidate(self, config: str) -> None:
        self.loaded = True
        if self.fail == "load":
            raise TimeoutError("scp upload timed out")

    load_merge_candidate = load_replace_candidate

    def compare_config(self) -> str:
        if self.fail == "compare":
            raise KeyboardInterrupt  # a Ctrl-C that reached this thread
        return "+hostname x"

    def discard_config(self) -> None:
        if self.discard_fails:
            raise EOFError("session closed")
        self.discarded += 1


def _cleaned(driver: IosLikeDriver) -> bool:
    return driver.discarded >= 1 and driver.device.sent[-2:] == [
        "delete /force flash:candidate_config.txt",
        "delete /force flash:merge_config.txt",
    ]


def test_success_discards_and_deletes_the_uploaded_files() -> None:
    driver = IosLikeDriver()
    assert ops.compare(driver, "hostname x\n", True, sleep=lambda s: None) == "+hostname x"
    assert _cleaned(driver)


@pytest.mark.parametrize("fail", ["load", "compare"])
def test_a_failure_or_interrupt_mid_way_still_cleans_up(fail: str) -> None:
    driver = IosLikeDriver(fail)
    with pytest.raises((TimeoutError, KeyboardInterrupt)):
        ops.compare(driver, "x\n", True, sleep=lambda s: None)
    assert _cleaned(driver)


def test_a_dead_session_is_cleaned_up_on_a_new_one() -> None:
    dead, fresh = IosLikeDriver(discard_fails=True), IosLikeDriver()
    dead.config_session = "napalm_123"  # type: ignore[attr-defined]
    ops.compare(dead, "x\n", True, sleep=lambda s: None, reopen=lambda: fresh)
    assert _cleaned(fresh)
    assert getattr(fresh, "config_session", None) == "napalm_123"


def test_a_cancelled_run_loads_nothing_new_and_discards_what_is_loaded() -> None:
    cancel = threading.Event()
    cancel.set()
    untouched = IosLikeDriver()
    with pytest.raises(ops.Interrupted):
        ops.compare(untouched, "x\n", True, cancelled=cancel.is_set)
    assert not untouched.loaded

    class CancelledDuringUpload(IosLikeDriver):
        def load_replace_candidate(self, config: str) -> None:
            super().load_replace_candidate(config)
            cancel.set()

    cancel.clear()
    driver = CancelledDuringUpload()
    with pytest.raises(ops.Interrupted):
        ops.compare(driver, "x\n", True, cancelled=cancel.is_set)
    assert _cleaned(driver)


def test_signals_during_device_work_wait_for_the_cleanup() -> None:
    import os
    import signal

    # the handler this process started with (pytest-xdist workers may start with SIGINT ignored)
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with ops.finish_before_interrupt() as cancel:
            os.kill(os.getpid(), signal.SIGINT)  # would raise KeyboardInterrupt here otherwise
            os.kill(os.getpid(), signal.SIGTERM)
            assert cancel.wait(5)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored
    finally:
        signal.signal(signal.SIGINT, before)
