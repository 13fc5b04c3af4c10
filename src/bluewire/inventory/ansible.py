"""The validated inventory as an Ansible inventory: the same hosts, groups and variables.

Operations teams run Ansible playbooks; this makes bluewire's inventory their one source of
truth. Groups keep their hierarchy (a bluewire parent group is an Ansible parent group) and their
data; a host carries only the variables Ansible would otherwise resolve differently, because
Ansible orders groups by depth and name where Nornir follows the host's list: so `ansible-inventory
--list` sees exactly the values bluewire resolves. Connection variables come from the platform
registry (`bluewire.platforms`).

Two safety rules: every value written in the repository is marked unsafe (`!unsafe` in YAML,
`__ansible_unsafe` in JSON), so a `{{ ... }}` in a description stays text and inventory data
never becomes Jinja (DESIGN, security model); and credentials are never part of it
(`runs/playbook.py` adds them in a private 0600 file).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from bluewire.errors import InventoryError, Problem
from bluewire.inventory.load import FILES
from bluewire.inventory.model import Endpoint, Inventory, InventoryHost
from bluewire.inventory.yamlfile import load_yaml
from bluewire.platforms import profile
from bluewire.project import Project

# Variables Ansible itself defines or obeys: inventory data under these names would change how
# Ansible connects or what a playbook sees, so such a key is refused (docs: "Special variables").
MAGIC = frozenset(
    {
        "groups",
        "group_names",
        "hostvars",
        "inventory_hostname",
        "inventory_hostname_short",
        "inventory_dir",
        "inventory_file",
        "omit",
        "play_hosts",
        "playbook_dir",
        "role_name",
        "role_names",
        "role_path",
        "environment",
    }
)
RESERVED_PREFIXES = ("ansible_", "bluewire_")
# Only for the lab: its host keys and TLS certificate are made fresh at every start.
LAB_VARS: Mapping[str, Any] = {
    "ansible_host_key_checking": False,
    "ansible_httpapi_validate_certs": False,
}


class Unsafe(str):
    """Text from the repository: Ansible must never template it."""

    __slots__ = ()


@dataclass
class AnsibleGroup:
    vars: dict[str, Any] = field(default_factory=dict)
    children: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)


@dataclass
class AnsibleInventory:
    """Groups (with `all` as the root) and each host's own variables."""

    groups: dict[str, AnsibleGroup]
    hostvars: dict[str, dict[str, Any]]


def build(
    project: Project,
    inv: Inventory,
    hosts: Iterable[InventoryHost] | None = None,
    endpoints: Mapping[str, Endpoint] | None = None,
) -> AnsibleInventory:
    """The Ansible view of `hosts` (default: all); at their lab twins when `endpoints` is given."""
    chosen = [h for h in (inv.hosts.values() if hosts is None else hosts)]
    if endpoints is not None:
        chosen = [h for h in chosen if h.name in endpoints]
    _refuse_reserved(project, inv, chosen)
    groups = _groups(inv)
    hostvars: dict[str, dict[str, Any]] = {}
    for host in chosen:
        for g in host.groups or ["all"]:
            groups[g].hosts.append(host.name)
        own = _own_vars(inv, host)
        where = endpoints[host.name] if endpoints is not None else None
        hostvars[host.name] = {**_mark(own), **_connection_vars(host, where)}
    return AnsibleInventory(groups, hostvars)


def _groups(inv: Inventory) -> dict[str, AnsibleGroup]:
    groups = {"all": AnsibleGroup(vars=_mark(dict(inv.defaults.get("data") or {})))}
    for name, raw in inv.groups.items():
        groups[name] = AnsibleGroup(vars=_mark(dict(raw.get("data") or {})))
    for name, raw in inv.groups.items():
        for parent in raw.get("groups") or ["all"]:
            groups[str(parent)].children.append(name)
    return groups


def _depths(inv: Inventory) -> dict[str, int]:
    """Ansible's group depth: the longest path from `all` (all = 0)."""
    depth: dict[str, int] = {}

    def of(name: str) -> int:
        if name not in depth:
            depth[name] = 0  # cycles are refused by validation; this only guards recursion
            parents = inv.groups.get(name, {}).get("groups") or []
            depth[name] = 1 + max((of(str(p)) for p in parents), default=0)
        return depth[name]

    for name in inv.groups:
        of(name)
    return depth


def ansible_group_vars(inv: Inventory, host: InventoryHost) -> dict[str, Any]:
    """What Ansible resolves from group variables alone: shallower groups first, then by name."""
    depth = _depths(inv)
    ordered = sorted(inv.expanded_groups(host), key=lambda g: (depth[g], g))
    resolved = dict(inv.defaults.get("data") or {})
    for g in ordered:
        resolved.update(inv.groups[g].get("data") or {})
    return resolved


