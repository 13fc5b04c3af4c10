"""Load the inventory: parse, validate, and cache the result for instant and incremental loads.

Three ways, the same result: the cache when no file changed; an incremental load when only
hosts.yaml changed (the entries whose text changed are parsed and validated, every other host
comes from the cache: see inventory.blocks); a whole parse otherwise. The incremental load
trusts nothing it cannot vouch for: any doubt, and any problem at all, sends it to the whole
parse, which reports every problem with its file:line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bluewire.cachefiles import caching_enabled
from bluewire.config.model import gc_paused
from bluewire.errors import InventoryError, Problem
from bluewire.inventory import blocks as hostblocks
from bluewire.inventory.blocks import Block
from bluewire.inventory.model import Inventory, InventoryHost
from bluewire.inventory.resolve import Sources
from bluewire.inventory.respin import respin
from bluewire.inventory.store import (
    Encoder,
    InventoryStore,
    Row,
    Snapshot,
    digest_of,
    inventory_code,
    plain_json,
)
from bluewire.inventory.validate import (
    TYPED_KEYS,
    Memo,
    address_owners,
    build_host,
    check_duplicate_addresses,
    check_duplicate_owners,
    check_shapes,
)
from bluewire.inventory.yamlfile import (
    Builder,
    Locator,
    Unsafe,
    YamlDoc,
    compose_text,
    decode_text,
    node_locator,
    parse_text,
)
from bluewire.project import Project, read_regular

FILES = ("hosts.yaml", "groups.yaml", "defaults.yaml")
Texts = dict[str, "bytes | OSError | None"]  # None: no such file


@dataclass
class Parsed:
    inventory: Inventory
    root: yaml.Node | None = None  # hosts.yaml as composed (a whole parse)
    rows: list[Row] | None = None  # the cache's rows (None: not cacheable)
    encoder: Encoder | None = None  # what encoded the new rows
    base: Snapshot | None = None  # the cache an incremental load built on
    text: str | None = None  # hosts.yaml's text, when the rows know their entries in it


def load_inventory(project: Project, *, use_cache: bool = True) -> Inventory:
    """The validated inventory; raises InventoryError listing every problem found."""
    paths = [project.inside(project.inventory_dir / f) for f in FILES]
    texts: Texts = {p.name: _read(p) for p in paths}
    digest = _digest(texts)
    with gc_paused():  # millions of fresh acyclic objects: the collector would only slow us down
        if not (use_cache and caching_enabled()):
            return _parse(project, texts, digest).inventory
        store = InventoryStore(project.inside(project.state_dir / "cache"))
        snapshot = store.read()
        if snapshot is not None and snapshot.inventory.digest == digest:
            return snapshot.inventory
        context = _context(texts)
        parsed = None
        if snapshot is not None and snapshot.context == context:
            parsed = _incremental(project, texts, digest, snapshot, store.text(snapshot))
        if parsed is None:
            parsed = _parse(project, texts, digest)
            parsed.encoder = Encoder(TYPED_KEYS)
            keys = _block_keys(texts, parsed.root)
            parsed.rows = _rows(parsed, keys)
            parsed.text = _text(texts) if keys else None
        if parsed.rows is None or parsed.encoder is None:
            store.clear()
        else:
            rows, encoder = parsed.rows, parsed.encoder
            store.write(parsed.inventory, context, rows, encoder, parsed.base, parsed.text)
        return parsed.inventory


def _read(path: Path) -> bytes | OSError | None:
    if not path.exists():
        return None
    try:
        return read_regular(path)  # a pipe is refused, never waited on
    except OSError as exc:
        return exc


def _digest(texts: Texts) -> str:
    h = hashlib.sha256(inventory_code().encode())
    for name, data in texts.items():
        h.update(name.encode())
        h.update(data if isinstance(data, bytes) else f"\0{data!r}".encode())
    return h.hexdigest()[:32]


def _context(texts: Texts) -> str:
    """What every host depends on besides its own entry: groups, defaults, bluewire's code."""
    return _digest({k: v for k, v in texts.items() if k != "hosts.yaml"})


def _doc(project: Project, name: str, texts: Texts) -> tuple[YamlDoc, yaml.Node | None]:
    shown = project.relative(project.inventory_dir / name)
    data = texts[name]
    if data is None and name != "hosts.yaml":  # groups.yaml and defaults.yaml are optional
        return YamlDoc(shown, {}), None
    if not isinstance(data, bytes):
        reason = data.strerror if isinstance(data, OSError) else "No such file or directory"
        return YamlDoc(shown, None, [Problem(shown, 0, f"cannot read: {reason}")]), None
    text, problem = decode_text(data, shown)
    if text is None:
        return YamlDoc(shown, None, [problem or Problem(shown, 0, "cannot read")]), None
    return parse_text(text, shown)


