"""`report merge`: the shard reports of one nightly run joined into the report one run makes.

Each parallel CI job reports its shard (`shard: "K/N"`). Joined, they must cover 1..N exactly
once, come from the same commit and profile, and share no host; the result is sealed like a
single run's, so its JSON is byte for byte what `bluewire drift` without --shard writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bluewire.drift.model import DriftHost, DriftReport
from bluewire.drift.shard import parse_shard
from bluewire.errors import BluewireError

_SAME = ("commit", "dirty", "profile", "format_version")


def merge_reports(reports: Sequence[tuple[Path, DriftReport]]) -> DriftReport:
    """One report from every shard's; a missing, repeated or foreign shard is an error."""
    if not reports:
        raise BluewireError("report merge: no report files given")
    first_path, first = reports[0]
    for path, report in reports[1:]:
        for field in _SAME:
            if getattr(report, field) != getattr(first, field):
                raise BluewireError(
                    f"{path}: {field} {getattr(report, field)!r} differs from "
                    f"{getattr(first, field)!r} in {first_path}: not the same run"
                )
    _check_shards(reports)
    hosts: dict[str, DriftHost] = {}
    owner: dict[str, Path] = {}
    for path, report in reports:
        for name, host in report.hosts.items():
            if name in hosts:
                raise BluewireError(f"{path}: host {name} is also in {owner[name]}")
            hosts[name], owner[name] = host, path
    return DriftReport(
        commit=first.commit, dirty=first.dirty, profile=first.profile, hosts=hosts
    ).sealed()


def _check_shards(reports: Sequence[tuple[Path, DriftReport]]) -> None:
    seen: dict[int, Path] = {}
    total = None
    for path, report in reports:
        if not report.shard:
            raise BluewireError(f"{path}: a whole run's report, not a shard's: nothing to merge")
        shard = parse_shard(report.shard)
        if total is not None and shard.count != total:
            raise BluewireError(f"{path}: shard {shard} of a {shard.count}-way run, not {total}")
        total = shard.count
        if shard.index in seen:
            raise BluewireError(f"{path}: shard {shard} again (also {seen[shard.index]})")
        seen[shard.index] = path
    missing = [f"{k}/{total}" for k in range(1, (total or 0) + 1) if k not in seen]
    if missing:
        raise BluewireError(f"report merge: shard {', '.join(missing)} missing")
