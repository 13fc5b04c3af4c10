"""Sanitizer cases, byte for byte: a block of device config and what `sanitize` must make of it.

In a block, `⟦...⟧` marks a secret (it becomes `%%SECRET%%`; on Junos the quoted form
`"%%SECRET%%"`, quotes included in the mark), `⟪...⟫` text the sanitizer removes from a line, a
line starting with `⌫` a line it removes, and `␠` a blank at the end of a line. Every other
character must come out unchanged, and so must the lines around the block (`CONTEXT`), so a rule
that eats too much fails as surely as one that masks too little.

Lines are written from the commands' documented syntax (Cisco IOS security, OSPF, SNMP, AAA and
NTP command references, Arista EOS and Dell OS10 user guides, Junos `[edit system]`, `[edit snmp]`,
`[edit security ike]` statements), not taken from a device. Secrets have plain shapes (words, digits
only, type-7 hex) so that each is caught by its own rule, not by the last-resort hash rule; the hash
rule has its own cases.
"""

from __future__ import annotations

import re

from bluewire.platforms import profile

# Text around every block: kept byte for byte (it holds a `description` and an `end`, which no
# rule may touch).
CONTEXT = {
    "indent": (
        "hostname core-1\n!\n",
        "interface GigabitEthernet1/0/1\n description uplink\n!\nend\n",
    ),
    "junos": (
        "system {\n    host-name fw-1;\n}\n",
        "interfaces {\n    ge-0/0/0 {\n        description uplink;\n    }\n}\n",
    ),
}

