"""Golden fixtures: tests/fixtures/<platform>/<case>/{running,intended,remediation,rollback}.conf.

`pytest --update-golden` rewrites remediation.conf and rollback.conf; review them as diffs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bluewire.diff import remediation, rollback
from tests.unit.diff.roundtrip import assert_round_trip

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CASES = sorted(p for p in FIXTURES.glob("*/*") if (p / "running.conf").is_file())


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(case: Path, update_golden: bool) -> None:
    platform = case.parent.name
    running = (case / "running.conf").read_text()
    intended = (case / "intended.conf").read_text()
    produced = {
        "remediation.conf": remediation(running, intended, platform),
        "rollback.conf": rollback(running, intended, platform),
    }
    for name, commands in produced.items():
        text = "\n".join(commands) + "\n"
        if update_golden:
            (case / name).write_text(text)
        else:
            assert (case / name).read_text() == text, f"{case / name}: run pytest --update-golden"
    assert_round_trip(running, intended, platform)


def test_every_platform_has_a_fixture() -> None:
    assert {c.parent.name for c in CASES} >= {"ios", "eos", "dellos10", "junos"}
