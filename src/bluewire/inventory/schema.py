"""The keys bluewire defines in host, group and defaults data, as pydantic models.

Only these keys are validated; any other key is allowed and passed to templates unchanged, so a plain
Nornir SimpleInventory from another project still loads.
"""

from __future__ import annotations

import datetime as dt
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from bluewire.platforms import Platform

InterfaceRole = Literal[
    "user", "camera", "uplink", "server", "unused", "routed", "peer", "mgmt", "wan", "trunk"
]
VlanId = Annotated[int, Field(ge=1, le=4094)]
SecretName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,62}$")]
Name = Annotated[str, Field(min_length=1, max_length=63, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$")]


class Open(BaseModel):
    """A validated block that still accepts (and keeps) keys bluewire does not define."""

    model_config = ConfigDict(extra="allow", frozen=False)


class Closed(BaseModel):
    """A validated block whose every key is known: a typo is an error."""

    model_config = ConfigDict(extra="forbid")


class Vlan(Closed):
    id: VlanId
    name: Name
    role: InterfaceRole | Literal["voice", "mgmt", "transit", "evidence", "dispatch"] | None = None


class Interface(Closed):
    name: str = Field(min_length=2)
    role: InterfaceRole
    description: str | None = None
    vlan: VlanId | None = None
    voice_vlan: VlanId | None = None
    vlans: list[VlanId] | None = None
    native_vlan: VlanId | None = None
    address: IPv4Interface | None = None
    mtu: Annotated[int, Field(ge=576, le=9216)] | None = None
    speed: str | None = None
    zone: Name | None = None
    channel_group: Annotated[int, Field(ge=1, le=4096)] | None = None
    ospf_area: IPv4Address | int | None = None
    ospf_passive: bool = False
    shutdown: bool = False


class Svi(Closed):
    """A routed VLAN interface, optionally with a first-hop redundancy group."""

    vlan: VlanId
    address: IPv4Interface
    virtual_ip: IPv4Address | None = None
    priority: Annotated[int, Field(ge=1, le=254)] = 100
    group: Annotated[int, Field(ge=0, le=255)] | None = None
    description: str | None = None
    helpers: list[IPv4Address] = []


class Management(Open):
    interface: str | None = None
    address: IPv4Interface | None = None
    gateway: IPv4Address | None = None
    vrf: Name | None = None
    networks: list[IPv4Network] = []


class NtpServer(Closed):
    address: IPv4Address
    prefer: bool = False


class Ntp(Open):
    key_id: Annotated[int, Field(ge=1, le=65535)]
    key_secret: SecretName
    servers: list[NtpServer] = Field(min_length=1)


class Syslog(Open):
    servers: list[IPv4Address] = Field(min_length=1)
    severity: Literal[
        "emergencies",
        "alerts",
        "critical",
        "errors",
        "warnings",
        "notifications",
        "informational",
        "debugging",
    ] = "informational"


class AaaServer(Closed):
    name: Name
    address: IPv4Address
    key_secret: SecretName


class LocalUser(Closed):
    name: Name
    privilege: Annotated[int, Field(ge=0, le=15)] = 15
    role: str | None = None
    secret: SecretName


class Aaa(Open):
    tacacs: list[AaaServer] = []
    radius: list[AaaServer] = []
    local_users: list[LocalUser] = Field(min_length=1)


class SnmpUser(Closed):
    name: Name
    group: Name
    auth_secret: SecretName
    priv_secret: SecretName


class Snmp(Open):
    location: str | None = None
    contact: str | None = None
    users: list[SnmpUser] = Field(min_length=1)
    hosts: list[IPv4Address] = []


class OspfNeighborless(Open):
    process_id: Annotated[int, Field(ge=1, le=65535)] = 1
    router_id: IPv4Address
    area: IPv4Address | int = 0
    networks: list[IPv4Network] = []
    passive_default: bool = True
    auth_secret: SecretName | None = None


class BgpNeighbor(Closed):
    address: IPv4Address
    remote_as: Annotated[int, Field(ge=1, le=4294967295)]
    description: str | None = None
    password_secret: SecretName | None = None
    update_source: str | None = None


class Bgp(Open):
    asn: Annotated[int, Field(ge=1, le=4294967295)]
    router_id: IPv4Address
    neighbors: list[BgpNeighbor] = []
    networks: list[IPv4Network] = []


class AclEntry(Closed):
    seq: Annotated[int, Field(ge=1, le=2147483647)]
    action: Literal["permit", "deny"]
    protocol: Literal["ip", "tcp", "udp", "icmp", "esp", "gre", "ospf"] = "ip"
    source: IPv4Network | Literal["any"] = "any"
    destination: IPv4Network | Literal["any"] = "any"
    port: Annotated[int, Field(ge=1, le=65535)] | str | None = None
    log: bool = False
    remark: str | None = None


class MaintenanceWindow(Closed):
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(min_length=1)
    start: dt.time
    duration_min: Annotated[int, Field(ge=15, le=720)]
    change_freeze: bool = False


class HostData(Open):
    """Every host's resolved data (host, then its groups, then defaults), as templates see it."""

    role: Name
    site: Name | None = None
    model: str | None = None
    os_version: str | None = None
    approved_os: dict[Platform, list[str]] = {}
    domain_name: str | None = None
    banner: str | None = Field(default=None, min_length=20)
    mgmt: Management | None = None
    loopback: IPv4Interface | None = None
    vlans: list[Vlan] = []
    interfaces: list[Interface] = []
    svis: list[Svi] = []
    ntp: Ntp | None = None
    syslog: Syslog | None = None
    aaa: Aaa | None = None
    snmp: Snmp | None = None
    ospf: OspfNeighborless | None = None
    bgp: Bgp | None = None
    acls: dict[Name, list[AclEntry]] = {}
    maintenance_window: MaintenanceWindow | None = None
    ha_peer: Name | None = None


class HostEntry(Open):
    """The Nornir SimpleInventory keys of a host or group entry (data checked separately)."""

    hostname: str | None = None
    port: Annotated[int, Field(ge=1, le=65535)] | None = None
    username: str | None = None
    platform: str | None = None
    groups: list[str] = []
    data: dict[str, object] = {}
    connection_options: dict[str, object] = {}