# Blocks every indentation platform (ios, eos, dellos10) shares, as their rules do (`_common`).
COMMON: dict[str, str] = {
    "enable": """\
enable secret 9 ⟦Cnry-en1⟧
enable secret ⟦12345678⟧
enable password level 15 7 ⟦0822455D0A16⟧
enable password sha512 ⟦Cnry-en2⟧
""",
    "username secret": """\
username breakglass privilege 15 secret 9 ⟦Cnry-us1⟧
username admin role network-admin secret sha512 ⟦Cnry-us3⟧
username nosecret privilege 15 secret ⟦87654321⟧
""",
    "tacacs and radius hosts": """\
tacacs-server host 10.0.0.1 key 7 ⟦Cnry-tk1⟧
tacacs-server host 10.0.0.9 vrf MGMT key ⟦Cnry-tk2⟧
radius-server host 10.0.0.2 auth-port 1812 acct-port 1813 key ⟦Cnry-rk1⟧
tacacs-server key 7 ⟦Cnry-tk3⟧
radius-server key ⟦Cnry-rk2⟧
tacacs-server timeout 5
radius-server dead-criteria time 5 tries 3
tacacs-server directed-request
""",
    "aaa server sections": """\
tacacs server ise-1
 address ipv4 10.0.0.3
 key 7 ⟦Cnry-sk1⟧
radius server ise-2
 address ipv4 10.0.0.4 auth-port 1812 acct-port 1813
 key ⟦Cnry-sk2⟧
aaa server radius dynamic-author
 client 10.0.0.5 server-key 7 ⟦Cnry-sk4⟧ vrf MGMT
 client 10.0.0.6 server-key ⟦Cnry-sk5⟧
 client 10.0.0.7 vrf MGMT
 server-key 7 ⟦Cnry-sk3⟧
 port 3799
""",
    "server-private": """\
aaa group server tacacs+ ISE
 server-private 10.0.0.6 port 49 timeout 5 key 7 ⟦Cnry-sp1⟧
 server-private 10.0.0.7 key ⟦Cnry-sp2⟧
 server-private 10.0.0.8 port 49
 ip vrf forwarding MGMT
""",
    "key-string": """\
key chain OSPF
 key-string 7 ⟦Cnry-ks0⟧
interface Vlan10
 standby 1 authentication md5 key-string 7 ⟦Cnry-ks1⟧
 standby 2 authentication md5 key-string ⟦Cnry-ks2⟧
 standby 3 authentication md5 key-chain HSRP
 ip rip authentication key-chain RIP
""",
    "ospf v2": """\
interface Vlan20
 ip ospf message-digest-key 1 md5 7 ⟦Cnry-om1⟧
 ip ospf message-digest-key 2 sha256 ⟦12345678⟧
 ip ospf message-digest-key 3 sha512 7 ⟦Cnry-om3⟧
 ip ospf authentication-key 7 ⟦Cnry-oa1⟧
 ip ospf authentication-key ⟦87654321⟧
 ip ospf authentication message-digest
 ip ospf authentication key-chain OSPF
""",
    "ospf v3 ipsec": """\
interface GigabitEthernet0/1
 ipv6 ospf authentication ipsec spi 256 md5 ⟦Cnry-v31⟧
 ospfv3 authentication ipsec spi 500 sha1 7 ⟦Cnry-v32⟧
 ipv6 ospf encryption ipsec spi 1001 esp aes-cbc 128 ⟦Cnry-v33⟧ sha1 ⟦Cnry-v34⟧
 ospfv3 encryption ipsec spi 1002 esp null md5 0 ⟦Cnry-v35⟧
 ipv6 ospf encryption ipsec spi 1003 esp des 7 ⟦Cnry-v36⟧ md5 ⟦Cnry-v37⟧
 ipv6 ospf authentication null
ipv6 router ospf 1
 area 1 authentication ipsec spi 678 md5 ⟦Cnry-v38⟧
 area 2 encryption ipsec spi 679 esp 3des 7 ⟦Cnry-v39⟧ sha1 7 ⟦Cnry-v3a⟧
""",
    "passphrase": """\
crypto isakmp keyring KR
 passphrase 7 ⟦Cnry-pp1⟧
 passphrase ⟦Cnry-pp2⟧
""",
    "is-is": """\
interface GigabitEthernet0/2
 isis password ⟦Cnry-is1⟧ level-2
 isis password 7 ⟦Cnry-is2⟧
router isis CORE
 area-password ⟦Cnry-is3⟧
 domain-password 7 ⟦Cnry-is4⟧
 is-type level-2-only
""",
    "first-hop redundancy": """\
interface Vlan30
 standby 1 authentication ⟦Cnry-fh1⟧
 standby authentication text ⟦Cnry-fh2⟧
 vrrp 3 authentication text ⟦Cnry-fh3⟧
 glbp 4 authentication ⟦Cnry-fh4⟧
 vrrp 5 peer authentication ⟦Cnry-fh5⟧
 standby 6 authentication md5 key-chain HSRP
 standby 7 authentication text
 standby 8 authentication ⟦textbook9⟧
 glbp 9 authentication text ⟦md5sum99⟧
""",
    "nhrp l2tp wpa": """\
interface Tunnel0
 ip nhrp authentication ⟦Cnry-nh1⟧
 ip nhrp network-id 1
l2tp-class LAC
 l2tp tunnel password 7 ⟦Cnry-l21⟧
 l2tp tunnel hello 30
dot1x credentials WIFI
 wpa-psk ascii 0 ⟦Cnry-wp1⟧
 wpa-psk hex ⟦0A1B2C3D4E5F⟧
""",
    "bgp": """\
router bgp 65000
 neighbor 10.0.0.4 password 7 ⟦Cnry-bg1⟧
 neighbor 10.0.0.5 password ⟦12345678⟧
 neighbor 10.0.0.6 description password-protected peer
 neighbor 10.0.0.6 remote-as 65001
""",
    "ppp ftp http": """\
interface Serial0/1/0
 ppp chap hostname branch1
 ppp chap password 7 ⟦Cnry-pc1⟧
 ppp pap password ⟦Cnry-pc2⟧
 ppp pap sent-username branch1 password 7 ⟦Cnry-pc3⟧
 ppp pap sent-username branch2 password ⟦Cnry-pc4⟧
ip ftp username backup
ip ftp password 7 ⟦Cnry-ft1⟧
ip http client password ⟦Cnry-ht1⟧
ip http client username backup
""",
    "snmp": """\
snmp-server community ⟦Cnry-sn1⟧ RO SNMP-ACCESS
snmp-server host 192.0.2.10 ⟦Cnry-sn2⟧
snmp-server host 192.0.2.11 informs ⟦Cnry-sn3⟧
snmp-server host 192.0.2.12 traps ⟦Cnry-sn4⟧ udp-port 1162
snmp-server host 192.0.2.13 vrf Mgmt-vrf ⟦Cnry-sn5⟧
snmp-server host 192.0.2.14 traps version 2c ⟦Cnry-sn6⟧ bgp
snmp-server host 192.0.2.15 version 1 ⟦Cnry-sn7⟧
snmp-server host 192.0.2.16 vrf MGMT informs version 2c ⟦Cnry-sn8⟧
snmp-server host 10.250.0.61 vrf Mgmt-vrf version 3 priv nms-poller
snmp-server host 192.0.2.17 ⟦version2Cnry⟧
snmp-server host 192.0.2.18 ⟦vrfCnry⟧
snmp-server host 192.0.2.19 ⟦informsCnry⟧
snmp-server host 192.0.2.20 ⟦trapsCnry⟧
snmp-server user nms NMS v3 auth sha ⟦Cnry-sn9⟧ priv aes 128 ⟦Cnry-sna⟧
snmp-server user nms2 NMS v3 auth md5 ⟦Cnry-snb⟧ priv 3des ⟦Cnry-snc⟧
snmp-server user nms3 NMS v3 auth sha256 ⟦Cnry-snd⟧ priv des ⟦Cnry-sne⟧
snmp-server group NMS v3 priv
snmp-server location HQ rack 7
""",
    "ike, lines, root, ntp": """\
crypto isakmp key ⟦Cnry-ik1⟧ address 192.0.2.1
crypto isakmp key 6 ⟦Cnry-ik2⟧ address 192.0.2.2
crypto ikev2 keyring KR
 peer branch
  pre-shared-key local key 7 ⟦Cnry-ik3⟧
  pre-shared-key key ⟦Cnry-ik4⟧
line vty 0 4
 password 7 ⟦Cnry-pw1⟧
 password ⟦12345678⟧
 login local
password encryption aes
aaa root secret sha512 ⟦Cnry-rt1⟧
aaa root secret ⟦Cnry-rt2⟧
ntp authentication-key 10 md5 7 ⟦Cnry-nt1⟧
ntp authentication-key 11 sha2-256 9 ⟦Cnry-nt2⟧
ntp authenticate
ntp trusted-key 10
""",
    # Devices print trailing blanks: a rule that needs the secret to end the line must allow them.
    "trailing blanks": """\
interface Vlan40
 ip ospf authentication-key 7 ⟦Cnry-tb1⟧␠
 ip ospf message-digest-key 1 md5 ⟦Cnry-tb2⟧␠␠
 standby 1 authentication ⟦Cnry-tb3⟧␠
router bgp 65000
 neighbor 10.0.0.7 password 7 ⟦Cnry-tb4⟧␠
line con 0
 password 7 ⟦Cnry-tb5⟧\t
aaa root secret sha512 ⟦Cnry-tb6⟧␠
ntp authentication-key 12 md5 7 ⟦Cnry-tb7⟧␠
""",
    "crypt hashes by shape": """\
some future command ⟦$1$abcd$Cnry1⟧
another one "⟦$6$rounds=5000$salt$Cnry2⟧"
  indented ⟦$9$Cnry3.abc/def⟧ trailing words
 ⟦$y$j9T$Cnry4⟧
 bcrypt ⟦$2b$10$Cnry5⟧ and ⟦$8$Cnry6⟧ and ⟦$5$Cnry7⟧
price is $1 and $5$ alone
""",
    "volatile": """\
⌫Building configuration...

⌫Current configuration : 9999 bytes
⌫! Last configuration change at 10:00:00 UTC Mon Jan 1 2024 by admin
⌫! NVRAM config last updated at 10:00:01 UTC Mon Jan 1 2024 by admin
⌫! No configuration change since last restart
⌫! Command: show running-config
⌫! Time: Mon Jan  1 10:00:00 2024
⌫! device: dc-leaf-1 (DCS-7050SX3-48YC8, EOS-4.30.1F)
⌫! Startup-config last modified at Mon Jan  1 09:00:00 2024 by admin
⌫ntp clock-period 17179869
⌫file prompt quiet
! Last seen by the operator: keep this comment
ntp clock-period-adjust 5
file prompt noisy
!
""",
    "certificate chain": """\
⌫crypto pki certificate chain TP-self-signed-1
⌫ certificate self-signed 01
⌫  3082024A 30820133 A0030201 02020101
⌫  300D0609 2A864886 F70D0101 05050030
⌫
⌫  \tquit
username rogue privilege 15 secret 9 ⟦Cnry-ce1⟧
crypto pki trustpoint TP-self-signed-1
 enrollment selfsigned
""",
}

