"""The validated inventory as plain data: what render, plan and the Nornir plugin consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from bluewire.errors import BluewireError
from bluewire.hints import did_you_mean
from bluewire.inventory.resolve import group_order


class Endpoint(Protocol):
    """Where a host's stand-in listens and how to log in (the lab's `LabEndpoint` is one).

    Declared next to the inventory because both ways of reaching a host read it: Nornir's
    (`device/connect.py`) and Ansible's (`inventory/ansible.py`).
    """

    @property
    def address(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def username(self) -> str: ...
    @property
    def password(self) -> str: ...


@dataclass(frozen=True)
class TemplateHost:
    """The host as nornir_jinja2 templates see it: `host.name`, `host["ntp"]`, `host.data`.

    `data` is the resolved data (host, groups, defaults), so `host["key"]` and `host.data.key`
    agree with the top-level variables bluewire's own templates use.
    """

    name: str
    hostname: str
    platform: str
    groups: list[str]
    data: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def __str__(self) -> str:
        return self.name


@dataclass
class InventoryHost:
    name: str
    hostname: str
    platform: str
    groups: list[str]
    data: dict[str, Any]
    port: int | None = None
    username: str | None = None
    connection_options: dict[str, Any] = field(default_factory=dict)
    defined_at: str = ""  # `inventory/hosts.yaml:LINE`, for errors about the host as a whole

    @property
    def role(self) -> str | None:
        """The template role; None for a host bluewire does not render (a plain Nornir host)."""
        role = self.data.get("role")
        return str(role) if role else None

    def template_vars(self) -> dict[str, Any]:
        """What a template sees: every data key at the top level plus the host's identity."""
        return {
            **self.data,
            "inventory_hostname": self.name,
            "platform": self.platform,
            "groups": self.groups,
            "host_address": self.hostname,
            "host": TemplateHost(self.name, self.hostname, self.platform, self.groups, self.data),
        }


@dataclass
class Inventory:
    hosts: dict[str, InventoryHost]
    groups: dict[str, dict[str, Any]]
    defaults: dict[str, Any]
    digest: str
    # Loaded from the cache: (digest of the inventory it was built on, hosts whose entries
    # changed or went since); every other host is exactly as it was there (see rendercache).
    changed: tuple[str, frozenset[str]] | None = None

    def select(self, limits: list[str] | None) -> list[InventoryHost]:
        """Hosts named by `limits` (host names or group names; 'all' or nothing means every host)."""
        if not limits or "all" in limits:
            return list(self.hosts.values())
        wanted: set[str] = set()
        for limit in limits:
            if not limit.strip():
                raise BluewireError("--limit: an empty name (give a host or group name)")
            if limit in self.hosts:
                wanted.add(limit)
            elif limit in self.groups:
                wanted.update(
                    h.name for h in self.hosts.values() if limit in self.expanded_groups(h)
                )
            else:
                hint = did_you_mean(limit, [*self.hosts, *self.groups])
                raise BluewireError(
                    f"--limit {limit}: no such host or group in the inventory{hint}"
                )
        return [h for name, h in self.hosts.items() if name in wanted]

    def expanded_groups(self, host: InventoryHost) -> list[str]:
        """The host's groups and their parents, in Nornir's resolution order."""
        return group_order(host.groups, self.groups)
