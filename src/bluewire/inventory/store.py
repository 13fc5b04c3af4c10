"""The inventory cache: the last valid inventory, for an instant load and for incremental ones.

Under `.bluewire/cache/`: `inventory.json`, the index (one row per host: its attributes, the
hosts.yaml entry it came from, the digest of its resolved data, its addresses, where its data
is), and pack files named by their content. A host's data is stored as its scalars plus
references to pooled values: the hosts of a kind share their validated VLAN lists, interface
lists and group data, so each distinct value is encoded once. An incremental load adds one
small pack with the new values and leaves the others as they are.

A loaded host decodes its data on first use, after checking it against its digest, so a run that
needs only names, roles and digests (an incremental render) never decodes 10,000 hosts.

Only JSON-exact data is cached (str keys; str, int, float, bool, None, lists, dicts): that is
all validation ever outputs, except keys bluewire does not know, kept as YAML wrote them.
Anything else (a date, an integer key) is not cached, so a cached load always equals a fresh one.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bluewire.cachefiles import code_digest, read_checked, write_atomically, write_checked
from bluewire.errors import BluewireError
from bluewire.inventory.model import Inventory, InventoryHost

CACHE_VERSION = "6"  # bump when the index layout changes
MAX_PACKS = 16  # past this many, a write merges every pack but the first into one
CODE = (
    "bluewire.hints",  # which unknown keys are typos decides whether an inventory is valid
    "bluewire.inventory.blocks",
    "bluewire.inventory.load",
    "bluewire.inventory.resolve",
    "bluewire.inventory.scan",
    "bluewire.inventory.schema",
    "bluewire.inventory.store",
    "bluewire.inventory.strings",
    "bluewire.inventory.validate",
    "bluewire.inventory.yamlfile",
    "bluewire.platforms",
    "bluewire.yamltypes",
)
Ref = tuple[int, int, int]  # (pack, offset, length)
_NAME = re.compile(r"inventory-[0-9a-f]{32}\.(pack|text)")
_DAMAGED = "the inventory cache in .bluewire/cache/ is damaged: delete inventory.json there"


def inventory_code() -> str:
    """Part of every key: a changed validator must never meet an entry validated by the old one."""
    return code_digest(*CODE) + CACHE_VERSION


def digest_of(blob: bytes | mmap.mmap) -> str:
    return hashlib.sha256(blob).hexdigest()[:32]


def plain_json(value: Any) -> bool:
    """Whether JSON gives `value` back exactly."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    if type(value) is list:
        return all(plain_json(v) for v in value)
    if type(value) is dict:
        return all(type(k) is str and plain_json(v) for k, v in value.items())
    return False


def _encoded(value: Any) -> bytes:
    """JSON keeping the order of mapping keys (a template looping over a mapping sees it)."""
    return json.dumps(value, separators=(",", ":")).encode()


class Encoder:
    """Hosts' data as pooled values; a value shared by hosts (same object) is encoded once."""

    def __init__(self, typed: Iterable[str]) -> None:
        self.typed = frozenset(typed)
        self.pool: dict[str, bytes] = {}
        self._seen: dict[int, tuple[Any, str]] = {}

    def host(self, data: dict[str, Any]) -> bytes | None:
        """The host's blob (its digest is the data's digest); None if JSON cannot hold it."""
        items: list[tuple[str, int, Any]] = []  # (key, 0, scalar) or (key, 1, pooled digest)
        for key, value in data.items():
            if not isinstance(value, (dict, list)):
                if key not in self.typed and not plain_json(value):
                    return None
                items.append((key, 0, value))
                continue
            ref = self._pooled(value, key in self.typed)
            if ref is None:
                return None
            items.append((key, 1, ref))
        return _encoded(items)

    def _pooled(self, value: Any, typed: bool) -> str | None:
        seen = self._seen.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        if not typed and not plain_json(value):
            return None
        blob = _encoded(value)
        digest = digest_of(blob)
        self.pool.setdefault(digest, blob)
        self._seen[id(value)] = (value, digest)
        return digest


def host_data_digest(host: InventoryHost) -> str | None:
    """The digest of a host's resolved data (what its cache row is keyed by); None when JSON
    cannot hold the data exactly."""
    known = host.__dict__.get("data_digest")
    if known is not None:
        return str(known)
    from bluewire.inventory.validate import TYPED_KEYS  # validation's knowledge, loaded late

    blob = Encoder(TYPED_KEYS).host(host.data)
    return None if blob is None else digest_of(blob)


