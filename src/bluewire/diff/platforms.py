"""The diff engine's rules per platform: data, not if-chains.

Sources: hier_config 3.7.1's `cisco_ios`, `arista_eos` and `juniper_junos` drivers (ordering,
idempotent commands, sectional exits), extended with what bluewire needs that they lack: ACLs
edited by sequence number (hier_config issue #36), definitions of referenced objects (ACLs,
prefix-lists, route-maps) created before and removed after their users, and Dell OS10.
"""

from __future__ import annotations

from bluewire.diff.rules import (
    Hidden,
    Idempotent,
    Match,
    NegateWith,
    Ordering,
    Physical,
    PlatformRules,
    Recreate,
    Renewed,
    Replaced,
    SectionalExit,
    Sequenced,
)


def m(startswith: str = "", regex: str = "") -> Match:
    return Match(startswith=startswith, regex=regex)


ANY = m()
IF = m("interface ")
# Objects other lines refer to by name: an interface bound to a missing ACL passes all traffic.
REFERENCED = r"(?:(?:ip |ipv6 |mac )?(?:access-list|prefix-list|as-path access-list|community-list) |route-map |class-map |policy-map |object-group )"


def _refs_first_last() -> tuple[Ordering, ...]:
    return (
        Ordering(path=(m(regex="no " + REFERENCED),), weight=100),
        Ordering(path=(m(regex=REFERENCED),), weight=-50),
    )


def _common_idempotent() -> tuple[Idempotent, ...]:
    return (
        Idempotent(path=(m("hostname "),)),
        Idempotent(path=(m(regex=r"(?P<key>banner \S+)"),)),
        Idempotent(path=(ANY, m("description "))),
        # the primary address; IPv6 addresses are not here: a port holds several of them
        # (a mask, if any, starts with a digit: `10.0.0.1/24 secondary` is another address)
        Idempotent(path=(IF, m(regex=r"(?P<key>ip address) \S+(?: \d\S*)?$"))),
        Idempotent(path=(IF, m("switchport mode "))),
        Idempotent(path=(IF, m(regex=r"(?P<key>switchport access vlan) "))),
        Idempotent(path=(IF, m(regex=r"(?P<key>switchport trunk native vlan) "))),
        Idempotent(path=(IF, m(regex=r"(?P<key>switchport trunk allowed vlan) \d"))),
        Idempotent(path=(IF, m(regex=r"(?P<key>mtu) "))),
        Idempotent(path=(IF, m(regex=r"(?P<key>speed) "))),
        Idempotent(path=(IF, m(regex=r"ip access-group \S+ (?P<key>in|out)$"))),  # one per direction
        Idempotent(path=(m("vlan "), m("name "))),
        Idempotent(path=(m(regex=r"(?:tacacs|radius) server "), m(regex=r"(?P<key>key) "))),
        Idempotent(path=(m("router "), m(regex=r"(?P<key>(?:bgp )?router-id) "))),
        Idempotent(path=(m("router bgp"), m(regex=r"neighbor \S+ (?:description|remote-as) "))),
        # the same under `address-family ipv4 vrf V` (IOS) and `vrf V` (EOS): set in place
        Idempotent(path=(m("router bgp"), ANY, m(regex=r"neighbor \S+ (?:description|remote-as) "))),
        Idempotent(path=(m(regex=r"(?P<key>logging (?:buffered|console|trap|source-interface))"),)),
        Idempotent(path=(m(regex=r"(?P<key>snmp-server (?:location|contact)) "),)),
        Idempotent(path=(m(regex=r"(?P<key>errdisable recovery interval) "),)),
        Idempotent(path=(m(regex=r"(?P<key>spanning-tree mode) "),)),
        Idempotent(path=(m(regex=r"(?P<key>ip domain[ -]name) "),)),
        Idempotent(path=(m(regex=r"(?P<key>clock timezone) "),)),
        Idempotent(path=(m(regex=r"(?P<key>username \S+) "),)),
        Idempotent(path=(m(regex=r"(?P<key>enable (?:secret|password)) "),)),
        Idempotent(path=(m("line "), m(regex=r"(?P<key>exec-timeout|transport input|access-class \S+ (?:in|out)|ipv6 access-class)\b"))),
    )  # fmt: skip


