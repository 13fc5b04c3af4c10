"""run_forked: each call in its own process, results in order, a child's exception raised here."""

from __future__ import annotations

import os

import pytest

from bluewire.runs.forked import PER_PROCESS, processes, run_forked

PARENT_DATA = {"loaded": "before the fork"}


def test_each_call_runs_in_its_own_child_and_sees_the_parents_memory() -> None:
    results = run_forked(lambda k: (k, os.getpid(), PARENT_DATA["loaded"]), 3)
    assert [k for k, _, _ in results] == [0, 1, 2]
    pids = {pid for _, pid, _ in results}
    assert len(pids) == 3 and os.getpid() not in pids
    assert {seen for _, _, seen in results} == {"before the fork"}


def test_one_call_runs_here() -> None:
    assert run_forked(lambda k: (k, os.getpid()), 1) == [(0, os.getpid())]


def test_a_childs_exception_is_raised_here() -> None:
    def work(k: int) -> int:
        if k == 1:
            raise ValueError("host 7 broke")
        return k

    with pytest.raises(ValueError, match="host 7 broke"):
        run_forked(work, 2)


def test_a_child_that_dies_is_an_error_not_a_hang() -> None:
    with pytest.raises(RuntimeError, match="exit code 3"):
        run_forked(lambda k: os._exit(3) if k == 0 else k, 2)


@pytest.mark.parametrize("cores", [1, 2, 8])
@pytest.mark.parametrize("hosts", [0, 1, 49, 99, 100, 150, 10_000])
def test_the_default_is_one_process_per_core_only_when_each_gets_enough_hosts(
    monkeypatch: pytest.MonkeyPatch, cores: int, hosts: int
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    procs = processes(0, hosts)
    assert 1 <= procs <= cores
    assert procs == 1 or hosts // procs >= PER_PROCESS
    assert procs == cores or hosts // (procs + 1) < PER_PROCESS  # no core left idle that could work


@pytest.mark.parametrize("asked", [1, 2, 3, 64])
@pytest.mark.parametrize("hosts", [1, 2, 5, 1000])
def test_an_asked_count_is_kept_but_never_more_than_one_process_per_host(
    asked: int, hosts: int
) -> None:
    assert processes(asked, hosts) == min(asked, hosts)
