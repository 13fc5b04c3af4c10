"""The apply result model and every view of it."""

from __future__ import annotations

import datetime as dt
import json
from xml.etree import ElementTree as ET

import pytest

from bluewire.apply.result import ApplyReport, CheckResult, HostResult, Outcome
from bluewire.apply.views import VIEWS, to_html, to_human, to_json, to_junit, to_markdown
from bluewire.exitcodes import ExitCode

T0 = dt.datetime(2026, 11, 29, 8, 0, tzinfo=dt.UTC)


def report(**hosts: Outcome) -> ApplyReport:
    return ApplyReport(
        change_id="CHG0001234",
        commit="f" * 40,
        plan_digest="d" * 64,
        started=T0,
        hosts={h: HostResult(platform="ios", outcome=o) for h, o in hosts.items()},
    ).sealed()


@pytest.mark.parametrize("outcome", list(Outcome))
def test_exit_code_is_zero_only_for_success_outcomes(outcome: Outcome) -> None:
    expected = ExitCode.OK if outcome in ("applied", "no-change", "dry-run") else ExitCode.ERROR
    assert report(a=Outcome.APPLIED, b=outcome).exit_code == expected
    assert outcome.ok is (expected == ExitCode.OK)


def test_interrupted_beats_everything() -> None:
    interrupted = report(a=Outcome.FAILED).model_copy(update={"interrupted": True})
    assert interrupted.exit_code == ExitCode.INTERRUPTED
    assert report().exit_code == ExitCode.OK  # nothing to do


@pytest.mark.parametrize(
    ("outcome", "touched"),
    [
        (Outcome.APPLIED, True),
        (Outcome.ROLLED_BACK, True),
        (Outcome.REVERTING, True),
        (Outcome.UNKNOWN, True),
        (Outcome.FAILED, False),
        (Outcome.STALE, False),
        (Outcome.DRY_RUN, False),
        (Outcome.NOT_ATTEMPTED, False),
    ],
)
def test_touched_means_a_change_was_committed(outcome: Outcome, touched: bool) -> None:
    assert outcome.touched is touched


def test_summary_counts_outcomes_in_a_fixed_order() -> None:
    r = report(b=Outcome.FAILED, a=Outcome.APPLIED, c=Outcome.APPLIED, d=Outcome.NOT_ATTEMPTED)
    r = r.model_copy(update={"stopped": "2 failures > --max-failures 1"})
    assert r.summary() == (
        "apply CHG0001234: 4 host(s): 2 applied, 1 failed, 1 not-attempted; "
        "stopped: 2 failures > --max-failures 1"
    )
    dry = report(a=Outcome.DRY_RUN).model_copy(update={"dry_run": True, "interrupted": True})
    assert dry.summary() == "would apply CHG0001234: 1 host(s): 1 dry-run; interrupted"


def test_sealed_sorts_hosts() -> None:
    assert list(report(z=Outcome.APPLIED, a=Outcome.APPLIED).hosts) == ["a", "z"]


def test_json_round_trips() -> None:
    r = report(a=Outcome.ROLLED_BACK)
    data = json.loads(to_json(r))
    assert data["format_version"] == 1 and data["hosts"]["a"]["outcome"] == "rolled-back"
    assert ApplyReport.model_validate_json(to_json(r)) == r


def rich_report() -> ApplyReport:
    return ApplyReport(
        change_id="CHG0001234",
        commit="0123456789abcdef" * 2,
        plan_digest="d" * 64,
        emergency_reason="uplink flapping",
        hosts={
            "sw1": HostResult(
                platform="ios",
                outcome=Outcome.ROLLED_BACK,
                message="post-check failed: interfaces up | Gi1 went down",
                stage="batch 1",
                device_diff="+interface Gi1\n+ shutdown\n",
                checks=[CheckResult(name="interfaces up", passed=False, detail="Gi1 went down")],
            ),
            "sw2": HostResult(
                platform="dellos10",
                outcome=Outcome.APPLIED,
                stage="canary",
                canary=True,
                revert="reload",
            ),
            "sw3": HostResult(platform="ios", outcome=Outcome.STALE, message="stale: re-plan"),
        },
    )


def test_human_view_lists_every_host_with_stage_checks_and_notes() -> None:
    text = to_human(rich_report())
    assert "EMERGENCY change: uplink flapping" in text
    assert "reload in N" in text and "sw2" in text.split("reload in N")[1].splitlines()[0]
    assert "ROLLED-BACK   sw1 [batch 1]: post-check failed" in text
    assert "APPLIED       sw2 [canary]" in text
    assert "    check interfaces up: FAILED Gi1 went down" in text
    assert text.rstrip().endswith(rich_report().summary())


def test_junit_marks_failures_and_skips() -> None:
    root = ET.fromstring(to_junit(rich_report()))
    assert root.get("tests") == "3" and root.get("failures") == "1" and root.get("skipped") == "1"
    cases = {c.get("name"): c for c in root}
    assert cases["sw1"].find("failure") is not None
    assert cases["sw1"].find("failure").text == "+interface Gi1\n+ shutdown\n"  # type: ignore[union-attr]
    assert cases["sw3"].find("skipped") is not None
    assert cases["sw2"].find("failure") is None and cases["sw2"].find("skipped") is None


def test_markdown_escapes_cells_and_folds_diffs() -> None:
    text = to_markdown(rich_report())
    assert (
        "| sw1 | batch 1 | rolled-back | post-check failed: interfaces up \\| Gi1 went down |"
        in text
    )
    assert "| sw2 | canary | applied |  |" in text
    assert "<details><summary>sw1: rolled-back</summary>" in text
    assert "```diff\n+interface Gi1\n+ shutdown\n```" in text
    assert text.count("<details>") == 1  # only hosts with a diff


def test_markdown_stays_under_the_note_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import bluewire.apply.views as views

    monkeypatch.setattr(views, "NOTE_LIMIT", 400)
    big = rich_report().model_copy(
        update={
            "hosts": {
                f"h{i}": HostResult(
                    platform="ios", outcome=Outcome.APPLIED, device_diff="+x\n" * 50
                )
                for i in range(5)
            }
        }
    )
    text = views.to_markdown(big)
    assert "_Further diffs omitted" in text and text.count("<details>") < 5


def test_html_escapes_and_includes_the_reload_note() -> None:
    r = rich_report().model_copy(update={"emergency_reason": "<script>x</script>"})
    page = to_html(r)
    assert "<script>x" not in page and "&lt;script&gt;" in page
    assert "reload in N" in page


def test_every_view_is_registered() -> None:
    assert set(VIEWS) == {"human", "json", "junit", "markdown", "html"}
    for view in VIEWS.values():
        assert view(rich_report())
