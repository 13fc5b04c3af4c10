"""Which changes raise a risk flag and which do not, per platform and per pattern.

Every rule in risk_rules.yaml has a case that flags and a near-miss that must not (the same
area of the config, but a description, another VRF, a network that is not management, ...).
Adding a pattern without its two cases fails `test_every_rule_has_a_flag_and_a_no_flag_case`.
"""

from __future__ import annotations

from ipaddress import IPv4Network

import pytest

from bluewire.plan.model import Risk
from bluewire.plan.risk import Site, assess, changed_paths, default_rules
from bluewire.platforms import NAMES

SITE = Site(
    mgmt_vrf=frozenset({"mgmt", "mgmt-vrf"}),
    mgmt_interface=frozenset({"gigabitethernet0/0", "management1", "fxp0", "mgmt1/1/1"}),
    mgmt_acl=frozenset({"mgmt-access", "protect-re"}),
    mgmt_networks=(IPv4Network("10.255.0.0/16"),),
    routing_interface=frozenset(
        {"gigabitethernet1/0/1", "ethernet1", "ge-0/0/0", "ethernet1/1/1", "loopback0", "lo0"}
    ),
)
L, R = "lockout", "routing"
# platform -> rule index within its kind -> (kind, running, intended that flags, intended that does not)
Case = tuple[str, str, str, str]
IOS: dict[tuple[str, int], tuple[str, str, str]] = {
    (L, 0): ("interface GigabitEthernet0/0\n ip address 10.255.1.1 255.255.255.0\n",
             "interface GigabitEthernet0/0\n ip address 10.255.1.2 255.255.255.0\n",
             "interface GigabitEthernet0/0\n description oob\n ip address 10.255.1.1 255.255.255.0\n"),
    (L, 1): ("interface Gi1/0/9\n description x\n",
             "interface Gi1/0/9\n description x\n vrf forwarding Mgmt-vrf\n",
             "interface Gi1/0/9\n description x\n vrf forwarding CAMERAS\n"),
    (L, 2): ("vrf definition Mgmt-vrf\n address-family ipv4\n",
             "vrf definition Mgmt-vrf\n",
             "vrf definition Mgmt-vrf\n address-family ipv4\n description oob\n"),
    (L, 3): ("ip access-list extended MGMT-ACCESS\n 10 permit tcp 10.250.0.0 0.0.0.255 any eq 22\n",
             "ip access-list extended MGMT-ACCESS\n 10 permit tcp 10.251.0.0 0.0.0.255 any eq 22\n",
             "ip access-list extended MGMT-ACCESS\n 10 permit tcp 10.250.0.0 0.0.0.255 any eq 22\nip access-list extended CAMS\n 10 permit ip any any\n"),
    (L, 4): ("access-list MGMT-ACCESS permit 10.250.0.0 0.0.0.255\n",
             "access-list MGMT-ACCESS permit 10.251.0.0 0.0.0.255\n",
             "access-list MGMT-ACCESS permit 10.250.0.0 0.0.0.255\naccess-list 99 permit any\n"),
    (L, 5): ("line vty 0 4\n access-class MGMT-ACCESS in\n",
             "line vty 0 4\n access-class OTHER in\n",
             "line vty 0 4\n access-class MGMT-ACCESS in\nline con 0\n exec-timeout 5 0\n"),
    (L, 6): ("aaa new-model\n", "aaa new-model\naaa authentication login default group TACACS local\n",
             "aaa new-model\nntp server 10.250.0.12\n"),
    (L, 7): ("tacacs server ISE-1\n address ipv4 10.250.0.31\n",
             "tacacs server ISE-1\n address ipv4 10.250.0.32\n",
             "tacacs server ISE-1\n address ipv4 10.250.0.31\nsnmp-server location HQ\n"),
    (L, 8): ("tacacs-server timeout 5\n", "tacacs-server timeout 10\n",
             "tacacs-server timeout 5\nlogging host 10.250.0.21\n"),
    (L, 9): ("ip ssh version 2\n", "ip ssh version 2\nip ssh time-out 60\n",
             "ip ssh version 2\nip domain name pd.example\n"),
    (L, 10): ("ip route vrf Mgmt-vrf 0.0.0.0 0.0.0.0 10.255.1.254\n",
              "ip route vrf Mgmt-vrf 0.0.0.0 0.0.0.0 10.255.1.253\n",
              "ip route vrf Mgmt-vrf 0.0.0.0 0.0.0.0 10.255.1.254\nip route vrf CAMERAS 0.0.0.0 0.0.0.0 10.30.0.1\n"),
    (L, 11): ("ip route 10.255.0.0 255.255.0.0 10.0.0.1\n", "ip route 10.255.0.0 255.255.0.0 10.0.0.2\n",
              "ip route 10.255.0.0 255.255.0.0 10.0.0.1\nip route 10.30.0.0 255.255.0.0 10.0.0.9\n"),
    (R, 0): ("router bgp 65010\n neighbor 192.0.2.1 remote-as 64501\n",
             "router bgp 65010\n neighbor 192.0.2.1 remote-as 64501\n neighbor 192.0.2.1 password 7 X\n",
             "router bgp 65010\n neighbor 192.0.2.1 remote-as 64501\n neighbor 192.0.2.1 description ISP-A\n"),
    (R, 1): ("interface GigabitEthernet1/0/1\n ip address 10.0.0.1 255.255.255.252\ninterface GigabitEthernet1/0/2\n ip address 10.9.0.1 255.255.255.0\n",
             "interface GigabitEthernet1/0/1\n ip address 10.0.0.5 255.255.255.252\ninterface GigabitEthernet1/0/2\n ip address 10.9.0.1 255.255.255.0\n",
             "interface GigabitEthernet1/0/1\n ip address 10.0.0.1 255.255.255.252\ninterface GigabitEthernet1/0/2\n ip address 10.9.0.2 255.255.255.0\n"),
    (R, 2): ("interface GigabitEthernet1/0/1\n ip address 10.0.0.1 255.255.255.252\ninterface GigabitEthernet1/0/2\n ip address 10.9.0.1 255.255.255.0\n",
             "interface GigabitEthernet1/0/1\n no ip address\ninterface GigabitEthernet1/0/2\n ip address 10.9.0.1 255.255.255.0\n",
             "interface GigabitEthernet1/0/1\n ip address 10.0.0.1 255.255.255.252\ninterface GigabitEthernet1/0/2\n no ip address\n"),
    (R, 3): ("route-map ISP-A-IN permit 10\n match ip address prefix-list A\n",
             "route-map ISP-A-IN permit 10\n match ip address prefix-list B\n",
             "route-map ISP-A-IN permit 10\n match ip address prefix-list A\nbanner motd ^C hi ^C\n"),
    (R, 4): ("ip prefix-list A seq 5 permit 10.0.0.0/8\n", "ip prefix-list A seq 5 permit 10.0.0.0/16\n",
             "ip prefix-list A seq 5 permit 10.0.0.0/8\nip domain lookup\n"),
    (R, 5): ("interface Vlan100\n standby 1 ip 10.1.0.1\n", "interface Vlan100\n standby 1 ip 10.1.0.2\n",
             "interface Vlan100\n standby 1 ip 10.1.0.1\n standby 1 name HSRP-USERS\n"),
}  # fmt: skip
EOS: dict[tuple[str, int], tuple[str, str, str]] = {
    (L, 0): ("interface Management1\n ip address 10.255.2.1/24\n", "interface Management1\n ip address 10.255.2.2/24\n",
             "interface Management1\n description oob\n ip address 10.255.2.1/24\n"),
    (L, 1): ("interface Ethernet9\n description x\n", "interface Ethernet9\n description x\n vrf MGMT\n",
             "interface Ethernet9\n description x\n vrf CAMERAS\n"),
    (L, 2): ("vrf instance MGMT\n", "vrf instance MGMT\n rd 1:1\n", "vrf instance MGMT\n description oob\n"),
    (L, 3): ("ip access-list MGMT-ACCESS\n 10 permit tcp 10.250.0.0/24 any eq ssh\n",
             "ip access-list MGMT-ACCESS\n 10 permit tcp 10.251.0.0/24 any eq ssh\n",
             "ip access-list MGMT-ACCESS\n 10 permit tcp 10.250.0.0/24 any eq ssh\nip access-list CAMS\n 10 permit ip any any\n"),
    (L, 4): ("management ssh\n ip access-group MGMT-ACCESS in\n", "management ssh\n ip access-group OTHER in\n",
             "management ssh\n ip access-group MGMT-ACCESS in\n idle-timeout 10\n"),
    (L, 5): ("aaa authorization exec default group TACACS local\n", "aaa authorization exec default local\n",
             "aaa authorization exec default group TACACS local\nntp server 10.250.0.12\n"),
    (L, 6): ("tacacs-server host 10.250.0.31\n", "tacacs-server host 10.250.0.32\n",
             "tacacs-server host 10.250.0.31\nsnmp-server location DC\n"),
    (L, 7): ("ip route vrf MGMT 0.0.0.0/0 10.255.2.254\n", "ip route vrf MGMT 0.0.0.0/0 10.255.2.253\n",
             "ip route vrf MGMT 0.0.0.0/0 10.255.2.254\nip route vrf CAMERAS 0.0.0.0/0 10.30.0.1\n"),
    (L, 8): ("ip route 10.255.0.0/16 10.0.0.1\n", "ip route 10.255.0.0/16 10.0.0.2\n",
             "ip route 10.255.0.0/16 10.0.0.1\nip route 10.30.0.0/16 10.0.0.9\n"),
    (R, 0): ("router bgp 65020\n neighbor 10.0.1.1 remote-as 65010\n", "router bgp 65020\n neighbor 10.0.1.1 remote-as 65011\n",
             "router bgp 65020\n neighbor 10.0.1.1 remote-as 65010\n neighbor 10.0.1.1 description core\n"),
    (R, 1): ("interface Ethernet1\n ip address 10.0.1.0/31\n", "interface Ethernet1\n ip address 10.0.1.2/31\n",
             "interface Ethernet1\n ip address 10.0.1.0/31\n description uplink\n"),
    (R, 2): ("route-map RM permit 10\n", "route-map RM permit 10\n set local-preference 200\n",
             "route-map RM permit 10\nhostname dc-leaf-1\n"),
    (R, 3): ("ip prefix-list PL seq 10 permit 10.0.0.0/8\n", "ip prefix-list PL seq 10 permit 10.0.0.0/16\n",
             "ip prefix-list PL seq 10 permit 10.0.0.0/8\nip domain lookup source-interface Management1\n"),
    (R, 4): ("interface Vlan100\n vrrp 1 ipv4 10.1.0.1\n", "interface Vlan100\n vrrp 1 ipv4 10.1.0.2\n",
             "interface Vlan100\n vrrp 1 ipv4 10.1.0.1\n vrrp 1 session description users\n"),
    (R, 5): ("mlag configuration\n domain-id DC\n", "mlag configuration\n domain-id DC2\n",
             "mlag configuration\n domain-id DC\nlldp run\n"),
}  # fmt: skip


