"""`check`'s link warnings, recomputed only where a change can move them.

A host's warnings depend on its own interfaces and on those of the devices its descriptions
name. The cache (`.bluewire/cache/links.json`) keeps, per host, the digest of its resolved data,
the devices its descriptions name and its warnings (port, what). A run decodes the data only of
hosts whose digest changed (or that came or went) and of the hosts naming one of them, whose
warnings are computed again against the far ends' current interfaces; every other host's
warnings are the recorded ones. The warning's `hosts.yaml:LINE` is the host's current line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bluewire.cachefiles import code_digest, read_checked, write_checked
from bluewire.inventory.model import Inventory, InventoryHost
from bluewire.inventory.store import host_data_digest, inventory_code
from bluewire.lab.facts import Facts, Port
from bluewire.lab.topology import description_mistakes, named_devices
from bluewire.report.model import Finding, Kind

CODE = ("bluewire.runs.links", "bluewire.lab.topology", "bluewire.lab.facts")
Mistake = tuple[str, str]  # (port, what is wrong)


def link_findings(
    inventory: Inventory, selected: list[str], cache: Path | None = None
) -> list[Finding]:
    """Warnings (exit 0) for interface descriptions `<host> <port>` whose far end does not
    exist or does not name the port back: the device lab wires links by the same rule, so
    these are the links the lab (and a reader of the config) cannot trust.

    With `cache` (a run over every host of the inventory), only hosts a change can affect are
    looked at again.
    """
    facts = _Described(inventory, selected)
    if cache is None:
        found: dict[str, list[Mistake]] = {}
        for host, port, what in description_mistakes(facts):
            found.setdefault(host, []).append((port, what))
    else:
        found = _incremental(cache, facts)
    return [
        Finding(
            host, Kind.LINK, f"{inventory.hosts[host].defined_at}: {port}: {what}", blocking=False
        )
        for host in selected
        for port, what in found.get(host, ())
    ]


class _Described(Mapping[str, Facts]):
    """The selected hosts' described ports, each host's data decoded when first asked for."""

    def __init__(self, inventory: Inventory, selected: list[str]) -> None:
        self.inventory = inventory
        self.selected = selected
        self._names = frozenset(selected)
        self._facts: dict[str, Facts] = {}

    def __getitem__(self, name: str) -> Facts:
        facts = self._facts.get(name)
        if facts is None:
            if name not in self._names:
                raise KeyError(name)
            facts = self._facts[name] = _described_ports(self.inventory.hosts[name])
        return facts

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self.selected)

    def __len__(self) -> int:
        return len(self.selected)


def _described_ports(host: InventoryHost) -> Facts:
    ports = (
        Port(str(i["name"]), True, str(i.get("description") or ""), ())
        for i in host.data.get("interfaces") or []
    )
    return Facts(tuple(ports), {})


@dataclass
class _Row:
    digest: str
    names: str  # the devices its descriptions name, space-separated (a name has no space)
    mistakes: list[Mistake] = field(default_factory=list)

    def names_any(self, devices: set[str]) -> bool:
        """Whether its descriptions name one of `devices` (for a few, a substring test first:
        10,000 rows are looked at for a one-host change)."""
        if len(devices) <= 8 and not any(d in self.names for d in devices):
            return False
        return not devices.isdisjoint(self.names.split())


def _incremental(path: Path, facts: _Described) -> dict[str, list[Mistake]]:
    code = code_digest(*CODE) + inventory_code()
    old = _read(path, code)
    digests = {h: host_data_digest(facts.inventory.hosts[h]) for h in facts.selected}
    changed = {
        h for h, d in digests.items() if d is None or (r := old.get(h)) is None or r.digest != d
    }
    changed |= old.keys() - digests.keys()
    again = {h for h, r in old.items() if r.names_any(changed)} | changed if changed else set()
    rows = {h: r for h, r in old.items() if h in digests}
    todo = [h for h in facts.selected if h in again]
    mistakes: dict[str, list[Mistake]] = {h: [] for h in todo}
    for host, port, what in description_mistakes(facts, todo):
        mistakes[host].append((port, what))
    for host in todo:
        names = " ".join(named_devices(facts, host))
        rows[host] = _Row(digests[host] or "", names, mistakes[host])
    if changed:
        _write(path, code, {h: rows[h] for h in facts.selected if digests[h] is not None})
    return {h: rows[h].mistakes for h in facts.selected if rows[h].mistakes}


def _read(path: Path, code: str) -> dict[str, _Row]:
    """The rows at `path`; a missing, damaged, foreign or oddly shaped file is no rows."""
    raw = read_checked(path)
    if raw is None or raw.get("code") != code:
        return {}
    hosts, mistakes = raw.get("hosts"), raw.get("mistakes")
    if not isinstance(hosts, dict) or not isinstance(mistakes, dict):
        return {}
    if not all(type(v) is str for v in hosts.values()) or not mistakes.keys() <= hosts.keys():
        return {}
    if not all(_mistakes(m) for m in mistakes.values()):
        return {}
    rows = {}
    for host, line in hosts.items():
        digest, _, names = line.partition(" ")
        rows[host] = _Row(digest, names, [(p, w) for p, w in mistakes.get(host, ())])
    return rows


def _mistakes(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(m, list) and len(m) == 2 and all(isinstance(s, str) for s in m) for m in value
    )


def _write(path: Path, code: str, rows: Mapping[str, _Row]) -> None:
    hosts = {h: f"{r.digest} {r.names}" for h, r in rows.items()}
    mistakes = {h: [list(m) for m in r.mistakes] for h, r in rows.items() if r.mistakes}
    write_checked(path, {"code": code, "hosts": hosts, "mistakes": mistakes})
