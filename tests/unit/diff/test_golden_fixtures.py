"""Golden fixtures: tests/fixtures/<platform>/<case>/{running,intended,remediation,rollback}.conf.

`pytest --update-golden` rewrites remediation.conf and rollback.conf; review them as diffs. A case
the device lab cannot referee has a `lab-gap.txt` saying why: its lab round trip is an expected
failure (strict, so a lab that learns the behaviour makes the test say so), and Junos cases are
refereed by `load set` semantics as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bluewire.diff import remediation, rollback
from tests.unit.diff.roundtrip import assert_round_trip, assert_set_round_trip

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CASES = sorted(p for p in FIXTURES.glob("*/*") if (p / "running.conf").is_file())


def _ids(case: Path) -> str:
    return f"{case.parent.name}/{case.name}"


def _read(case: Path) -> tuple[str, str, str]:
    return (
        case.parent.name,
        (case / "running.conf").read_text(),
        (case / "intended.conf").read_text(),
    )


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_fixture(case: Path, update_golden: bool) -> None:
    platform, running, intended = _read(case)
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


def _lab_param(case: Path) -> object:
    gap = case / "lab-gap.txt"
    if not gap.is_file():
        return case
    reason = gap.read_text().strip()
    return pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=reason))


@pytest.mark.parametrize("case", [_lab_param(c) for c in CASES], ids=_ids)
def test_fixture_round_trip_in_the_lab(case: Path) -> None:
    assert_round_trip(*_read(case)[1:], case.parent.name)


# the lab's `load set` is bluewire's set reader: a lab gap of a Junos case is a gap here too
@pytest.mark.parametrize(
    "case", [_lab_param(c) for c in CASES if c.parent.name == "junos"], ids=_ids
)
def test_junos_fixture_round_trip_by_load_set(case: Path) -> None:
    assert_set_round_trip(*_read(case)[1:])


def test_every_platform_has_a_fixture() -> None:
    assert {c.parent.name for c in CASES} >= {"ios", "eos", "dellos10", "junos"}
