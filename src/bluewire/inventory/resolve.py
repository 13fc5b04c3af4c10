"""Nornir's inheritance (host, then its groups depth-first, then defaults), remembering origins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bluewire.inventory.yamlfile import PathKey, YamlDoc

_RANGE = re.compile(r"^(?P<prefix>.*?)\[(?P<first>\d+)-(?P<last>\d+)\](?P<suffix>.*)$")


@dataclass(frozen=True)
class Origin:
    """Where a resolved value was written: the file and the path inside it."""

    doc: YamlDoc
    path: PathKey

    def line(self, below: PathKey = ()) -> int:
        return self.doc.line_of((*self.path, *below))


@dataclass
class Sources:
    hosts: YamlDoc
    groups: YamlDoc
    defaults: YamlDoc

    def entry(self, doc: YamlDoc, name: str) -> dict[str, Any]:
        data = doc.data if isinstance(doc.data, dict) else {}
        value = data.get(name)
        return value if isinstance(value, dict) else {}


def group_order(host_groups: list[str], groups: dict[str, Any]) -> list[str]:
    """The groups and their parents, depth first, each once: Nornir's resolution order."""
    order: list[str] = []

    def walk(name: str) -> None:
        if name in order or not isinstance(groups.get(name), dict):
            return
        order.append(name)
        for parent in groups[name].get("groups") or []:
            walk(str(parent))

    for g in host_groups:
        walk(str(g))
    return order


def resolve_host(
    src: Sources, name: str
) -> tuple[dict[str, Any], dict[str, Origin], dict[str, Any], dict[str, Origin]]:
    """Resolved (attributes, their origins, data keys, their origins) for one host."""
    host = src.entry(src.hosts, name)
    groups = src.groups.data if isinstance(src.groups.data, dict) else {}
    layers: list[tuple[YamlDoc, PathKey, dict[str, Any]]] = [(src.hosts, (name,), host)]
    for g in group_order(list(host.get("groups") or []), groups):
        layers.append((src.groups, (g,), groups[g]))
    defaults = src.defaults.data if isinstance(src.defaults.data, dict) else {}
    layers.append((src.defaults, (), defaults))

    attrs: dict[str, Any] = {}
    attr_origin: dict[str, Origin] = {}
    data: dict[str, Any] = {}
    data_origin: dict[str, Origin] = {}
    for doc, base, entry in layers:
        for key in ("hostname", "platform", "port", "username", "password"):
            if entry.get(key) is not None and key not in attrs:
                attrs[key] = entry[key]
                attr_origin[key] = Origin(doc, (*base, key))
        layer_data = entry.get("data")
        if isinstance(layer_data, dict):
            _merge_under(data, layer_data, data_origin, Origin(doc, (*base, "data")), ())
    return attrs, attr_origin, data, data_origin


def _merge_under(
    into: dict[str, Any],
    layer: dict[str, Any],
    origins: dict[Any, Origin],
    at: Origin,
    path: tuple[str, ...],
) -> None:
    """Fill keys `into` lacks from a lower-priority layer; mappings merge key by key.

    Nornir merges data one level deep, so a host's `mgmt: {address: ...}` would hide the defaults'
    `mgmt.networks`; bluewire merges mappings all the way down, which is what inventories expect.
    Origins are recorded per key path, so an error deep in merged data still names its own file:line.
    Values are shared with the YAML data, not copied, until a merge has to write into one
    (copy on write), so validation can recognise group data it has already checked.
    """
    for key, value in layer.items():
        here = (*path, key)
        if key not in into:
            into[key] = value
            origins[here if path else key] = Origin(at.doc, (*at.path, *here))
        elif (
            isinstance(into[key], dict)
            and isinstance(value, dict)
            and (any(k not in into[key] for k in value) or _needs_deeper_merge(into[key], value))
        ):
            into[key] = dict(into[key])
            _merge_under(into[key], value, origins, at, here)


def _needs_deeper_merge(mine: dict[str, Any], theirs: dict[str, Any]) -> bool:
    return any(
        isinstance(mine.get(k), dict) and isinstance(v, dict) and v is not mine.get(k)
        for k, v in theirs.items()
    )


def expand_interfaces(interfaces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`GigabitEthernet1/0/[1-40]` stands for forty interfaces with the same settings."""
    out: list[dict[str, Any]] = []
    for entry in interfaces:
        match = _RANGE.match(str(entry.get("name", "")))
        if not match:
            out.append(entry)
            continue
        for n in range(int(match["first"]), int(match["last"]) + 1):
            out.append({**entry, "name": f"{match['prefix']}{n}{match['suffix']}"})
    return out
