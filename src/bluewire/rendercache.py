"""Incremental rendering: a host is rendered again only when something its config depends on changed.

A host's render key is a digest of everything its render reads: its resolved data and identity
(name, address, platform, groups), the content of every template in its template's
include/import/extends closure (a computed template name makes that the whole folder), and
bluewire's rendering code and Jinja's version. The index (`.bluewire/cache/render.json`) maps
each host to its last key and the digest of what that key rendered; the rendered text itself is
the golden config, which a hit reads back and checks against that digest (a golden file that
does not match is rendered again). Nothing secret is stored: keys and digests of configs that
hold only `%%SECRET:name%%` placeholders.

A golden file is known to hold its host's config, without being read, while its stat
signature (size, mtime, ctime, inode) is the one recorded when it was last compared; a file
changed within a second of that recording is read again (git's "racily clean" rule).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from bluewire.cachefiles import code_digest, read_checked, write_checked
from bluewire.inventory.model import Inventory, InventoryHost
from bluewire.inventory.store import host_data_digest
from bluewire.project import Project
from bluewire.render import template_name
from bluewire.secrets import RenderedConfig
from bluewire.template_graph import template_closure

CODE = (
    "bluewire.render",
    "bluewire.sandbox",
    "bluewire.secrets",
    "bluewire.inventory.model",
    "bluewire.inventory.strings",
    "bluewire.rendercache",
)
RACY_NS = 1_000_000_000
Signature = list[int]  # size, mtime_ns, ctime_ns, inode, when it was recorded (ns)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _signature(path: Path | str) -> Signature | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None  # a symlink or worse: never trusted, the golden check refuses it
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def template_files(templates_dir: Path) -> dict[str, str]:
    """Every file of the templates folder by name, with the digest of its content."""
    return {
        p.relative_to(templates_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(templates_dir.rglob("*"))
        if p.is_file()
    }


def closure_digests(templates_dir: Path, files: dict[str, str]) -> dict[str, str]:
    """Template name -> digest of the content of every template its render can read."""
    out = {}
    for name, reached in template_closure(templates_dir).items():
        h = hashlib.sha256()
        for ref in sorted(reached):
            h.update(f"{ref}\0{files.get(ref, 'missing')}\0".encode())
        out[name] = h.hexdigest()[:32]
    return out


@dataclass
class Entry:
    key: str
    digest: str  # of the rendered config
    golden: Signature | None = None  # the golden file's signature when it last matched


@dataclass
class RenderIndex:
    """Per host: the key it was last rendered with, the digest of the result, the golden file;
    and the closure digests of the last templates folder seen (parsing templates costs)."""

    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    templates: str = ""  # digest of every template file
    closures: dict[str, str] = field(default_factory=dict)
    # The inventory digest every entry was keyed against (a run over every host that keyed
    # and stored all of them); "" when some entry may be older.
    inventory: str = ""

    @classmethod
    def read(cls, path: Path) -> RenderIndex:
        """The index at `path`; a missing, damaged or foreign one is an empty index."""
        raw = read_checked(path)
        if raw is None or raw.get("code") != code_digest(*CODE):
            return cls(path)
        try:
            entries = {h: _entry(e) for h, e in raw["hosts"].items()}
            templates, closures, inventory = raw["templates"], raw["closures"], raw["inventory"]
        except (KeyError, TypeError, ValueError, AttributeError):
            return cls(path)
        if not isinstance(templates, str) or not _strings(closures):
            return cls(path)
        return cls(path, entries, templates, closures, inventory if type(inventory) is str else "")

    def write(self) -> None:
        payload = {
            "code": code_digest(*CODE),
            "templates": self.templates,
            "closures": self.closures,
            "inventory": self.inventory,
            "hosts": {h: [e.key, e.digest, e.golden] for h, e in sorted(self.entries.items())},
        }
        write_checked(self.path, payload)


def _strings(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def _entry(raw: object) -> Entry:
    """One host's row, its shape checked (ValueError: not an entry this code wrote)."""
    if not isinstance(raw, list) or len(raw) != 3:
        raise ValueError(raw)
    key, digest, golden = raw
    if not (isinstance(key, str) and isinstance(digest, str)):
        raise ValueError(raw)
    if golden is not None and not (
        isinstance(golden, list) and len(golden) == 5 and all(type(n) is int for n in golden)
    ):
        raise ValueError(raw)
    return Entry(key, digest, golden)


class RenderKeys:
    """Render keys of hosts under one templates folder."""

    def __init__(self, templates_dir: Path, index: RenderIndex) -> None:
        self.code = code_digest(*CODE)
        self.closures: dict[str, str] = {}
        self.same = False  # the templates are those the index's entries were keyed with
        try:
            files = template_files(templates_dir)
            folder = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()
            self.same = index.templates == folder
            if not self.same:
                index.templates, index.closures = folder, closure_digests(templates_dir, files)
        except (jinja2.TemplateError, OSError, UnicodeDecodeError):
            self.same = False
            return  # a template that does not parse: no keys, every host rendered (and reported)
        self.closures = index.closures

    def key(self, host: InventoryHost) -> str | None:
        """None when the host cannot be keyed (its data is not JSON-exact, its template absent)."""
        closure = self.closures.get(template_name(host))
        data = host_data_digest(host)
        if closure is None or data is None:
            return None
        groups = ",".join(host.groups)
        identity = f"{host.name}\0{host.hostname}\0{host.platform}\0{groups}\0{data}\0{closure}"
        return hashlib.sha256(f"{identity}\0{self.code}".encode()).hexdigest()[:32]


