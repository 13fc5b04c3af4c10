"""report merge: shard reports joined == the single run's report, byte for byte; bad sets refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bluewire.drift.merge import merge_reports
from bluewire.drift.model import DriftHost, DriftReport, SoftwareFinding, Status, read_report
from bluewire.drift.shard import Shard, select
from bluewire.errors import BluewireError


def fleet(names: list[str]) -> dict[str, DriftHost]:
    statuses = list(Status)
    return {
        name: DriftHost(
            platform="eos",
            status=statuses[i % len(statuses)],
            site=f"site-{i % 3}",
            diff=f"+ description {name}\n",
            software=[SoftwareFinding(kind="expiring", message=f"{i} days", days_left=i)],
        )
        for i, name in enumerate(names)
    }


def whole(hosts: dict[str, DriftHost]) -> DriftReport:
    return DriftReport(commit="c0ffee", profile="cjis", hosts=hosts).sealed()


def shards(hosts: dict[str, DriftHost], n: int) -> list[DriftReport]:
    return [
        DriftReport(
            commit="c0ffee",
            profile="cjis",
            shard=f"{k}/{n}",
            hosts={h: hosts[h] for h in select(hosts, Shard(k, n))},
        ).sealed()
        for k in range(1, n + 1)
    ]


def written(tmp: Path, reports: list[DriftReport]) -> list[tuple[Path, DriftReport]]:
    """Through files, as CI artifacts travel (and in an order the jobs might finish in)."""
    out = []
    for i, report in reversed(list(enumerate(reports))):
        path = tmp / f"drift-{i}.json"
        path.write_text(report.to_json())
        out.append((path, read_report(path)))
    return out


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True), unique=True, max_size=40),
    st.integers(1, 6),
)
def test_merged_shards_equal_one_run_byte_for_byte(names: list[str], n: int) -> None:
    import tempfile

    hosts = fleet(names)
    with tempfile.TemporaryDirectory() as tmp:
        merged = merge_reports(written(Path(tmp), shards(hosts, n)))
    assert merged.to_json() == whole(hosts).to_json()


def test_merged_report_reads_back(tmp_path: Path) -> None:
    merged = merge_reports(written(tmp_path, shards(fleet(["a", "b", "c", "d"]), 3)))
    path = tmp_path / "merged.json"
    path.write_text(merged.to_json())
    assert read_report(path) == merged and merged.shard == ""


def test_a_missing_shard_is_an_error(tmp_path: Path) -> None:
    parts = shards(fleet([f"h{i}" for i in range(20)]), 4)
    with pytest.raises(BluewireError, match="shard 2/4, 4/4 missing"):
        merge_reports(written(tmp_path, [parts[0], parts[2]]))


def test_a_repeated_shard_is_an_error(tmp_path: Path) -> None:
    parts = shards(fleet(["a", "b", "c"]), 2)
    with pytest.raises(BluewireError, match="shard 1/2 again"):
        merge_reports(written(tmp_path, [parts[0], parts[1], parts[0]]))


def test_shards_of_different_splits_are_an_error(tmp_path: Path) -> None:
    hosts = fleet(["a", "b", "c"])
    with pytest.raises(BluewireError, match=r"shard \d/\d of a \d-way run, not \d"):
        merge_reports(written(tmp_path, [*shards(hosts, 2), shards(hosts, 3)[0]]))


@pytest.mark.parametrize("field", ["commit", "profile", "dirty"])
def test_reports_of_different_runs_are_an_error(tmp_path: Path, field: str) -> None:
    parts = shards(fleet(["a", "b", "c"]), 2)
    other = {"commit": "beef", "profile": "stig", "dirty": True}[field]
    parts[1] = parts[1].model_copy(update={field: other}).sealed()
    with pytest.raises(BluewireError, match=f"{field} .* differs .*: not the same run"):
        merge_reports(written(tmp_path, parts))


def test_a_host_in_two_shards_is_an_error(tmp_path: Path) -> None:
    hosts = fleet(["a", "b", "c", "d", "e", "f"])
    parts = shards(hosts, 2)
    stray = next(iter(parts[0].hosts))
    parts[1] = parts[1].model_copy(update={"hosts": {**parts[1].hosts, stray: hosts[stray]}})
    with pytest.raises(BluewireError, match=f"host {stray} is also in"):
        merge_reports(written(tmp_path, [p.sealed() for p in parts]))


def test_whole_run_reports_and_nothing_are_refused(tmp_path: Path) -> None:
    with pytest.raises(BluewireError, match="a whole run's report, not a shard's"):
        merge_reports(written(tmp_path, [whole(fleet(["a"]))]))
    with pytest.raises(BluewireError, match="no report files given"):
        merge_reports([])
