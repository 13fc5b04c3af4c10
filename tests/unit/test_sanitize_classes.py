"""Every class of secret the platforms' command references define is masked, Junos in both of its
formats, whatever the secret looks like (digits only, crypt hashes, quoted words).

The configs below are written for these tests from the commands' documented syntax (Cisco IOS
`snmp-server host`, `ppp pap sent-username`, OSPFv3 `authentication|encryption ipsec spi`, Junos
`[edit snmp]`, `[edit security ike policy]`, `[edit system login]`...), not taken from a device.
"""

from __future__ import annotations

import re

import pytest

from bluewire.sanitize import sanitize, sanitize_diff


def canaries(n: int) -> list[str]:
    """Distinct secrets of every shape: words, digits only, hex, type-7 style, crypt hashes."""
    shapes = ["Cnry{i}word", "9{i}31337", "0822455D0A16{i}", "$9$Cnry{i}xyz", "$6$salt$Cnry{i}hash"]
    return [shapes[i % len(shapes)].format(i=i) for i in range(n)]


C = canaries(60)

IOS = f"""\
snmp-server host 192.0.2.10 {C[0]}
snmp-server host 192.0.2.11 informs {C[1]}
snmp-server host 192.0.2.12 traps {C[2]} udp-port 1162
snmp-server host 192.0.2.13 vrf Mgmt-vrf {C[3]}
snmp-server host 192.0.2.14 traps version 2c {C[4]} bgp
snmp-server host 192.0.2.15 version 1 {C[5]}
ip ftp password 7 {C[6]}
ip ftp password {C[7]}
ip http client password 7 {C[8]}
interface Serial0/1/0
 encapsulation ppp
 ppp authentication chap pap
 ppp chap hostname branch1
 ppp chap password 7 {C[9]}
 ppp pap sent-username branch1 password 7 {C[10]}
 ppp pap sent-username branch2 password {C[11]}
interface GigabitEthernet0/1
 ipv6 ospf authentication ipsec spi 256 md5 {C[12]}
 ospfv3 authentication ipsec spi 500 sha1 7 {C[13]}
 ipv6 ospf encryption ipsec spi 1001 esp aes-cbc 128 {C[14]} sha1 {C[15]}
 ospfv3 encryption ipsec spi 1002 esp null md5 0 {C[16]}
 standby 1 authentication md5 key-string 7 {C[17]}
 standby 2 authentication {C[18]}
 vrrp 3 authentication text {C[19]}
 isis password {C[20]} level-2
 ip nhrp authentication {C[21]}
ipv6 router ospf 1
 area 1 authentication ipsec spi 678 md5 {C[22]}
 area 2 encryption ipsec spi 679 esp 3des 7 {C[23]} sha1 7 {C[24]}
router isis CORE
 area-password {C[25]}
 domain-password {C[26]}
l2tp-class LAC
 l2tp tunnel password 7 {C[27]}
"""

EOS = f"""\
interface Ethernet1
   ip ospf message-digest-key 1 sha256 7 {C[28]}
   ip ospf message-digest-key 2 sha512 7 {C[29]}
snmp-server host 192.0.2.20 vrf MGMT {C[30]}
snmp-server host 192.0.2.21 informs version 2c {C[31]}
snmp-server community {C[32]} ro
"""

OS10 = f"""\
snmp-server community {C[33]} ro
snmp-server host 192.0.2.30 traps version 2c {C[34]} udp-port 162
snmp-server host 192.0.2.31 {C[35]}
interface ethernet1/1/1
 ip ospf message-digest-key 1 md5 9 {C[36]}
"""

# The same Junos secrets in both display formats: `show configuration` (braces, here without the
# `## SECRET-DATA` markers of `| display omit` or hand-written files) and `| display set`.
JUNOS_BRACES = f"""\
system {{
    root-authentication {{
        encrypted-password "{C[37]}";
    }}
    login {{
        user ops {{
            uid 2001;
            class super-user;
            authentication {{
                encrypted-password "{C[38]}";
            }}
        }}
    }}
    tacplus-server {{
        192.0.2.40 {{
            secret {C[39]};
        }}
    }}
}}
security {{
    ike {{
        policy IKE-POL {{
            mode main;
            proposals IKE-PROP;
            pre-shared-key ascii-text "{C[40]}";
        }}
        policy IKE-HEX {{
            pre-shared-key hexadecimal {C[41]};
        }}
    }}
}}
snmp {{
    community {C[42]} {{
        authorization read-only;
        clients {{
            10.0.0.0/8;
        }}
    }}
    community "{C[43]} two words" {{
        authorization read-write;
    }}
    trap-group {C[44]} {{
        targets {{
            192.0.2.41;
        }}
    }}
    v3 {{
        usm {{
            local-engine {{
                user nms {{
                    authentication-sha {{
                        authentication-password "{C[45]}";
                    }}
                    privacy-aes128 {{
                        privacy-key "{C[46]}";
                    }}
                }}
            }}
        }}
        snmp-community {C[47]} {{
            community-name "{C[48]}";
            security-name nms;
        }}
    }}
}}
policy-options {{
    community CUST-A members 65000:100;
}}
"""

