"""Sharding: a partition of the fleet that stays put when hosts or shards are added."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bluewire.drift.shard import Shard, owner, parse_shard, select
from bluewire.errors import BluewireError

FLEET = [f"site{i % 37}-sw-{i}" for i in range(3000)]


@given(st.lists(st.text(min_size=1, max_size=20), unique=True, max_size=60), st.integers(1, 9))
def test_shards_partition_any_fleet(hosts: list[str], count: int) -> None:
    parts = [select(hosts, Shard(k, count)) for k in range(1, count + 1)]
    assert sorted(h for part in parts for h in part) == sorted(hosts)
    assert sum(map(len, parts)) == len(hosts)
    assert all(part == [h for h in hosts if h in set(part)] for part in parts)  # order kept


def test_same_answer_in_every_process_and_in_any_order() -> None:
    """Pinned owners: a job on another runner (another hash seed, another Python) must agree."""
    hosts = ["hq-core-1", "hq-core-2", "d3-access-1", "dc-tor-1", "edge-fw-1", "cjis-fw-2"]
    assert [owner(h, 5) for h in hosts] == [4, 2, 1, 4, 2, 4]
    shard = Shard(2, 5)
    assert sorted(select(reversed(FLEET), shard)) == sorted(select(FLEET, shard))


@pytest.mark.parametrize("count", [2, 3, 5, 8])
def test_balanced(count: int) -> None:
    sizes = Counter(owner(h, count) for h in FLEET)
    expected = len(FLEET) / count
    assert set(sizes) == set(range(1, count + 1))
    assert all(abs(n - expected) < 0.12 * expected for n in sizes.values()), sizes


def test_adding_hosts_moves_no_other_host() -> None:
    before = {h: owner(h, 4) for h in FLEET[:2000]}
    after = {h: owner(h, 4) for h in FLEET}
    assert all(after[h] == shard for h, shard in before.items())


@pytest.mark.parametrize("count", [2, 3, 5, 8])
def test_adding_a_shard_moves_only_its_share_and_only_to_it(count: int) -> None:
    moved = [h for h in FLEET if owner(h, count) != owner(h, count + 1)]
    assert all(owner(h, count + 1) == count + 1 for h in moved)
    share = len(FLEET) / (count + 1)
    assert abs(len(moved) - share) < 0.15 * share
    modulo_moves = sum(hash_mod(h, count) != hash_mod(h, count + 1) for h in FLEET)
    assert modulo_moves > 2 * len(moved)  # what the naive scheme would have cost


def hash_mod(host: str, count: int) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha256(host.encode()).digest()[:8], "big") % count


@pytest.mark.parametrize(
    ("text", "shard"), [("1/1", Shard(1, 1)), ("2/3", Shard(2, 3)), (" 10/12 ", Shard(10, 12))]
)
def test_parse(text: str, shard: Shard) -> None:
    assert parse_shard(text) == shard
    assert str(parse_shard(text)) == text.strip()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "expected K/N"),
        ("3", "expected K/N"),
        ("a/b", "expected K/N"),
        ("1/3/5", "expected K/N"),
        ("-1/3", "expected K/N"),
        ("1 / 3", "expected K/N"),
        ("0/3", r"K must be between 1 and N \(3\)"),
        ("4/3", r"K must be between 1 and N \(3\)"),
        ("1/0", r"N \(the number of shards\) must be at least 1"),
        ("0/0", r"N \(the number of shards\) must be at least 1"),
        ("1/201", "at most 200 shards"),
    ],
)
def test_parse_refuses(text: str, says: str) -> None:
    with pytest.raises(BluewireError, match=f"^--shard {re.escape(text)}: {says}"):
        parse_shard(text)