def _own_vars(inv: Inventory, host: InventoryHost) -> dict[str, Any]:
    """The host's variables that group variables would not give it in Ansible."""
    from_groups = ansible_group_vars(inv, host)
    missing = object()
    return {k: v for k, v in host.data.items() if from_groups.get(k, missing) != v}


def _connection_vars(host: InventoryHost, endpoint: Endpoint | None) -> dict[str, Any]:
    prof = profile(host.platform)
    out: dict[str, Any] = {
        "ansible_host": Unsafe(endpoint.address if endpoint else host.hostname),
        "ansible_network_os": prof.ansible_network_os,
        "ansible_connection": prof.ansible_connection,
        **prof.ansible_vars,
        "bluewire_platform": host.platform,  # playbooks key policy data by bluewire's name
    }
    port = endpoint.port if endpoint else host.port
    if port is not None:
        out[prof.ansible_port_var] = port
    user = endpoint.username if endpoint else host.username
    if user:
        out["ansible_user"] = Unsafe(user)
    if endpoint is not None:
        out.update(LAB_VARS)
    return out


def _mark(value: Any) -> Any:
    if isinstance(value, str):
        return Unsafe(value)
    if isinstance(value, dict):
        return {k: _mark(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mark(v) for v in value]
    return value


def _reserved(key: str) -> bool:
    return key in MAGIC or key.startswith(RESERVED_PREFIXES)


def _refuse_reserved(project: Project, inv: Inventory, hosts: list[InventoryHost]) -> None:
    """A data key Ansible treats as its own is `file:line` and exit 1, before anything is written."""
    keys = {k for h in hosts for k in h.data if _reserved(k)}
    if not keys:
        return
    problems = []
    docs = [load_yaml(p, project.relative(p)) for p in map(project.inventory_dir.joinpath, FILES)]
    for doc in (d for d in docs if isinstance(d.data, dict)):
        for entry, body in doc.data.items():
            data = body.get("data") if isinstance(body, dict) else None
            path: tuple[str, ...] = (entry, "data")
            if entry == "data" and doc.file.endswith("defaults.yaml"):
                data, path = body, ("data",)
            for key in sorted(keys & set(data or {})):
                problems.append(Problem(doc.file, doc.line_of((*path, key)), _why(key)))
    raise InventoryError("inventory data uses names Ansible reserves", problems)


def _why(key: str) -> str:
    return f"data key '{key}' is a name Ansible reserves for itself; rename it"


# ---------------------------------------------------------------- the two serialized forms
class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    Unsafe, lambda d, v: d.represent_scalar("!unsafe", str(v), style="|" if "\n" in v else None)
)


def to_yaml(ai: AnsibleInventory) -> str:
    """A YAML inventory file (`ansible-playbook -i FILE`): the group tree under `all`.

    Host variables are written once, under `all`; groups list their members without them.
    """

    def tree(name: str) -> dict[str, Any]:
        group = ai.groups[name]
        node: dict[str, Any] = {}
        if group.vars:
            node["vars"] = group.vars
        if group.hosts:
            node["hosts"] = dict.fromkeys(group.hosts)
        if group.children:
            node["children"] = {c: tree(c) for c in group.children}
        return node

    root = tree("all")
    root["hosts"] = dict(ai.hostvars)
    header = "# Generated by `bluewire inventory export --format ansible`; do not edit.\n"
    return header + yaml.dump({"all": root}, Dumper=_Dumper, sort_keys=False, width=100)


def _json_value(value: Any) -> Any:
    if isinstance(value, Unsafe):
        return {"__ansible_unsafe": str(value)}
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def to_script_json(ai: AnsibleInventory) -> str:
    """What a dynamic inventory script prints for `--list` (groups plus `_meta.hostvars`)."""
    out: dict[str, Any] = {}
    for name, group in ai.groups.items():
        entry: dict[str, Any] = {"children": group.children}
        if group.hosts:
            entry["hosts"] = group.hosts
        if group.vars:
            entry["vars"] = _json_value(group.vars)
        out[name] = entry
    out["_meta"] = {"hostvars": _json_value(ai.hostvars)}
    return json.dumps(out, indent=2, sort_keys=True) + "\n"


def host_json(ai: AnsibleInventory, name: str) -> str:
    """What the script prints for `--host NAME` (Ansible only asks when `_meta` is missing)."""
    return json.dumps(_json_value(ai.hostvars.get(name, {})), indent=2, sort_keys=True) + "\n"
