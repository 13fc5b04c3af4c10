"""The MR gate's compliance, incrementally: a host is evaluated again only when its key changed.

`check` needs, per host, only the failing results (waivers are applied afterwards, on every
run, since they expire). They are a pure function of the rules and parameters, the host's
platform and resolved data (interface roles) and its rendered config, so that is the key.
A compliant host stores an empty list. Nothing secret is stored: rule ids and config lines that
hold only `%%SECRET:name%%` placeholders.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bluewire.cachefiles import code_digest, read_checked, write_checked
from bluewire.compliance.engine import Params
from bluewire.compliance.model import Rule
from bluewire.compliance.results import Evidence, RuleResult, Status
from bluewire.inventory.model import InventoryHost
from bluewire.inventory.store import host_data_digest

CODE = (
    "bluewire.compliance.cache",
    "bluewire.compliance.engine",
    "bluewire.compliance.index",
    "bluewire.compliance.model",
    "bluewire.config.tree",
    "bluewire.config.junos",
    "bluewire.config.junos_set",
    "bluewire.config.model",
    "bluewire.yamltypes",
)


def rules_digest(rules: Iterable[Rule], params: Params) -> str:
    h = hashlib.sha256(code_digest(*CODE).encode())
    for rule in rules:
        h.update(rule.model_dump_json().encode())
    h.update(json.dumps(params, sort_keys=True, default=str).encode())
    return h.hexdigest()[:32]


def _encode(r: RuleResult) -> list[Any]:
    return [r.rule, r.severity, str(r.status), [asdict(e) for e in r.evidence], r.message]


def _decode(host: str, raw: list[Any]) -> RuleResult:
    rule, severity, status, evidence, message = raw
    found = tuple(Evidence(**e) for e in evidence)
    return RuleResult(host, rule, severity, Status(status), found, None, message)


class FailureCache:
    """Failing results per host, keyed; `.bluewire/cache/compliance.json`."""

    def __init__(self, path: Path, rules: str) -> None:
        self.path = path
        self.rules = rules
        self.entries: dict[str, list[Any]] = {}
        self.dirty = False
        raw = read_checked(path)  # None: no cache, or a damaged one: evaluate everything
        if raw is not None and raw.get("rules") == rules and isinstance(raw.get("hosts"), dict):
            self.entries = raw["hosts"]

    def key(self, host: InventoryHost, config_digest: str) -> str | None:
        data = host_data_digest(host)
        if data is None:
            return None
        return hashlib.sha256(f"{host.platform}\0{data}\0{config_digest}".encode()).hexdigest()

    def get(self, host: str, key: str | None) -> list[RuleResult] | None:
        entry = self.entries.get(host)
        if key is None or not isinstance(entry, list) or len(entry) != 2 or entry[0] != key:
            return None
        try:
            return [_decode(host, r) for r in entry[1]]
        except (TypeError, ValueError, KeyError):  # not what this code wrote: evaluate again
            return None

    def put(self, host: str, key: str | None, failures: list[RuleResult]) -> None:
        if key is not None:
            self.entries[host] = [key, [_encode(r) for r in failures]]
            self.dirty = True

    def save(self, keep: Iterable[str]) -> None:
        wanted = set(keep)
        if self.dirty or set(self.entries) - wanted:
            hosts = {h: e for h, e in sorted(self.entries.items()) if h in wanted}
            payload = {"rules": self.rules, "hosts": hosts}
            write_checked(self.path, payload)
