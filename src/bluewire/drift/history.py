"""Which earlier golden config a device still runs: the test for "merged, not applied yet".

Without an apply on record, the repository's history of `golden_configs/<host>.cfg` is the
baseline. A running config that the diff engine finds equal to an earlier committed version is
a change waiting to be applied; one equal to no version was made outside the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bluewire import diff
from bluewire.config.value import Config

DEPTH = 20  # versions looked at: older ones would be months-old pending work, i.e. drift


@dataclass(frozen=True)
class GoldenVersion:
    commit: str
    date: str  # the commit's date, ISO
    text: str


def earlier_golden(
    running: str | Config, intended: str, platform: str, versions: Iterable[GoldenVersion]
) -> str | None:
    """ "commit X of DATE" for the newest earlier version `running` matches, else None.

    `running` is sanitized; `versions` come newest first. The current version is skipped: the
    caller asks only about hosts whose running config differs from it.
    """
    for version in versions:
        if version.text == intended:
            continue
        if not diff.remediation(running, version.text, platform):
            return f"commit {version.commit[:12]} of {version.date}"
    return None