JUNOS: dict[tuple[str, int], tuple[str, str, str]] = {
    (L, 0): ("interfaces {\n    fxp0 {\n        unit 0 {\n            family inet {\n                address 10.255.3.1/24;\n            }\n        }\n    }\n}\n",
             "interfaces {\n    fxp0 {\n        unit 0 {\n            family inet {\n                address 10.255.3.2/24;\n            }\n        }\n    }\n}\n",
             "interfaces {\n    fxp0 {\n        description \"out-of-band\";\n        unit 0 {\n            family inet {\n                address 10.255.3.1/24;\n            }\n        }\n    }\n}\n"),
    (L, 1): ("routing-instances {\n    MGMT {\n        instance-type virtual-router;\n    }\n}\n",
             "routing-instances {\n    MGMT {\n        instance-type vrf;\n    }\n}\n",
             "routing-instances {\n    MGMT {\n        description oob;\n        instance-type virtual-router;\n    }\n}\n"),
    (L, 2): ("firewall {\n    family inet {\n        filter PROTECT-RE {\n            term ssh {\n                then accept;\n            }\n        }\n    }\n}\n",
             "firewall {\n    family inet {\n        filter PROTECT-RE {\n            term ssh {\n                then reject;\n            }\n        }\n    }\n}\n",
             "firewall {\n    family inet {\n        filter PROTECT-RE {\n            term ssh {\n                then accept;\n            }\n        }\n        filter CAMS {\n            term all {\n                then accept;\n            }\n        }\n    }\n}\n"),
    (L, 3): ("firewall {\n    filter PROTECT-RE {\n        term ssh {\n            then accept;\n        }\n    }\n}\n",
             "firewall {\n    filter PROTECT-RE {\n        term ssh {\n            then reject;\n        }\n    }\n}\n",
             "firewall {\n    filter PROTECT-RE {\n        term ssh {\n            then accept;\n        }\n    }\n    filter CAMS {\n        term all {\n            then accept;\n        }\n    }\n}\n"),
    (L, 4): ("system {\n    authentication-order [ tacplus password ];\n}\n",
             "system {\n    authentication-order password;\n}\n",
             "system {\n    authentication-order [ tacplus password ];\n    ntp {\n        server 10.250.0.12;\n    }\n}\n"),
    (L, 5): ("system {\n    login {\n        class noc {\n            idle-timeout 10;\n        }\n        user ops {\n            class noc;\n        }\n    }\n}\n",
             "system {\n    login {\n        class noc {\n            idle-timeout 10;\n            permissions view;\n        }\n        user ops {\n            class noc;\n        }\n    }\n}\n",
             "system {\n    login {\n        class noc {\n            idle-timeout 10;\n        }\n        user ops {\n            class noc;\n        }\n        user temp-vendor {\n            class super-user;\n        }\n    }\n}\n"),
    (L, 6): ("system {\n    services {\n        ssh {\n            protocol-version v2;\n        }\n    }\n}\n",
             "system {\n    services {\n        ssh {\n            protocol-version v2;\n            root-login deny;\n        }\n    }\n}\n",
             "system {\n    services {\n        ssh {\n            protocol-version v2;\n        }\n        web-management {\n            https;\n        }\n    }\n}\n"),
    (L, 7): ("routing-options {\n    static {\n        route 10.255.0.0/16 next-hop 10.0.0.1;\n    }\n}\n",
             "routing-options {\n    static {\n        route 10.255.0.0/16 next-hop 10.0.0.2;\n    }\n}\n",
             "routing-options {\n    static {\n        route 10.255.0.0/16 next-hop 10.0.0.1;\n        route 10.30.0.0/16 next-hop 10.0.0.9;\n    }\n}\n"),
    (R, 0): ("protocols {\n    bgp {\n        group EBGP {\n            neighbor 10.0.1.0 {\n                peer-as 65020;\n            }\n        }\n    }\n}\n",
             "protocols {\n    bgp {\n        group EBGP {\n            neighbor 10.0.1.0 {\n                peer-as 65021;\n            }\n        }\n    }\n}\n",
             "protocols {\n    bgp {\n        group EBGP {\n            neighbor 10.0.1.0 {\n                description dc-leaf-1;\n                peer-as 65020;\n            }\n        }\n    }\n}\n"),
    (R, 1): ("policy-options {\n    policy-statement EXPORT {\n        then reject;\n    }\n}\n",
             "policy-options {\n    policy-statement EXPORT {\n        then accept;\n    }\n}\n",
             "policy-options {\n    policy-statement EXPORT {\n        then reject;\n    }\n}\nsnmp {\n    location HQ;\n}\n"),
    (R, 2): ("routing-options {\n    autonomous-system 65010;\n}\n", "routing-options {\n    autonomous-system 65011;\n}\n",
             "routing-options {\n    autonomous-system 65010;\n    static {\n        route 10.30.0.0/16 next-hop 10.0.0.9;\n    }\n}\n"),
    (R, 3): ("interfaces {\n    ge-0/0/0 {\n        unit 0 {\n            family inet {\n                address 10.0.0.1/30;\n            }\n        }\n    }\n    ge-0/0/5 {\n        unit 0 {\n            family inet {\n                address 10.9.0.1/24;\n            }\n        }\n    }\n}\n",
             "interfaces {\n    ge-0/0/0 {\n        unit 0 {\n            family inet {\n                address 10.0.0.5/30;\n            }\n        }\n    }\n    ge-0/0/5 {\n        unit 0 {\n            family inet {\n                address 10.9.0.1/24;\n            }\n        }\n    }\n}\n",
             "interfaces {\n    ge-0/0/0 {\n        unit 0 {\n            family inet {\n                address 10.0.0.1/30;\n            }\n        }\n    }\n    ge-0/0/5 {\n        unit 0 {\n            family inet {\n                address 10.9.0.2/24;\n            }\n        }\n    }\n}\n"),
    (R, 4): ("interfaces {\n    ge-0/0/0 {\n        mtu 9192;\n    }\n}\n", "interfaces {\n    ge-0/0/0 {\n        disable;\n        mtu 9192;\n    }\n}\n",
             "interfaces {\n    ge-0/0/0 {\n        description uplink;\n        mtu 9192;\n    }\n}\n"),
}  # fmt: skip
OS10: dict[tuple[str, int], tuple[str, str, str]] = {
    (L, 0): ("interface mgmt1/1/1\n ip address 10.255.4.1/24\n", "interface mgmt1/1/1\n ip address 10.255.4.2/24\n",
             "interface mgmt1/1/1\n description oob\n ip address 10.255.4.1/24\n"),
    (L, 1): ("ip vrf MGMT\n interface mgmt1/1/1\n", "ip vrf MGMT\n",
             "ip vrf MGMT\n interface mgmt1/1/1\nip vrf CAMERAS\n"),
    (L, 2): ("interface ethernet1/1/9\n description x\n", "interface ethernet1/1/9\n description x\n ip vrf forwarding MGMT\n",
             "interface ethernet1/1/9\n description x\n ip vrf forwarding CAMERAS\n"),
    (L, 3): ("ip access-list MGMT-ACCESS\n seq 10 permit tcp 10.250.0.0/24 any eq 22\n",
             "ip access-list MGMT-ACCESS\n seq 10 permit tcp 10.251.0.0/24 any eq 22\n",
             "ip access-list MGMT-ACCESS\n seq 10 permit tcp 10.250.0.0/24 any eq 22\nip access-list CAMS\n seq 10 permit ip any any\n"),
    (L, 4): ("line vty\n ip access-class MGMT-ACCESS\n", "line vty\n ip access-class OTHER\n",
             "line vty\n ip access-class MGMT-ACCESS\nhostname d3-access-1\n"),
    (L, 5): ("aaa authentication login default group tacacs+ local\n", "aaa authentication login default local\n",
             "aaa authentication login default group tacacs+ local\nntp server 10.250.0.12\n"),
    (L, 6): ("tacacs-server host 10.250.0.31 key 9 X\n", "tacacs-server host 10.250.0.32 key 9 X\n",
             "tacacs-server host 10.250.0.31 key 9 X\nsnmp-server location D3\n"),
    (L, 7): ("ip ssh server enable\n", "ip ssh server enable\nip ssh server max-auth-tries 3\n",
             "ip ssh server enable\nlogging server 10.250.0.21\n"),
    (L, 8): ("management route 10.250.0.0/24 10.255.4.254\n", "management route 10.250.0.0/24 10.255.4.253\n",
             "management route 10.250.0.0/24 10.255.4.254\nip domain-name pd.example\n"),
    (L, 9): ("ip route vrf MGMT 0.0.0.0/0 10.255.4.254\n", "ip route vrf MGMT 0.0.0.0/0 10.255.4.253\n",
             "ip route vrf MGMT 0.0.0.0/0 10.255.4.254\nip route vrf CAMERAS 0.0.0.0/0 10.30.0.1\n"),
    (L, 10): ("ip route 10.255.0.0/16 10.0.0.1\n", "ip route 10.255.0.0/16 10.0.0.2\n",
              "ip route 10.255.0.0/16 10.0.0.1\nip route 10.30.0.0/16 10.0.0.9\n"),
    (R, 0): ("router bgp 65030\n neighbor 10.0.2.1\n  remote-as 65010\n", "router bgp 65030\n neighbor 10.0.2.1\n  remote-as 65011\n",
             "router bgp 65030\n neighbor 10.0.2.1\n  remote-as 65010\n  description core\n"),
    (R, 1): ("interface ethernet1/1/1\n ip address 10.0.2.0/31\n", "interface ethernet1/1/1\n ip address 10.0.2.2/31\n",
             "interface ethernet1/1/1\n ip address 10.0.2.0/31\n description uplink\n"),
    (R, 2): ("route-map RM permit 10\n", "route-map RM permit 10\n set local-preference 200\n",
             "route-map RM permit 10\nhostname dc-tor-1\n"),
    (R, 3): ("ip prefix-list PL seq 10 permit 10.0.0.0/8\n", "ip prefix-list PL seq 10 permit 10.0.0.0/16\n",
             "ip prefix-list PL seq 10 permit 10.0.0.0/8\nip domain-lookup\n"),
    (R, 4): ("vlt-domain 1\n backup destination 10.255.4.2\n", "vlt-domain 1\n backup destination 10.255.4.3\n",
             "vlt-domain 1\n backup destination 10.255.4.2\nlldp enable\n"),
    (R, 5): ("interface vlan100\n vrrp-group 1\n  virtual-address 10.1.0.1\n", "interface vlan100\n vrrp-group 1\n  virtual-address 10.1.0.2\n",
             "interface vlan100\n vrrp-group 1\n  virtual-address 10.1.0.1\n description users\n"),
}  # fmt: skip
TABLE = {"ios": IOS, "eos": EOS, "junos": JUNOS, "dellos10": OS10}
RISK = {L: Risk.MGMT_LOCKOUT, R: Risk.ROUTING}
CASES = [(p, kind, i) for p, table in TABLE.items() for kind, i in table]


def _flags(platform: str, running: str, intended: str) -> dict[Risk, list[str]]:
    rules = default_rules()
    rules = type(rules)(**{**rules.__dict__, "site": SITE})
    return assess(changed_paths(running, intended, platform), platform, rules)


def test_every_rule_has_a_flag_and_a_no_flag_case() -> None:
    rules = default_rules()
    for platform in NAMES:
        have = set(TABLE[platform])
        need = {(L, i) for i in range(len(rules.lockout[platform]))}
        need |= {(R, i) for i in range(len(rules.routing[platform]))}
        assert need == have, f"{platform}: cases missing for {sorted(need - have)}"


@pytest.mark.parametrize(("platform", "kind", "index"), CASES)
def test_the_change_flags_and_its_near_miss_does_not(platform: str, kind: str, index: int) -> None:
    running, risky, harmless = TABLE[platform][(kind, index)]
    rules = default_rules()
    rule = (rules.lockout if kind == L else rules.routing)[platform][index]
    flags = _flags(platform, running, risky)
    assert RISK[kind] in flags, f"{rule.why}: not flagged"
    assert any(f"({rule.why})" in line for line in flags[RISK[kind]])
    assert RISK[kind] not in _flags(platform, running, harmless), f"{rule.why}: flagged"