class CachedHost(InventoryHost):
    """A host read from the cache; `data` is decoded on first use (its role is in the index)."""

    data_digest: str

    @property
    def role(self) -> str | None:
        return self.__dict__["_role"]  # type: ignore[no-any-return]

    def __getattr__(self, name: str) -> Any:
        pack = self.__dict__.get("_pack")
        if name != "data" or pack is None:
            raise AttributeError(name)
        data = pack.host_data(self.__dict__["_ref"], self.data_digest)
        self.__dict__["data"] = data
        del self.__dict__["_pack"]
        return data

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its data (render workers run in other processes)."""
        _ = self.data
        return dict(self.__dict__)


class Packs:
    """The pack files of one index, mapped; pooled values decoded once and shared."""

    def __init__(self, maps: list[mmap.mmap], pool: dict[str, Ref]) -> None:
        self.maps = maps
        self.pool = pool
        self._values: dict[str, Any] = {}

    def blob(self, ref: Ref) -> bytes:
        pack, offset, length = ref
        return self.maps[pack][offset : offset + length]

    def _checked(self, ref: Ref, digest: str) -> Any:
        raw = self.blob(ref)
        if digest_of(raw) != digest:
            raise BluewireError(_DAMAGED)
        return json.loads(raw)

    def host_data(self, ref: Ref, digest: str) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, pooled, value in self._checked(ref, digest):
            data[key] = self._value(value) if pooled else value
        return data

    def _value(self, digest: str) -> Any:
        value = self._values.get(digest)
        if value is None:
            value = self._values[digest] = self._checked(self.pool[digest], digest)
        return value


@dataclass(frozen=True)
class Row:
    """One host in the index: where it came from, what it owns, where its data is."""

    host: InventoryHost
    block: str | None
    data_digest: str
    addresses: list[list[str]]
    ref: Ref | None = None  # in the current packs; None: a new host, `blob` says what to write
    blob: bytes = b""
    start: int = -1  # the 0-based hosts.yaml line its entry started on (defined_at moves with it)
    at: int = -1  # the offset in hosts.yaml's text where its entry starts

    def moved_to(self, start: int, at: int) -> Row:
        """The row of the same entry now starting at line `start`, offset `at`: its host's
        line moved with it."""
        if start == self.start:
            return self if at == self.at else replace(self, at=at)
        file, _, line = self.host.defined_at.rpartition(":")
        if line.isdigit():
            self.host.__dict__["defined_at"] = f"{file}:{int(line) - self.start + start}"
        return replace(self, start=start, at=at)


@dataclass
class Snapshot:
    """What the cache holds: the inventory, its rows by hosts.yaml entry, and its context."""

    inventory: Inventory
    context: str
    rows: dict[str, Row]  # by block key (rows without a block are not reusable)
    packs: list[tuple[str, int]]  # (file name, size)
    pool: dict[str, Ref]
    text: str | None = None  # the file holding the hosts.yaml text the rows were split from


_FIELDS = (
    "name",
    "hostname",
    "platform",
    "groups",
    "port",
    "username",
    "connection_options",
    "defined_at",
)


class InventoryStore:
    """The index and its packs in one folder; a damaged or foreign cache reads as no cache."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index = folder / "inventory.json"

    def read(self) -> Snapshot | None:
        index = read_checked(self.index)
        try:
            if index is None or index.get("code") != inventory_code():
                return None
            packs = index["packs"]
            if len(packs) > MAX_PACKS or sum(n for _, n in packs[1:]) > packs[0][1]:
                return None  # more garbage than data: the whole parse writes one pack afresh
            maps = [self._pack(name, size) for name, size in packs]
            return _snapshot(index, maps)
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None

    def _file(self, name: str, kind: str) -> int:
        """An open descriptor of one of the cache's own files: a name the index gives must be
        `inventory-<digest>.<kind>` in this folder and a regular file (an index committed by a
        merge request could name ../../anything, a pipe or /dev/zero: never waited on)."""
        if not _NAME.fullmatch(name) or not name.endswith(f".{kind}"):
            raise ValueError(name)
        fd = os.open(self.folder / name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise ValueError(name)
        return fd

    def _pack(self, name: str, size: int) -> mmap.mmap:
        """A pack file, checked against the digest in its name (a damaged pack is no cache)."""
        fd = self._file(name, "pack")
        try:
            mapped = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
        finally:
            os.close(fd)
        if len(mapped) != size or name != f"inventory-{digest_of(mapped)}.pack":
            raise ValueError(name)
        return mapped

    def write(
        self,
        inventory: Inventory,
        context: str,
        rows: Sequence[Row],
        encoder: Encoder,
        old: Snapshot | None = None,
        text: str | None = None,
    ) -> None:
        """A new index: old packs kept (incremental) plus one pack of the new blobs; `text`,
        hosts.yaml's text the rows were split from, kept for the next incremental load."""
        packs = list(old.packs) if old else []
        pool = dict(old.pool) if old else {}
        fresh: list[bytes] = []
        offset = 0
        new_pack = len(packs)
        for digest, blob in encoder.pool.items():
            if digest not in pool:
                pool[digest] = (new_pack, offset, len(blob))
                fresh.append(blob)
                offset += len(blob)
        entries = []
        for row in rows:
            ref = row.ref
            if ref is None:
                ref = (new_pack, offset, len(row.blob))
                fresh.append(row.blob)
                offset += len(row.blob)
            attrs = [getattr(row.host, f) for f in _FIELDS]
            block = [row.block, row.start, row.at]
            entries.append([*attrs, row.host.role, block, row.data_digest, row.addresses, ref])
        if fresh:
            packs.append(self._put("pack", b"".join(fresh)))
        if len(packs) > MAX_PACKS:
            packs = self._compact(packs, pool, entries)
        index = {
            "code": inventory_code(),
            "digest": inventory.digest,
            "context": context,
            "groups": inventory.groups,
            "defaults": inventory.defaults,
            "packs": packs,
            "pool": pool,
            "hosts": entries,
            "text": None if text is None else self._put("text", text.encode())[0],
        }
        write_checked(self.index, index)
        self._remove_others({name for name, _ in packs} | {str(index["text"])})

    def _put(self, kind: str, data: bytes) -> tuple[str, int]:
        """A file named by its content, written even if one by that name is there: that one may
        be the damaged copy a read just refused (skipping it would refuse it on every run)."""
        name = f"inventory-{digest_of(data)}.{kind}"
        write_atomically(self.folder / name, data)
        return name, len(data)

    def _compact(
        self, packs: list[tuple[str, int]], pool: dict[str, Ref], entries: list[list[Any]]
    ) -> list[tuple[str, int]]:
        """Every pack but the first (the whole parse's) merged into one: a one-line edit adds
        a small pack, and past MAX_PACKS of them the next write merges them (a few KB each)
        instead of the next load parsing the whole inventory again. The refs are moved."""
        shift = {}
        at = 0
        for number, (_, size) in enumerate(packs[1:], start=1):
            shift[number] = at
            at += size
        merged = self._put("pack", b"".join(self._pack(n, size)[:] for n, size in packs[1:]))

        def moved(ref: Ref) -> Ref:
            return ref if ref[0] == 0 else (1, shift[ref[0]] + ref[1], ref[2])

        for digest, ref in pool.items():
            pool[digest] = moved(ref)
        for entry in entries:
            entry[-1] = moved(entry[-1])
        return [packs[0], merged]

    def text(self, snapshot: Snapshot) -> str | None:
        """The hosts.yaml text the snapshot's rows were split from; None if absent or damaged."""
        if snapshot.text is None:
            return None
        try:
            fd = self._file(snapshot.text, "text")
            with os.fdopen(fd, "rb") as f:
                data = f.read()
            if snapshot.text != f"inventory-{digest_of(data)}.text":
                return None
            return data.decode("utf-8")
        except (OSError, ValueError):
            return None

    def _remove_others(self, keep: set[str]) -> None:
        for old in self.folder.glob("inventory-*.*"):
            if old.name not in keep:
                old.unlink(missing_ok=True)  # a reader that has it open keeps its copy

    def clear(self) -> None:
        self.index.unlink(missing_ok=True)


def _snapshot(index: dict[str, Any], maps: list[mmap.mmap]) -> Snapshot:
    pool: dict[str, Ref] = {k: (v[0], v[1], v[2]) for k, v in index["pool"].items()}
    packs = Packs(maps, pool)
    hosts: dict[str, InventoryHost] = {}
    rows: dict[str, Row] = {}
    for entry in index["hosts"]:
        *attrs, role, (block, start, at), digest, addresses, ref = entry
        host = object.__new__(CachedHost)
        host.__dict__.update(zip(_FIELDS, attrs, strict=True))
        where: Ref = (ref[0], ref[1], ref[2])
        host.__dict__.update(data_digest=digest, _role=role, _pack=packs, _ref=where)
        hosts[host.name] = host
        if block is not None:
            rows[block] = Row(host, block, digest, addresses, where, start=int(start), at=int(at))
    digest = index["digest"]
    inventory = Inventory(hosts, index["groups"], index["defaults"], digest, (digest, frozenset()))
    packs_list = [(str(name), int(size)) for name, size in index["packs"]]
    text = index["text"]
    if text is not None and not isinstance(text, str):
        raise ValueError(f"not a file name: {text!r}")  # a forged index: read as no cache
    return Snapshot(inventory, index["context"], rows, packs_list, pool, text or None)
