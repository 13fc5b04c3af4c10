"""Playbook progress: a line per host and task in CI logs, a bar on a terminal; never the payload."""

from __future__ import annotations

import pytest

from bluewire.runs.playbook_progress import PlaybookProgress

EVENTS = [
    {"event": "playbook_on_task_start", "event_data": {"task": "Gather facts (eos)"}},
    {"event": "runner_on_ok", "event_data": {"host": "dc-leaf-1"}},
    {"event": "runner_on_failed", "event_data": {"host": "hq-core-1", "ignore_errors": True}},
    {"event": "runner_on_unreachable", "event_data": {"host": "edge-fw-1"}},
    {"event": "verbose", "stdout": "noise"},
]


def test_ci_log_has_one_line_per_host_and_task(capsys: pytest.CaptureFixture[str]) -> None:
    with PlaybookProgress(hosts=3, tty=False) as progress:
        for event in EVENTS:
            progress.event(event)
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "ok          dc-leaf-1  Gather facts (eos)",
        "failed      hq-core-1  Gather facts (eos) (ignored)",
        "unreachable edge-fw-1  Gather facts (eos)",
    ]


def test_terminal_shows_a_bar_per_task_instead_of_lines(capsys: pytest.CaptureFixture[str]) -> None:
    with PlaybookProgress(hosts=3, tty=True) as progress:
        for event in EVENTS:
            progress.event(event)
        assert progress._bar is not None and progress._task is not None
        task = progress._bar.tasks[0]
        assert (task.description, task.completed, task.total) == ("Gather facts (eos)", 3, 3)
    assert "ok          dc-leaf-1" not in capsys.readouterr().err