class Configs(Mapping[str, RenderedConfig]):
    """Rendered configs by host; a cache hit's text is read from its golden file when asked for."""

    def __init__(
        self,
        fresh: dict[str, RenderedConfig],
        hits: Iterable[str],
        load: Callable[[str], RenderedConfig],
    ) -> None:
        self._texts = dict(fresh)
        self._names = sorted({*fresh, *hits})
        self._load = load

    def __getitem__(self, host: str) -> RenderedConfig:
        text = self._texts.get(host)
        if text is None:
            if host not in self._names:
                raise KeyError(host)
            text = self._texts[host] = self._load(host)
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class RenderCache:
    """The index of one project, and what this run learned about its hosts."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.golden_dir = project.golden_dir  # checked once: no symlink on the way
        self._golden_prefix = os.path.join(self.golden_dir, "")  # 10,000 stats: no Path each
        self.index = RenderIndex.read(project.inside(project.state_dir / "cache" / "render.json"))
        self.keys = RenderKeys(project.templates_dir, self.index)
        self.now: dict[str, str] = {}  # host -> key in this run
        self.dirty = False  # the index holds something its file does not
        self.inventory = ""  # the inventory digest of this run

    def hits(self, hosts: Iterable[InventoryHost], inventory: Inventory | None = None) -> set[str]:
        """The hosts whose key is unchanged: their config is the one recorded.

        When the index was keyed against the inventory this one was loaded from (and the
        templates are the same), a host whose entry did not change has the key it had: it is
        not keyed again (10,000 digests per run)."""
        found = set()
        entries, unchanged = self.index.entries, self._unchanged(inventory)
        for host in hosts:
            entry = entries.get(host.name)
            if entry is not None and unchanged(host.name):
                self.now[host.name] = entry.key
                found.add(host.name)
                continue
            key = self.keys.key(host)
            if key is None:
                continue
            self.now[host.name] = key
            entry = self.index.entries.get(host.name)
            if entry is not None and entry.key == key:
                found.add(host.name)
        return found

    def _unchanged(self, inventory: Inventory | None) -> Callable[[str], bool]:
        if inventory is None:
            return lambda _: False
        self.inventory = inventory.digest
        if inventory.changed is None or not self.keys.same:
            return lambda _: False
        base, changed = inventory.changed
        if not base or base != self.index.inventory:
            return lambda _: False
        return lambda name: name not in changed

    def store(self, host: str, config: str) -> None:
        key = self.now.get(host)
        if key is not None:
            self.index.entries[host] = Entry(key, text_digest(config))
            self.dirty = True

    def digests(self) -> dict[str, str]:
        """Rendered config digest by host, for the hosts keyed in this run."""
        entries = self.index.entries
        return {
            h: e.digest
            for h, key in self.now.items()
            if (e := entries.get(h)) is not None and e.key == key
        }

    def golden_current(self, hosts: Iterable[str]) -> set[str]:
        """Hosts whose golden file is known to hold their config, by its stat signature."""
        out = set()
        for host in hosts:
            entry = self.index.entries.get(host)
            if entry is None or entry.golden is None:
                continue
            *sig, recorded = entry.golden
            if sig[2] < recorded - RACY_NS and _signature(self._golden_str(host)) == sig:
                out.add(host)
        return out

    def golden_matches(self, hosts: Iterable[str]) -> bool:
        """Record that these hosts' golden files now hold their configs (just compared)."""
        recorded = time.time_ns()
        changed = False
        for host in hosts:
            entry = self.index.entries.get(host)
            sig = _signature(self._golden_str(host))
            if entry is not None and sig is not None and entry.key == self.now.get(host):
                entry.golden = [*sig, recorded]
                changed = True
        self.dirty |= changed
        return changed

    def read_golden(self, host: str) -> RenderedConfig | None:
        """The host's golden file, if it is exactly what its key rendered."""
        entry = self.index.entries.get(host)
        try:
            text = self.project.read_text(self._golden(host))
        except (OSError, ValueError):
            return None
        if entry is None or text_digest(text) != entry.digest:
            return None
        return RenderedConfig(text)

    def _consistent(self, keep: Iterable[str] | None) -> str:
        """This run's inventory digest if every entry was keyed against it: every host was
        selected (`keep`), and each one keyed has its entry stored with that key."""
        if keep is None or not self.inventory:
            return ""
        entries, now = self.index.entries, self.now
        if len(now) != len(entries) or any(
            (e := entries.get(h)) is None or e.key != key for h, key in now.items()
        ):
            return ""
        return self.inventory

    def _golden(self, host: str) -> Path:
        return self.golden_dir / f"{host}.cfg"

    def _golden_str(self, host: str) -> str:
        return f"{self._golden_prefix}{host}.cfg"

    def save(self, keep: Iterable[str] | None = None) -> None:
        """Write the index if it changed (one write per run: 10,000 rows); with `keep` (every
        host of the inventory), forget the others."""
        if keep is not None:
            wanted = set(keep)
            entries = self.index.entries
            if any(h not in wanted for h in entries):
                self.index.entries = {h: e for h, e in entries.items() if h in wanted}
                self.dirty = True
        consistent = self._consistent(keep)
        if consistent != self.index.inventory:
            self.index.inventory = consistent
            self.dirty = True
        if self.dirty:
            self.index.write()
            self.dirty = False