IOS: dict[str, str] = {
    "username password": """\
username ops password 7 ⟦Cnry-iu1⟧
username ops2 privilege 15 password 0 ⟦Cnry-iu2⟧
""",
    # IOS prints the NTP key's encryption type after the key.
    "ntp key type after the key": """\
ntp authentication-key 10 md5 ⟦104D000A0618 7⟧
ntp authentication-key 11 md5 ⟦12345678 7⟧
ntp authentication-key 12 md5 ⟦Cnry-in1⟧
ntp authentication-key 13 md5 ⟦Cnry-in2 7⟧␠
""",
}

EOS: dict[str, str] = {
    "username password": "username ops privilege 15 role network-admin secret sha512 ⟦Cnry-eu1⟧\n",
}

OS10: dict[str, str] = {
    # OS10 has no type number and puts the role after the password.
    "username password": """\
username breakglass password ⟦$6$rounds=656000$Cnry-ou1⟧ role sysadmin priv-lvl 15
username ops password ⟦Cnry-ou2⟧ role netoperator
username digits password ⟦12345678⟧ role netoperator
""",
}

JUNOS: dict[str, str] = {
    "secret-data marker": """\
system {
    root-authentication {
        encrypted-password ⟦"Cnry-jm1"⟧;⟪ ## SECRET-DATA⟫
    }
    radius-server {
        10.0.0.2 {
            port 1812;
            secret ⟦"Cnry-jm2"⟧;⟪    ## SECRET-DATA⟫
        }
    }
    ntp {
        authentication-key 10 type md5 value ⟦"Cnry-jm3"⟧;⟪ ## SECRET-DATA⟫
        boot-server 10.0.0.9;
    }
    syslog {
        host 10.0.0.10 {
            any notice;
        }
    }
    custom-thing ⟦"Cnry-jm4"⟧;⟪ ## SECRET-DATA⟫
}
snmp {
    description "values marked ## SECRET-DATA are masked";
}
""",
    "keywords in braces": """\
system {
    login {
        user ops {
            uid 2001;
            class super-user;
            authentication {
                encrypted-password ⟦"Cnry-jb1"⟧;
            }
        }
        message "secret-free banner";
    }
    tacplus-server {
        192.0.2.40 {
            secret ⟦Cnry-jb2⟧;
            single-connection;
        }
    }
}
protocols {
    bgp {
        group ISP {
            authentication-key ⟦"Cnry-jb3"⟧;
            peer-as 64501;
        }
    }
    ospf {
        area 0.0.0.0 {
            interface ge-0/0/0.0 {
                authentication {
                    md5 1 key ⟦"Cnry-jb4"⟧;
                    simple-password ⟦Cnry-jb5⟧;
                }
            }
        }
    }
    isis {
        level 2 {
            authentication-key ⟦"Cnry-jb6"⟧;
            hello-authentication-key ⟦"Cnry-jb7"⟧;
        }
    }
}
security {
    ike {
        policy IKE-POL {
            mode main;
            pre-shared-key ascii-text ⟦"Cnry-jb8"⟧;
        }
        policy IKE-HEX {
            pre-shared-key hexadecimal ⟦0a1b2c3d⟧;
        }
    }
}
access {
    profile PPP {
        client branch {
            chap-secret ⟦"Cnry-jb9"⟧;
        }
    }
    radius-server {
        10.0.0.11 {
            secret ⟦"Cnry-jba"⟧;
        }
    }
}
""",
    "snmp": """\
snmp {
    location "HQ rack 7";
    community ⟦Cnry-js1⟧ {
        authorization read-only;
    }
    community ⟦"Cnry-js2 two words"⟧ {
        authorization read-write;
    }
    trap-group ⟦Cnry-js3⟧ {
        targets {
            192.0.2.41;
        }
    }
    v3 {
        usm {
            local-engine {
                user nms {
                    authentication-sha {
                        authentication-password ⟦"Cnry-js4"⟧;
                    }
                    privacy-aes128 {
                        privacy-password ⟦"Cnry-js5"⟧;
                    }
                }
            }
        }
        snmp-community ⟦IDX1⟧ {
            community-name ⟦"Cnry-js6"⟧;
            security-name nms;
        }
    }
}
policy-options {
    community CUST-A members 65000:100;
}
""",
    "set format": """\
set system root-authentication encrypted-password ⟦"Cnry-jt1"⟧
set system login user ops authentication encrypted-password ⟦"Cnry-jt2"⟧
set system radius-server 192.0.2.42 secret ⟦Cnry-jt3⟧
set system radius-server 192.0.2.42 port 1812
set security ike policy IKE-POL pre-shared-key ascii-text ⟦"Cnry-jt4"⟧
set snmp community ⟦Cnry-jt5⟧ authorization read-only
set snmp trap-group ⟦Cnry-jt6⟧ targets 192.0.2.41
set snmp v3 snmp-community ⟦IDX2⟧ community-name ⟦"Cnry-jt7"⟧
set snmp v3 usm local-engine user nms authentication-sha authentication-key ⟦"Cnry-jt8"⟧
set protocols ospf area 0.0.0.0 interface ge-0/0/0.0 authentication md5 1 key ⟦"Cnry-jt9"⟧
set system ntp authentication-key 2 type md5 value ⟦"Cnry-jta"⟧
set system ntp authentication-key 3 algorithm sha256 type sha256 value ⟦"Cnry-jtb"⟧
set system "quoted name" secret ⟦"Cnry-jtc"⟧
set policy-options community CUST-A members 65000:100
set system services ssh
""",
    "hashes by shape": """\
system {
    some-new-statement ⟦"$9$Cnry-jh1"⟧;
    other-statement ⟦$6$salt$Cnry-jh2⟧;
    price "$1 only";
}
""",
    "volatile": """\
⌫## Last commit: 2024-01-01 10:00:00 UTC by admin
⌫    ## Last changed: 2024-01-01 10:00:00 UTC
⌫## Image name: junos-srxsme-22.4R3-S2.tgz
## Last seen by the operator: keep this comment
version 22.4R3-S2;
""",
}

TABLE = {"ios": {**COMMON, **IOS}, "eos": {**COMMON, **EOS}, "dellos10": {**COMMON, **OS10}}
TABLE["junos"] = JUNOS
SECRET = re.compile("⟦(.*?)⟧")
GONE = re.compile("⟪(.*?)⟫")


def expand(block: str, platform: str) -> tuple[str, str]:
    """(device text, sanitized text) of a block, with the platform's context around it."""
    braces = profile(platform).braces
    head, tail = CONTEXT["junos" if braces else "indent"]
    mask = '"%%SECRET%%"' if braces else "%%SECRET%%"
    device, expected = [], []
    for line in block.replace("␠", " ").splitlines(keepends=True):
        text = line.removeprefix("⌫")
        device.append(GONE.sub(r"\1", SECRET.sub(r"\1", text)))
        if not line.startswith("⌫"):
            expected.append(GONE.sub("", SECRET.sub(mask, text)))
    return head + "".join(device) + tail, head + "".join(expected) + tail


def cases(platform: str) -> list[tuple[str, str, str]]:
    """(name, device text, sanitized text) for every block of `platform`."""
    return [(name, *expand(block, platform)) for name, block in TABLE[platform].items()]