def _secret_free_negations() -> tuple[NegateWith, ...]:
    """Negations that name the object only, so a removal never carries a secret to the device."""
    return (
        NegateWith(path=(m(regex=r"^banner (\S+)"),), template=r"no banner \1"),
        NegateWith(path=(m(regex=r"^(username \S+) "),), template=r"no \1"),
        NegateWith(path=(m(regex=r"^((?:tacacs|radius)-server host \S+) "),), template=r"no \1"),
        NegateWith(path=(m(regex=r"^(ntp authentication-key \d+) "),), template=r"no \1"),
        NegateWith(path=(m(regex=r"^(snmp-server user \S+ \S+) "),), template=r"no \1 v3"),
        NegateWith(path=(ANY, m(regex=r"^key \S+ \S+$")), template="no key"),
    )


# `no ip prefix-list P description` takes no text and clears the description whatever it says,
# so a changed one is removed by name, before the new one (the engine orders a negation before
# the line it names); the lab, like the device, then holds the new text only.
PREFIX_LIST_DESCRIPTION = NegateWith(
    path=(m(regex=r"^((?:ip|ipv6) prefix-list \S+ description) "),), template=r"no \1"
)


# A prefix-list entry is keyed by its number: IOS-style CLIs replace entry N with a new `seq N`
# line and `no ... seq N <any text>` deletes entry N (so a negation sent after the new text
# deleted it), while a CLI that refuses a taken number needs the old one gone first. Negating
# the old entry right before the new one is right either way.
PREFIX_LIST_ENTRY = Renewed(path=(m(regex=r"(?P<key>(?:ip|ipv6) prefix-list \S+ seq \d+) "),))
# A route-map entry is keyed by name and number too: `route-map RM deny 10` over `permit 10`
# changes entry 10, and `no route-map RM permit 10` sent after it deleted entry 10.
ROUTE_MAP_ENTRY = Renewed(
    path=(m(regex=r"route-map (\S+) (?:permit|deny) (\d+)"),), template=r"\1 \2"
)


def _port_mode_ordering() -> tuple[Ordering, ...]:
    """A port changing between L2 and L3 (or L2 modes): what it leaves goes first, while the
    port is still in that mode; then `switchport` / `no switchport`; then the L2 mode; then the
    rest. A trunk's VLANs go before its mode. The device refuses `switchport mode trunk` on an
    L3 port and `ip address` or `channel-group` on an L2 one (OS10 configs put `no switchport`
    before `ip address`, e.g. netlab's dellos10 templates; IOS and EOS are the same)."""
    return (
        Ordering(path=(IF, m("no shutdown")), weight=200),
        Ordering(path=(IF, m(regex=r"(?:no )?switchport$")), weight=-30),
        Ordering(path=(IF, m("no switchport trunk ")), weight=-42, removal=True),
        Ordering(path=(IF, ANY), weight=-40, removal=True),
        Ordering(path=(IF, m("switchport mode ")), weight=-10),
    )


def _port_defaults(*lines: str) -> tuple[Hidden, ...]:
    """Port settings at their default, which the device never shows: `show running-config`
    prints only the other form (`shutdown`, `no switchport`, `no cdp enable`, `no lldp
    transmit`). Negating one would leave the default: `shutdown` a port that is up."""
    return (Hidden(path=(IF,), lines=frozenset(lines)),)


def _indent_ordering() -> tuple[Ordering, ...]:
    return (
        *_refs_first_last(),
        *_port_mode_ordering(),
        Ordering(path=(m("no vlan filter"),), weight=200),
        Ordering(path=(m("aaa group server tacacs+ "), m("no server ")), weight=10),
        Ordering(path=(m("no tacacs-server "),), weight=10),
    )


