"""Device runs report each host: a bar on a terminal, one plain line per host in CI logs."""

from __future__ import annotations

import pytest
from nornir.core.task import MultiResult, Result

from bluewire import progress
from bluewire.progress import NornirProgress, host_status


class _Host:
    def __init__(self, name: str) -> None:
        self.name = name


def _result(host: str, *, failed: bool = False, changed: bool = False) -> MultiResult:
    multi = MultiResult(host)
    multi.append(Result(host=None, failed=failed, changed=changed, exception=Exception("secret")))
    return multi


def _lines(proc: NornirProgress, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The progress lines of hosts a changed, b failed and c unchanged."""
    for name, kwargs in (("a", {"changed": True}), ("b", {"failed": True}), ("c", {})):
        proc.task_instance_started(None, _Host(name))  # type: ignore[arg-type]
        proc.task_instance_completed(None, _Host(name), _result(name, **kwargs))  # type: ignore[arg-type]
    return capsys.readouterr().err.splitlines()


def _words(lines: list[str]) -> list[str]:
    return [line.split(" (")[0] for line in lines]


def test_one_plain_line_per_host_without_the_error_text(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _lines(NornirProgress("planning", live=False), capsys)
    assert _words(lines) == ["planning a: changes", "planning b: failed", "planning c: no change"]
    assert "secret" not in "".join(lines)


def test_a_read_only_run_says_read_not_no_change(capsys: pytest.CaptureFixture[str]) -> None:
    """Drift's reading said `no change` for a host it then reported drifted."""
    lines = _lines(NornirProgress("reading", live=False, done="read"), capsys)
    assert _words(lines) == ["reading a: read", "reading b: failed", "reading c: read"]


def test_hosts_prepared_beside_a_stage_are_not_shown_as_its_hosts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Apply's stage run also reads the next stage's hosts ahead: only the stage's own count."""
    lines = _lines(NornirProgress("batch 1", live=False, only={"a", "c"}), capsys)
    assert _words(lines) == ["batch 1 a: changes", "batch 1 c: no change"]


def test_ci_means_no_bar_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    monkeypatch.setenv("CI", "true")
    assert not progress.interactive()
    monkeypatch.delenv("CI")
    assert progress.interactive()


def test_host_status_words() -> None:
    assert host_status(_result("x", failed=True, changed=True)) == "failed"
    assert host_status(_result("x", changed=True)) == "changes"
