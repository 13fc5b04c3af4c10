"""Generate a large inventory shaped like the example network (for benchmarks, never committed)."""

from __future__ import annotations

import shutil
from ipaddress import IPv4Address
from pathlib import Path
from typing import Any

import yaml

from bluewire.project import Project

REPO = Path(__file__).resolve().parents[1]


def _readdress(data: dict[str, Any], base: IPv4Address) -> dict[str, Any]:
    """Give a copied host unique addresses (the inventory rejects duplicate IPs)."""
    out = dict(data)
    if out.get("mgmt"):
        out["mgmt"] = {**out["mgmt"], "address": f"{base + 1}/26"}
    if out.get("loopback"):
        out["loopback"] = f"{base + 2}/32"
    out["interfaces"] = [
        {**i, "address": f"{base + 4 + 2 * n}/31"} if i.get("address") else i
        for n, i in enumerate(out.get("interfaces") or [])
    ]
    out["svis"] = [
        {**s, "address": f"{base + 40 + n}/24"} for n, s in enumerate(out.get("svis") or [])
    ]
    return out


def _rename_waived(policy: Path, generated: dict[str, Any]) -> None:
    """A waiver names the example's hosts: it now names their copies (else the policy is bad)."""
    doc = yaml.safe_load(policy.read_text())
    for waiver in doc.get("waivers") or []:
        wanted = set(waiver["hosts"])
        waiver["hosts"] = [name for name in generated if name.rsplit("-", 1)[0] in wanted]
    doc["waivers"] = [w for w in doc.get("waivers") or [] if w["hosts"]]
    policy.write_text(yaml.safe_dump(doc, sort_keys=False))


def make_fleet(folder: Path, hosts: int) -> Project:
    """A project with `hosts` hosts cloned round-robin from the example network."""
    raw = yaml.load((REPO / "inventory/hosts.yaml").read_text(), Loader=yaml.CSafeLoader)
    names = sorted(raw)
    generated: dict[str, Any] = {}
    for i in range(hosts):
        src = names[i % len(names)]
        entry = dict(raw[src])
        base = IPv4Address("10.0.0.0") + 64 * (i + 1)
        entry["data"] = _readdress(entry.get("data") or {}, base)
        entry["hostname"] = str(base + 1)
        generated[f"{src}-{i:05d}"] = entry
    (folder / "inventory").mkdir(parents=True, exist_ok=True)
    for name in ("groups.yaml", "defaults.yaml"):
        shutil.copy(REPO / "inventory" / name, folder / "inventory" / name)
    if not (folder / "inventory/policy").exists():  # the compliance profile `check` gates on
        shutil.copytree(REPO / "inventory/policy", folder / "inventory/policy")
        _rename_waived(folder / "inventory/policy/compliance.yaml", generated)
    text = yaml.dump(generated, Dumper=yaml.CSafeDumper, sort_keys=True, default_flow_style=None)
    (folder / "inventory/hosts.yaml").write_text(text)
    if not (folder / "templates").exists():
        shutil.copytree(REPO / "templates", folder / "templates")
    return Project(folder)