JUNOS_SET = f"""\
set system root-authentication encrypted-password "{C[49]}"
set system login user ops authentication encrypted-password "{C[50]}"
set system radius-server 192.0.2.42 secret {C[51]}
set security ike policy IKE-POL pre-shared-key ascii-text "{C[52]}"
set snmp community {C[53]} authorization read-only
set snmp community {C[54]} clients 10.0.0.0/8
set snmp trap-group {C[55]} targets 192.0.2.41
set snmp v3 usm local-engine user nms authentication-sha authentication-key "{C[56]}"
set snmp v3 snmp-community {C[57]} community-name "{C[58]}"
set protocols ospf area 0.0.0.0 interface ge-0/0/0.0 authentication md5 1 key "{C[59]}"
set policy-options community CUST-A members 65000:100
"""

CASES = {
    "ios": IOS,
    "eos": EOS,
    "dellos10": OS10,
    "junos-braces": JUNOS_BRACES,
    "junos-set": JUNOS_SET,
}


def _leaks(text: str) -> list[str]:
    # Longest first: "9131337" must not hide behind a leak of "91313370" and vice versa.
    found = []
    for value in sorted(C, key=len, reverse=True):
        if re.search(rf"(?<![\w$]){re.escape(value)}(?![\w$])", text):
            found.append(value)
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_no_secret_of_any_documented_class_survives(case: str) -> None:
    platform = case.split("-")[0]
    out = sanitize(CASES[case], platform)
    assert _leaks(out) == [], out
    assert "Cnry" not in out
    assert len(out.splitlines()) == len(CASES[case].splitlines())  # masked, not dropped


@pytest.mark.parametrize(
    "case,kept",
    [
        ("ios", "ppp chap hostname branch1"),
        ("ios", "ppp pap sent-username branch1 password 7 %%SECRET%%"),
        ("ios", "snmp-server host 192.0.2.12 traps %%SECRET%% udp-port 1162"),
        ("ios", "ipv6 ospf encryption ipsec spi 1001 esp aes-cbc 128 %%SECRET%% sha1 %%SECRET%%"),
        ("eos", "snmp-server host 192.0.2.21 informs version 2c %%SECRET%%"),
        ("junos-braces", "community CUST-A members 65000:100;"),
        ("junos-braces", "security-name nms;"),
        ("junos-braces", 'community "%%SECRET%%" {'),
        ("junos-set", "set policy-options community CUST-A members 65000:100"),
        ("junos-set", 'set snmp community "%%SECRET%%" authorization read-only'),
    ],
)
def test_what_is_not_a_secret_stays_readable(case: str, kept: str) -> None:
    out = sanitize(CASES[case], case.split("-")[0])
    assert kept in [line.strip() for line in out.splitlines()], out


def test_snmpv3_host_user_names_are_not_masked() -> None:
    line = "snmp-server host 10.250.0.61 vrf Mgmt-vrf version 3 priv nms-poller\n"
    assert sanitize(line, "ios") == line


@pytest.mark.parametrize("platform", ["ios", "eos", "dellos10", "junos"])
@pytest.mark.parametrize(
    "line",
    [
        "some future command {h}",
        'set system something-new "{h}"',
        "   unknown-key-command 5 {h} extra",
    ],
)
def test_crypt_hashes_are_masked_wherever_they_appear(platform: str, line: str) -> None:
    for secret in (
        "$1$abcd$Cnry1",
        "$6$rounds=5000$salt$Cnry2",
        "$9$Cnry3.abc/def",
        "$y$j9T$Cnry4",
    ):
        out = sanitize(line.format(h=secret) + "\n", platform)
        assert "Cnry" not in out, out


@pytest.mark.parametrize("mark", ["-", "+", " ", "-  ", "+    "])
@pytest.mark.parametrize("case", sorted(CASES))
def test_device_diffs_are_masked_whatever_marks_their_lines(case: str, mark: str) -> None:
    """The device's own diff (`show archive config differences`, an EOS session diff, Junos
    `show | compare`) prefixes lines with -, + or context indentation."""
    diff = "".join(f"{mark}{line}\n" for line in CASES[case].splitlines())
    out = sanitize_diff(diff, case.split("-")[0])
    assert _leaks(out) == [] and "Cnry" not in out, out
    assert [line[: len(mark)] for line in out.splitlines()] == [mark] * len(out.splitlines())
    assert len(out.splitlines()) == len(diff.splitlines())


def test_junos_compare_output_is_masked() -> None:
    diff = (
        "[edit system root-authentication]\n"
        f'-  encrypted-password "{C[37]}"; ## SECRET-DATA\n'
        f'+  encrypted-password "{C[38]}"; ## SECRET-DATA\n'
        "[edit snmp]\n"
        f"+   community {C[42]} {{\n"
        "+       authorization read-only;\n"
        "+   }\n"
    )
    out = sanitize_diff(diff, "junos")
    assert _leaks(out) == [] and "SECRET-DATA" not in out
    assert out.splitlines()[0] == "[edit system root-authentication]"
