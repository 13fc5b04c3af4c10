"""The backups branch: one file per host holding its sanitized running config.

One file per host lets parallel shards commit to one branch without conflicts (each owns its
hosts' files). The text is `plan.build.redact`'s: secrets masked, volatile lines (timestamps,
NTP drift, certificate chains, Junos `## Last commit`) gone, so a night in which nothing was
configured commits nothing, and no secret ever reaches the branch.
"""

from __future__ import annotations

from collections.abc import Mapping

from bluewire.drift.shard import Shard

FOLDER = "configs"


def backup_path(host: str) -> str:
    return f"{FOLDER}/{host}.cfg"


def backup_files(running: Mapping[str, str]) -> dict[str, str]:
    """{path on the branch: text} for the hosts read this run (sanitized running configs)."""
    return {backup_path(host): text for host, text in sorted(running.items())}


def backup_title(commit: str, shard: Shard | None) -> str:
    """The commit's first words: which repository commit's run (and shard) took the backup."""
    scope = f" shard {shard}" if shard else ""
    return f"backup running configs (drift at {commit[:12]}{scope})"
