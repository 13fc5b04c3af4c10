"""The group graph: parents that exist, no cycles, and no host that shadows a group's name.

Nornir resolves a host's groups depth first; a cycle (`a: {groups: [b]}`, `b: {groups: [a]}`)
passes bluewire's own resolution (it visits each group once) but sends Nornir into endless
recursion, and a host called like a group (`ios`, `all`) makes `--limit ios` mean two things.
"""

from __future__ import annotations

from typing import Any

from bluewire.errors import Problem
from bluewire.hints import did_you_mean
from bluewire.inventory.strings import dotted
from bluewire.inventory.yamlfile import PathKey, YamlDoc

ALL = "all"  # `--limit all` selects every host


def _mapping(doc: YamlDoc) -> dict[str, Any]:
    return doc.data if isinstance(doc.data, dict) else {}


def _problem(doc: YamlDoc, path: PathKey, message: str) -> Problem:
    return Problem(doc.file, doc.line_of(path), message, dotted(path))


def _parents(entry: Any) -> list[str]:
    groups = entry.get("groups") if isinstance(entry, dict) else None
    return [g for g in groups if isinstance(g, str)] if isinstance(groups, list) else []


def unknown_groups(
    doc: YamlDoc, base: PathKey, entry: dict[str, Any], groups: dict[str, Any]
) -> list[Problem]:
    """Each group an entry names exists (with the closest name as a hint when it does not)."""
    return [
        _problem(doc, (*base, "groups", i), f"unknown group '{g}'{did_you_mean(g, groups)}")
        for i, g in enumerate(entry.get("groups") or [])
        if isinstance(g, str) and g not in groups
    ]


def check_group_graph(hosts: YamlDoc, groups_doc: YamlDoc) -> list[Problem]:
    """Cycles among groups, and host names that are also group names (or `all`)."""
    groups = _mapping(groups_doc)
    problems = _cycles(groups_doc, groups)
    problems += [
        _problem(hosts, (name,), _clash(name))
        for name in _mapping(hosts)
        if isinstance(name, str) and (name in groups or name == ALL)
    ]
    if ALL in groups:
        problems.append(_problem(groups_doc, (ALL,), _clash(ALL, "group")))
    return problems


def _clash(name: str, kind: str = "host") -> str:
    if name == ALL:
        return f"a {kind} cannot be called 'all': --limit all means every host"
    return f"host '{name}' has the name of a group: --limit {name} would mean both; rename one"


def _cycles(doc: YamlDoc, groups: dict[str, Any]) -> list[Problem]:
    """Each cycle once, at the `groups:` line of its member defined first in the file."""
    problems = []
    for start in groups:
        chain = _cycle_from(groups, start)
        if chain and start == min(chain, key=lambda g: doc.line_of((g,))):
            where = (start, "groups")
            problems.append(_problem(doc, where, "group cycle: " + " -> ".join([*chain, start])))
    return problems


def _cycle_from(groups: dict[str, Any], start: str) -> list[str] | None:
    """A chain of parents from `start` back to `start`, if there is one."""
    stack: list[list[str]] = [[start]]
    seen: set[str] = set()
    while stack:
        path = stack.pop()
        for parent in _parents(groups.get(path[-1])):
            if parent == start:
                return path
            if parent not in seen and parent in groups:
                seen.add(parent)
                stack.append([*path, parent])
    return None