def _parse(project: Project, texts: Texts, digest: str) -> Parsed:
    (hosts_doc, root), (groups_doc, _), (defaults_doc, _) = (_doc(project, n, texts) for n in FILES)
    if not hosts_doc.problems and not hosts_doc.data:
        hosts_doc.problems.append(Problem(hosts_doc.file, 1, "no hosts: the inventory is empty"))
    src = Sources(hosts_doc, groups_doc, defaults_doc)
    problems: list[Problem] = [*hosts_doc.problems, *groups_doc.problems, *defaults_doc.problems]
    if problems and any(doc.data is None for doc in (hosts_doc, groups_doc, defaults_doc)):
        # A file that could not be read or parsed: what follows from its absence (every host
        # "in an unknown group", "no platform") is noise that buries the one line that matters.
        raise InventoryError(f"{len(problems)} problem(s) in the inventory", problems)
    problems += check_shapes(src)
    # A value the string scan refused is reported once, not again by its schema type.
    flagged = {(p.file, p.line, p.path) for p in problems}
    hosts: list[InventoryHost] = []
    memo: Memo = {}
    for name in sorted((hosts_doc.data or {}) if isinstance(hosts_doc.data, dict) else {}):
        host, host_problems = build_host(src, str(name), memo)
        problems += [p for p in host_problems if (p.file, p.line, p.path) not in flagged]
        if host:
            hosts.append(host)
    problems += check_duplicate_addresses(hosts, src)
    if problems:
        unique = sorted(set(problems))
        raise InventoryError(f"{len(unique)} problem(s) in the inventory", unique)
    groups = groups_doc.data if isinstance(groups_doc.data, dict) else {}
    defaults = defaults_doc.data if isinstance(defaults_doc.data, dict) else {}
    return Parsed(Inventory({h.name: h for h in hosts}, groups, defaults, digest), root)


def _text(texts: Texts) -> str | None:
    data = texts["hosts.yaml"]
    return decode_text(data, "")[0] if isinstance(data, bytes) else None


def _block_keys(texts: Texts, root: yaml.Node | None) -> dict[str, hostblocks.Block]:
    """Host name -> its hosts.yaml entry (none when the file does not split)."""
    text = _text(texts)
    split = hostblocks.split(text) if text else None
    if split is None or not isinstance(root, yaml.MappingNode):
        return {}
    at_line = hostblocks.owner(split)
    keys = {}
    for key_node, _ in root.value:
        block = at_line(key_node.start_mark.line)
        if block is not None and isinstance(key_node, yaml.ScalarNode):
            keys[str(key_node.value)] = block
    return keys


def _rows(parsed: Parsed, keys: dict[str, hostblocks.Block]) -> list[Row] | None:
    """Cache rows of a whole parse; None when some data is not JSON-exact (then no cache)."""
    inv, encoder = parsed.inventory, parsed.encoder
    if encoder is None or not plain_json({"g": inv.groups, "d": inv.defaults}):
        return None
    rows = []
    for host in inv.hosts.values():
        row = fresh_row(host, keys.get(host.name), encoder)
        if row is None:
            return None
        rows.append(row)
    return rows


def fresh_row(host: InventoryHost, block: hostblocks.Block | None, encoder: Encoder) -> Row | None:
    """A new host's cache row (its data encoded); None when JSON cannot hold the host."""
    blob = encoder.host(host.data)
    if blob is None or not plain_json(host.connection_options):
        return None
    host.__dict__["data_digest"] = digest = digest_of(blob)
    owners = [[ip, what] for ip, what in address_owners(host)]
    if block is None:
        return Row(host, None, digest, owners, None, blob)
    return Row(host, block.key, digest, owners, None, blob, block.start, block.at)


