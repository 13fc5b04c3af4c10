"""`--shard K/N`: which hosts one of N parallel CI jobs takes, deterministically and stably.

Rendezvous (highest-random-weight) hashing: a host goes to the shard whose hash of
(shard, host) is highest. A host's shard depends only on its own name and N, so adding or
removing a host moves no other host, and going from N to N+1 shards moves only the hosts the
new shard wins (about 1/(N+1) of them); `hash(host) % N` would move most of the fleet.
Stable placement keeps each shard's backup commits and job logs comparable night to night.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bluewire.errors import BluewireError

_SHARD = re.compile(r"([0-9]+)/([0-9]+)")
# GitLab's `parallel:` takes 1 to 200 jobs; each host is weighed against every shard, so an N
# of 10**11 (a typo) would take hours before the first device is read.
MAX_SHARDS = 200


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as GitLab's CI_NODE_INDEX
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def owns(self, host: str) -> bool:
        return owner(host, self.count) == self.index


def parse_shard(text: str) -> Shard:
    """`K/N` with 1 <= K <= N, as given to --shard (GitLab: $CI_NODE_INDEX/$CI_NODE_TOTAL)."""
    match = _SHARD.fullmatch(text.strip())
    if match is None:
        raise BluewireError(f"--shard {text}: expected K/N, e.g. 2/5")
    index, count = int(match[1]), int(match[2])
    if count < 1:
        raise BluewireError(f"--shard {text}: N (the number of shards) must be at least 1")
    if not 1 <= index <= count:
        raise BluewireError(f"--shard {text}: K must be between 1 and N ({count})")
    if count > MAX_SHARDS:
        raise BluewireError(
            f"--shard {text}: at most {MAX_SHARDS} shards (GitLab's parallel limit)"
        )
    return Shard(index, count)


def _weight(shard: int, host: str) -> int:
    digest = hashlib.sha256(f"{shard}\0{host}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def owner(host: str, count: int) -> int:
    """The shard (1..count) that takes `host`."""
    return max(range(1, count + 1), key=lambda shard: _weight(shard, host))


def select(hosts: Iterable[str], shard: Shard | None) -> list[str]:
    """The members of `hosts` that `shard` takes, in their given order (all of them without one)."""
    return [h for h in hosts if shard is None or shard.owns(h)]
