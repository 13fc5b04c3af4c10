"""The keys bluewire defines in host, group and defaults data, as pydantic models.

Every mapping bluewire defines is closed: a key it does not know there is a typo, reported with
the closest known key. Only at the top level of `data` may other keys appear (free data for
templates, so a plain Nornir SimpleInventory from another project still loads); their strings
follow the free-text rule (inventory.scan).
"""

from __future__ import annotations

import datetime as dt
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from bluewire.inventory.strings import (
    BannerText,
    DeviceAddress,
    DnsName,
    FreeText,
    HostName,
    InterfaceName,
    Model,
    Name,
    Role,
    Speed,
    TimeZone,
    Token,
    UserName,
    Version,
)
from bluewire.platforms import Platform
from bluewire.yamltypes import Int, not_a_truth_value

InterfaceRole = Literal[
    "user", "camera", "uplink", "server", "unused", "routed", "peer", "mgmt", "wan", "trunk"
]


VlanId = Annotated[Int, Field(ge=1, le=4094)]
AreaId = Annotated[  # 0 or 0.0.0.0: a 32-bit number either way
    IPv4Address | Annotated[int, Field(ge=0, le=2**32 - 1)], BeforeValidator(not_a_truth_value)
]
SecretName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,62}$")]


# An optional key the templates test with `is defined`: when unset it stays out of the data.
ABSENT = Field(default=None, exclude_if=lambda v: v is None)


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
    name: InterfaceName
    role: InterfaceRole
    description: FreeText | None = None
    vlan: VlanId | None = None
    voice_vlan: VlanId | None = None
    vlans: list[VlanId] | None = None
    native_vlan: VlanId | None = None
    address: IPv4Interface | None = None
    mtu: Annotated[Int, Field(ge=576, le=9216)] | None = None
    speed: Speed | None = None
    zone: Name | None = None
    channel_group: Annotated[Int, Field(ge=1, le=4096)] | None = None
    ospf_area: AreaId | None = None
    ospf_passive: bool = False
    shutdown: bool = False


class Svi(Closed):
    """A routed VLAN interface, optionally with a first-hop redundancy group."""

    vlan: VlanId
    address: IPv4Interface
    virtual_ip: IPv4Address | None = None
    priority: Annotated[Int, Field(ge=1, le=254)] = 100
    group: Annotated[Int, Field(ge=0, le=255)] | None = None
    description: FreeText | None = None
    helpers: list[IPv4Address] = []


class Management(Closed):
    interface: InterfaceName | None = None
    address: IPv4Interface | None = None
    gateway: IPv4Address | None = None
    vrf: Name | None = None
    acl: Name | None = ABSENT
    networks: list[IPv4Network] = []
    acls: list[Name] = []  # every ACL / filter guarding management access (plan's lockout flag)


class NtpServer(Closed):
    address: IPv4Address
    prefer: bool = False


class Ntp(Closed):
    key_id: Annotated[Int, Field(ge=1, le=65535)]
    key_secret: SecretName
    servers: list[NtpServer] = Field(min_length=1)
    key_type: Token | None = ABSENT
    algorithm: Token | None = ABSENT


class Syslog(Closed):
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
    transport: Literal["tcp", "udp", "tls"] | None = ABSENT
    port: Annotated[Int, Field(ge=1, le=65535)] | None = ABSENT


class AaaServer(Closed):
    name: Name
    address: IPv4Address
    key_secret: SecretName


class LocalUser(Closed):
    name: UserName
    privilege: Annotated[Int, Field(ge=0, le=15)] = 15
    role: Name | None = None
    secret: SecretName


class Aaa(Closed):
    tacacs: list[AaaServer] = []
    radius: list[AaaServer] = []
    local_users: list[LocalUser] = Field(min_length=1)


class SnmpUser(Closed):
    name: UserName
    group: Name
    auth_secret: SecretName
    priv_secret: SecretName


class Snmp(Closed):
    location: FreeText | None = None
    contact: FreeText | None = None
    users: list[SnmpUser] = Field(min_length=1)
    hosts: list[IPv4Address] = []


class OspfNeighborless(Closed):
    process_id: Annotated[Int, Field(ge=1, le=65535)] = 1
    router_id: IPv4Address
    area: AreaId = 0
    networks: list[IPv4Network] = []
    passive_default: bool = True
    auth_secret: SecretName | None = None
    key_id: Annotated[Int, Field(ge=1, le=255)] | None = ABSENT
    key_type: Token | None = ABSENT


class BgpNeighbor(Closed):
    address: IPv4Address
    remote_as: Annotated[Int, Field(ge=1, le=4294967295)]
    description: FreeText | None = None
    password_secret: SecretName | None = None
    update_source: InterfaceName | None = None


class Bgp(Closed):
    asn: Annotated[Int, Field(ge=1, le=4294967295)]
    router_id: IPv4Address
    neighbors: list[BgpNeighbor] = []
    networks: list[IPv4Network] = []