IOS = PlatformRules(
    platform="ios",
    indent=1,
    structural=frozenset({"exit-address-family", "exit-peer-policy", "exit-peer-session", "exit"}),
    idempotent=(
        *_common_idempotent(),
        Idempotent(path=(IF, m("authentication host-mode "))),
        Idempotent(path=(m(regex=r"(?P<key>ntp authentication-key \d+) "),)),
    ),
    ordering=_indent_ordering(),
    sectional_exit=(
        SectionalExit(path=(m("router bgp"), m("address-family")), exit_text="exit-address-family"),
        SectionalExit(path=(m("vrf definition"), m("address-family")), exit_text="exit-address-family"),
        SectionalExit(path=(m("router bgp"), m("template peer-policy")), exit_text="exit-peer-policy"),
        SectionalExit(path=(m("router bgp"), m("template peer-session")), exit_text="exit-peer-session"),
    ),
    negate_with=(
        *_secret_free_negations(),
        NegateWith(path=(m(regex=r"^logging console "),), template="logging console debugging"),
        PREFIX_LIST_DESCRIPTION,
    ),
    renewed=(PREFIX_LIST_ENTRY, ROUTE_MAP_ENTRY),
    # `no access-list 10 <any text>` deletes all of numbered ACL 10 (Cisco IOS IP access list
    # configuration guides): a removed, changed or inserted entry means the ACL sent again whole.
    replaced=(Replaced(path=(m(regex=r"access-list (?P<key>\d+) "),), drop=r"no access-list \g<key>"),),
    sequenced=(Sequenced(path=(m(regex=r"^ip access-list (?:standard|extended) \S+$"),)),
               Sequenced(path=(m(regex=r"^ipv6 access-list \S+$"),))),
    # IOS refuses `no interface GigabitEthernet1/0/1`; `default interface` resets a port, and an
    # unconfigured port shows no lines. Subinterfaces (`.100`) are deleted as usual.
    # Cisco IOS interface and Catalyst L2 command references: a port is up, a switchport, with
    # CDP and LLDP on and ICMP redirects, unreachables and proxy ARP sent, unless it says `no ...`.
    hidden=_port_defaults("no shutdown", "switchport", "cdp enable", "lldp transmit", "lldp receive",
                          "ip redirects", "ip unreachables", "ip proxy-arp"),
    physical=(Physical(path=(m(regex=r"^(interface (?:GigabitEthernet|TenGigabitEthernet|TwentyFiveGigE|FortyGigabitEthernet|HundredGigE|TwoGigabitEthernet|FiveGigabitEthernet|AppGigabitEthernet|FastEthernet|Ethernet)\d+(?:/\d+)*)$"),), reset=r"default \1"),),
    # A new remote-as deletes the neighbor and everything set on it: send all of it again. A
    # global neighbor's settings live in `router bgp` and its global address families; a VRF
    # neighbor's in its `address-family ... vrf` section only.
    recreate=(
        Recreate(path=(m("router bgp"), m(regex=r"^neighbor (\S+) remote-as ")), owner=r"neighbor \1 ", skip=r"^address-family \S+ vrf "),
        Recreate(path=(m("router bgp"), m(regex=r"^address-family \S+ vrf "), m(regex=r"^neighbor (\S+) remote-as ")), owner=r"neighbor \1 "),
    ),
)  # fmt: skip

EOS = PlatformRules(
    platform="eos",
    indent=3,
    structural=frozenset({"exit"}),
    idempotent=(*_common_idempotent(), Idempotent(path=(m(regex=r"(?P<key>ntp authentication-key \d+) "),))),
    ordering=_indent_ordering(),
    negate_with=(
        *_secret_free_negations(),
        # EOS activates IPv4 neighbors by default and shows `no neighbor X activate` once negated:
        # `default` returns to the unconfigured state the other side has.
        NegateWith(path=(m("router bgp"), m("address-family"), m(regex=r"^neighbor (\S+) activate$")), template=r"default neighbor \1 activate"),
    ),
    renewed=(ROUTE_MAP_ENTRY,),
    # EOS shows a prefix-list as a section of `seq N` entries: edited by number like an ACL (new
    # numbers first, vanished ones last), so the list never empties on the way
    sequenced=(Sequenced(path=(m(regex=r"^(?:ip|ipv6|mac) access-list (?:standard )?\S+$"),)),
               Sequenced(path=(m(regex=r"^(?:ip|ipv6) prefix-list \S+$"),))),
    # EOS shows `shutdown`, `no switchport` and `no lldp transmit|receive` on a port, never the
    # defaults (`no shutdown` is shown only where the default is off: management APIs).
    hidden=_port_defaults("no shutdown", "switchport", "lldp transmit", "lldp receive"),
)  # fmt: skip