def _incremental(
    project: Project, texts: Texts, digest: str, old: Snapshot, old_text: str | None
) -> Parsed | None:
    """The inventory from the cache plus the hosts.yaml entries that changed; None on any doubt."""
    text = _text(texts)
    if not text:
        return None
    found = _respun(text, old, old_text) or _resplit(text, old)
    if found is None:
        return None
    reused, changed, split = found
    if len(changed) > (len(reused) + len(changed)) // 2:
        return None  # mostly new (a bulk edit): one whole parse is cheaper
    encoder = Encoder(TYPED_KEYS)
    fresh = _parse_entries(project, texts, split, changed, encoder)
    if fresh is None:
        return None
    rows = sorted([*reused, *fresh], key=lambda r: r.host.name)
    names = [r.host.name for r in rows]
    if len(set(names)) != len(names):
        return None  # a duplicate host: the whole parse reports it
    owners = [(r.host.name, [(ip, what) for ip, what in r.addresses]) for r in rows]
    if check_duplicate_owners(owners, YamlDoc("", None)):
        return None
    hosts = {r.host.name: r.host for r in rows}
    base = old.inventory
    news = frozenset([*(r.host.name for r in fresh), *(set(base.hosts) - set(hosts))])
    inventory = Inventory(hosts, base.groups, base.defaults, digest, (base.digest, news))
    return Parsed(inventory, rows=rows, encoder=encoder, base=old, text=text)


# reused rows, changed blocks, and the blocks their dependencies are looked up in
Found = tuple[list[Row], list[hostblocks.Block], "Sequence[Block] | Mapping[int, Block]"]


def _resplit(text: str, old: Snapshot) -> Found | None:
    """Every entry split and keyed; those whose key the cache has are reused."""
    split = hostblocks.split(text)
    if split is None:
        return None
    reused = [old.rows[b.key].moved_to(b.start, b.at) for b in split if b.key in old.rows]
    changed = [b for b in split if b.key not in old.rows]
    return reused, changed, split


def _respun(text: str, old: Snapshot, old_text: str | None) -> Found | None:
    """Only the entries around the edit split, found by comparing the text with the one the
    cache's rows came from (see blocks.respin); None when that cannot vouch for the result."""
    if old_text is None or len(old.rows) != len(old.inventory.hosts):
        return None
    order = sorted(old.rows.values(), key=lambda r: r.at)
    spin = respin(old_text, text, [r.at for r in order])
    if spin is None:
        return None
    around = {r.block: r for r in order[spin.first : spin.end]}
    reused = [
        *order[: spin.first],
        *(around[b.key].moved_to(b.start, b.at) for b in spin.blocks if b.key in around),
        *(r.moved_to(r.start + spin.lines, r.at + spin.chars) for r in order[spin.end :]),
    ]
    changed = [b for b in spin.blocks if b.key not in around]
    return reused, changed, {**spin.deps, **{b.index: b for b in spin.blocks}}


def _parse_entries(
    project: Project,
    texts: Texts,
    split: Sequence[Block] | Mapping[int, Block],
    changed: list[hostblocks.Block],
    encoder: Encoder,
) -> list[Row] | None:
    """Parse, check and validate the changed entries; None if anything is wrong with them."""
    shown = project.relative(project.inventory_dir / "hosts.yaml")
    locators: dict[Any, Locator] = {}  # host name -> lines of its entry's unit, as file lines
    hosts_doc = YamlDoc(
        shown,
        {},
        locate=lambda path: locators[path[0]](path) if path[:1] and path[0] in locators else None,
    )
    for block in changed:
        entry = _parse_entry(hosts_doc, hostblocks.unit(split, block))
        if entry is None:
            return None
        name, value, locators[name] = entry
        if name in hosts_doc.data:
            return None
        hosts_doc.data[name] = value
    groups_doc, _ = _doc(project, "groups.yaml", texts)
    defaults_doc, _ = _doc(project, "defaults.yaml", texts)
    src = Sources(hosts_doc, groups_doc, defaults_doc)
    if hosts_doc.problems or check_shapes(src):
        return None
    rows: list[Row] = []
    memo: Memo = {}
    for block, name in zip(changed, hosts_doc.data, strict=True):
        host, problems = build_host(src, name, memo)
        row = fresh_row(host, block, encoder) if host is not None and not problems else None
        if row is None:
            return None
        rows.append(row)
    return rows


def _parse_entry(doc: YamlDoc, unit: hostblocks.Unit) -> tuple[Any, Any, Locator] | None:
    """(name, value, where its lines are) of the block's own entry in its unit; None if it is
    not exactly one entry."""
    root, problem = compose_text(unit.text, doc.file)
    if problem is not None or not isinstance(root, yaml.MappingNode):
        return None
    first, end = unit.own
    own = [(k, v) for k, v in root.value if first <= k.start_mark.line < end]
    if len(own) != 1 or not isinstance(own[0][0], yaml.ScalarNode):
        return None
    builder = Builder(doc, unit.file_line)
    try:
        name = builder.checked(own[0][0], ())
        value = builder.checked(own[0][1], (name,))
    except Unsafe:
        return None  # past a limit: the whole parse says where
    return name, value, node_locator(root, unit.file_line)
