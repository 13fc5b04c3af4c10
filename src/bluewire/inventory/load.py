"""Load the inventory: parse, validate, and cache the result keyed by the files' hashes.

YAML parsing dominates (InitNornir on 10k hosts: ~10 s); the cache is JSON, whose shared values
(group and defaults data) are stored once and shared between hosts again on load.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from bluewire.errors import InventoryError, Problem
from bluewire.inventory.model import Inventory, InventoryHost
from bluewire.inventory.resolve import Sources
from bluewire.inventory.validate import Memo, build_host, check_duplicate_addresses, check_shapes
from bluewire.inventory.yamlfile import YamlDoc, load_yaml
from bluewire.project import Project

CACHE_VERSION = "4"  # bump when validation changes: a cached inventory is trusted
FILES = ("hosts.yaml", "groups.yaml", "defaults.yaml")


def load_inventory(project: Project, *, use_cache: bool = True) -> Inventory:
    """The validated inventory; raises InventoryError listing every problem found."""
    paths = [project.inside(project.inventory_dir / f) for f in FILES]
    digest = _digest(paths)
    cache = project.inside(project.state_dir / "cache" / f"inventory-{digest}.json")
    if use_cache and cache.is_file():
        try:
            return _from_cache(cache, digest)
        except (ValueError, KeyError, OSError):
            pass  # a damaged cache is rebuilt, never trusted
    inventory = _parse(project, paths, digest)
    if use_cache:
        _write_cache(cache, inventory)
    return inventory


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256(CACHE_VERSION.encode())
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes() if p.is_file() else b"\0missing")
    return h.hexdigest()[:32]


def _parse(project: Project, paths: list[Path], digest: str) -> Inventory:
    # groups.yaml and defaults.yaml are optional in a SimpleInventory; hosts.yaml is not.
    hosts_doc, groups_doc, defaults_doc = (
        load_yaml(p, project.relative(p))
        if p.exists() or p.name == "hosts.yaml"
        else YamlDoc(project.relative(p), {})
        for p in paths
    )
    if not hosts_doc.problems and not hosts_doc.data:
        hosts_doc.problems.append(Problem(hosts_doc.file, 1, "no hosts: the inventory is empty"))
    src = Sources(hosts_doc, groups_doc, defaults_doc)
    problems: list[Problem] = [*hosts_doc.problems, *groups_doc.problems, *defaults_doc.problems]
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
    return Inventory({h.name: h for h in hosts}, groups, defaults, digest)


def _write_cache(path: Path, inv: Inventory) -> None:
    # Values are pooled by content so equal data is stored (and loaded) once; validation hands
    # a group's hosts the same objects, so identity short-cuts most of the hashing.
    pool: dict[str, Any] = {}
    ref_of: dict[int, str] = {}
    hosts = []
    for h in inv.hosts.values():
        refs = {}
        for key, value in h.data.items():
            ref = ref_of.get(id(value))
            if ref is None:
                blob = json.dumps(value, sort_keys=True, separators=(",", ":"))
                ref = ref_of[id(value)] = hashlib.sha1(blob.encode()).hexdigest()[:16]
                pool.setdefault(ref, value)
            refs[key] = ref
        hosts.append({**h.__dict__, "data": refs})
    payload = {
        "version": CACHE_VERSION,
        "pool": pool,
        "hosts": hosts,
        "groups": inv.groups,
        "defaults": inv.defaults,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(payload, separators=(",", ":"), default=str), encoding="utf-8")
    tmp.replace(path)
    for old in path.parent.glob("inventory-*.json"):
        if old != path:
            old.unlink(missing_ok=True)


def _from_cache(path: Path, digest: str) -> Inventory:
    payload = json.loads(path.read_text(encoding="utf-8"))
    if payload["version"] != CACHE_VERSION:
        raise ValueError("cache version")
    pool = payload["pool"]
    hosts = {}
    for raw in payload["hosts"]:
        raw["data"] = {k: pool[ref] for k, ref in raw["data"].items()}
        hosts[raw["name"]] = InventoryHost(**raw)
    return Inventory(hosts, payload["groups"], payload["defaults"], digest)