DELLOS10 = PlatformRules(
    platform="dellos10",
    indent=1,
    structural=frozenset({"exit"}),
    idempotent=(
        *_common_idempotent(),
        Idempotent(path=(m(regex=r"(?P<key>ntp authentication-key \d+) "),)),
        Idempotent(path=(m(regex=r"(?P<key>(?:tacacs|radius)-server host \S+) "),)),
        # OS10 re-enters an SNMPv3 user to change it and cannot remove one (`no snmp-server user
        # ... v3` is IOS): a changed user is the new line alone.
        Idempotent(path=(m(regex=r"(?P<key>snmp-server user \S+ \S+) "),)),
        # `no switchport access vlan` (no untagged VLAN) and `switchport access vlan N` are one
        # setting: either replaces the other.
        Idempotent(path=(IF, m(regex=r"(?:no )?(?P<key>switchport access vlan)\b"))),
    ),
    ordering=(
        *_indent_ordering(),
        # A port cannot be an access and a trunk member of one VLAN (OS10 refuses the command;
        # netlab PR 1838): a new untagged VLAN comes after the trunk's VLAN list has changed.
        Ordering(path=(IF, m(regex=r"^switchport access vlan \d+$")), weight=5, removal=False),
        # a VLAN goes after the ports that leave it
        Ordering(path=(m(regex=r"^no interface vlan\d+$"),), weight=100),
    ),
    negate_with=(
        # OS10 names the SNMP version `3`, not IOS's `v3` (the secret-free form below)
        NegateWith(path=(m(regex=r"^(snmp-server user \S+ \S+ (?:1|2c|3)) "),), template=r"no \1"),
        *_secret_free_negations(),
        # OS10 shows a port's untagged VLAN either way, `switchport access vlan N` or `no
        # switchport access vlan` (none); the no-form takes no VLAN (Dell's dellemc.os10 VLAN
        # role removes an untagged member with it), and undoing it means the default VLAN 1.
        NegateWith(path=(IF, m(regex=r"^switchport access vlan \d+$")), template="no switchport access vlan"),
        NegateWith(path=(IF, m(regex=r"^no switchport access vlan$")), template="switchport access vlan 1"),
        PREFIX_LIST_DESCRIPTION,
    ),
    renewed=(PREFIX_LIST_ENTRY, ROUTE_MAP_ENTRY),
    sequenced=(
        Sequenced(path=(m(regex=r"^(?:ip|ipv6|mac) access-list \S+$"),), unique_rules=True),
    ),
    # OS10 prints `no shutdown` (and `shutdown`) on every port, so that is no hidden default; an
    # L2 port shows no `switchport` line, and LLDP shows only when turned off (OS10 User Guide).
    hidden=_port_defaults("switchport", "lldp transmit", "lldp receive"),
    # `no interface ethernet1/1/1` is refused: a port left out is brought to what an unconfigured
    # port shows (the defaults bluewire's OS10 templates and lab print; check on a new model).
    physical=(
        Physical(path=(m(regex=r"^interface ethernet\d+/\d+/\d+(?::\d+)?$"),), defaults=("no shutdown", "switchport access vlan 1", "flowcontrol receive on")),
        Physical(path=(m(regex=r"^interface mgmt\d+/\d+/\d+$"),), defaults=("no shutdown", "ip address dhcp")),
    ),
)  # fmt: skip

# Junos: a `set` of a single-valued keyword overwrites its old value, so no `delete` is needed.
JUNOS = PlatformRules(
    platform="junos",
    style="set",
    negation="delete",
    single_valued=frozenset(
        [
            "host-name",
            "domain-name",
            "description",
            "mtu",
            "time-zone",
            "location",
            "contact",
            "router-id",
            "autonomous-system",
            "local-as",
            "peer-as",
            "type",
            "speed",
            "native-vlan-id",
            "vlan-id",
            "encrypted-password",
            "local-address",
            "authentication-key",
            "class",
            "version",
            "then",
            "action",
        ]
    ),
)

RULES: dict[str, PlatformRules] = {r.platform: r for r in (IOS, EOS, DELLOS10, JUNOS)}


def rules_for(platform: str) -> PlatformRules:
    try:
        return RULES[platform]
    except KeyError:
        raise ValueError(f"no diff rules for platform {platform!r}") from None