class AclEntry(Closed):
    seq: Annotated[Int, Field(ge=1, le=2147483647)]
    action: Literal["permit", "deny"]
    protocol: Literal["ip", "tcp", "udp", "icmp", "esp", "gre", "ospf"] = "ip"
    source: IPv4Network | Literal["any"] = "any"
    destination: IPv4Network | Literal["any"] = "any"
    port: Annotated[Int, Field(ge=1, le=65535)] | Token | None = None
    log: bool = False
    remark: FreeText | None = None


class MaintenanceWindow(Closed):
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(min_length=1)
    start: dt.time
    duration_min: Annotated[Int, Field(ge=15, le=720)]
    change_freeze: bool = False


class HostData(Open):
    """Every host's resolved data (host, then its groups, then defaults), as templates see it."""

    role: Role | None = None  # picks templates/<platform>/<role>.j2; none: not rendered
    site: Name | None = None
    model: Model | None = None
    os_version: Version | None = None
    approved_os: dict[Platform, list[Version]] = {}
    domain_name: DnsName | None = None
    banner: BannerText | None = None
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
    ha_peer: HostName | None = None


class Zone(Closed):
    name: Name
    services: list[Token] = []
    description: FreeText | None = None


class Policy(Closed):
    name: Name
    from_zone: Name = Field(alias="from")
    to: Name
    source: list[Name] = Field(min_length=1)
    destination: list[Name] = Field(min_length=1)
    application: list[Token] = Field(min_length=1)
    action: Literal["permit", "deny", "reject"]


class AddressBookEntry(Closed):
    name: Name
    prefix: IPv4Network


class NatSourceRule(Closed):
    name: Name
    from_zone: Name = Field(alias="from")
    to: Name
    source: list[IPv4Network] = Field(min_length=1)
    destination: list[IPv4Network] | None = None
    pool: Name


class NatStaticRule(Closed):
    name: Name
    from_zone: Name = Field(alias="from")
    destination: IPv4Network
    translate_to: IPv4Network


class Nat(Closed):
    source: list[NatSourceRule] = []
    static: list[NatStaticRule] = []


class TimeZoneSetting(Closed):
    name: TimeZone
    offset_hours: Annotated[Int, Field(ge=-12, le=14)] = 0
    summer: TimeZone | None = None
    olson: TimeZone | None = None
    iana: TimeZone | None = None
    eos: TimeZone | None = None


class Security(Closed):
    exec_timeout_min: Annotated[Int, Field(ge=0, le=1440)] | None = None
    login_attempts: Annotated[Int, Field(ge=1, le=100)] | None = None
    lockout_min: Annotated[Int, Field(ge=0, le=1440)] | None = None
    session_limit: Annotated[Int, Field(ge=1, le=100)] | None = None
    password_min_length: Annotated[Int, Field(ge=1, le=128)] | None = None
    ssh_rate_limit: Annotated[Int, Field(ge=1, le=1000)] | None = None


class Mlag(Closed):
    vlan: VlanId | None = None
    trunk_group: Name | None = None
    domain_id: Name | None = None
    subnet: IPv4Network | None = None


class Vlt(Closed):
    domain_id: Annotated[Int, Field(ge=1, le=255)] | None = None
    backup_destination: IPv4Address | None = None
    priority: Annotated[Int, Field(ge=1, le=65535)] | None = None
    mac: Annotated[str, Field(pattern=r"^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$")] | None = None


class TemplateKeys(Open):
    """Keys the templates read only when present: typed, but absent stays absent."""

    zones: list[Zone]
    policies: list[Policy]
    address_book: list[AddressBookEntry]
    nat: Nat
    timezone: TimeZoneSetting
    dns_servers: list[IPv4Address]
    security: Security
    snmp_location: FreeText
    region: Name
    stp_mode: Literal["rapid-pvst", "pvst", "mst", "mstp", "rstp"]
    stp_priority: Annotated[Int, Field(ge=0, le=61440, multiple_of=4096)]
    storm_control: dict[Literal["broadcast", "multicast", "unknown_unicast"], Int]
    flowcontrol_receive: Literal["on", "off"]
    uplink_channel_group: Annotated[Int, Field(ge=1, le=4096)]
    enable_secret: SecretName
    push_mode: Literal["replace", "merge"]
    mlag: Mlag
    vlt: Vlt


class DataKeys(HostData, TemplateKeys):
    """Every data key bluewire defines (the "did you mean" hints look keys up here)."""


class ConnectionOptions(Closed):
    """Nornir's per-connection settings (`connection_options: {napalm: {...}}`)."""

    hostname: DeviceAddress | None = None
    port: Annotated[Int, Field(ge=1, le=65535)] | None = None
    username: UserName | None = None
    password: object = None  # refused (with its own message) by inventory.scan
    platform: str | None = None
    extras: dict[str, object] | None = None


class HostEntry(Closed):
    """The Nornir SimpleInventory keys of a host or group entry (data checked separately)."""

    hostname: DeviceAddress | None = None
    port: Annotated[Int, Field(ge=1, le=65535)] | None = None
    username: UserName | None = None
    password: object = None  # refused (with its own message) by inventory.scan
    platform: str | None = None
    groups: list[Name] = []
    data: dict[str, object] | None = {}
    connection_options: dict[str, ConnectionOptions] = {}
