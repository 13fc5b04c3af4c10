"""The sanitizer: no device secret survives it, volatile lines go, golden and running compare."""

from __future__ import annotations

from pathlib import Path

import pytest

from bluewire.diff import remediation
from bluewire.sanitize import (
    compare_form,
    leaked,
    rules_for,
    sanitize,
    sanitize_diff,
    unmask_not_secrets,
)

C = [f"CANARY{i}x7f3a" for i in range(40)]  # one distinct value per secret position

DEVICE = {
    "ios": f"""\
Building configuration...

Current configuration : 9999 bytes
!
! Last configuration change at 10:00:00 UTC Mon Jan 1 2024 by admin
! NVRAM config last updated at 10:00:01 UTC Mon Jan 1 2024 by admin
version 17.9
enable secret 9 {C[0]}
enable password 7 {C[1]}
username breakglass privilege 15 secret 9 {C[2]}
username ops password 7 {C[3]}
tacacs-server host 10.0.0.1 key 7 {C[4]}
tacacs-server key 7 {C[5]}
radius-server host 10.0.0.2 key 7 {C[6]}
tacacs server ise-1
 address ipv4 10.0.0.3
 key 7 {C[7]}
radius server ise-2
 key 7 {C[8]}
ntp authentication-key 10 md5 {C[9]} 7
ntp authentication-key 11 md5 12345 7
ntp clock-period 17179869
file prompt quiet
snmp-server community {C[10]} RO SNMP-ACCESS
snmp-server user nms NMS v3 auth sha {C[11]} priv aes 128 {C[12]}
snmp-server host 10.0.0.9 version 2c {C[13]}
key chain OSPF
 key 1
  key-string 7 {C[14]}
interface Vlan10
 ip ospf message-digest-key 1 md5 7 {C[15]}
 ip ospf authentication-key 7 {C[16]}
router bgp 65000
 neighbor 10.0.0.4 password 7 {C[17]}
crypto isakmp key {C[18]} address 192.0.2.1
crypto pki certificate chain TP-self-signed-1
 certificate self-signed 01
  3082024A {C[19]}
  \tquit
line vty 0 4
 password 7 {C[20]}
end
""",
    "eos": f"""\
! Command: show running-config
! device: dc-leaf-1 (DCS-7050SX3-48YC8, EOS-4.30.1F)
! Time: Mon Jan  1 10:00:00 2024
username breakglass privilege 15 role network-admin secret sha512 {C[21]}
enable password sha512 {C[22]}
aaa root secret sha512 {C[23]}
tacacs-server host 10.0.0.1 vrf MGMT key 7 {C[24]}
radius-server host 10.0.0.2 key 7 {C[25]}
ntp authentication-key 10 md5 7 {C[26]}
snmp-server user nms NMS v3 localized 0000 auth sha {C[27]} priv aes {C[28]}
interface Ethernet1
   ip ospf message-digest-key 1 md5 7 {C[29]}
router bgp 65100
   neighbor 10.0.0.4 password 7 {C[30]}
""",
    "dellos10": f"""\
! Version 10.5.5.5
username breakglass password {C[31]} role sysadmin priv-lvl 15
tacacs-server host 10.250.0.31 key 9 {C[32]}
radius-server host 10.250.0.41 key 9 {C[33]}
snmp-server user nms NMS-RO 3 encrypted auth sha {C[34]} priv aes {C[35]}
ntp authentication-key 10 sha2-256 9 {C[36]}
""",
    "junos": f"""\
## Last commit: 2024-01-01 10:00:00 UTC by admin
version 22.4R3-S2;
system {{
    root-authentication {{
        encrypted-password "{C[37]}"; ## SECRET-DATA
    }}
    radius-server {{
        10.0.0.2 {{
            secret "{C[38]}"; ## SECRET-DATA
        }}
    }}
    ntp {{
        authentication-key 10 type md5 value "{C[39]}"; ## SECRET-DATA
    }}
}}
protocols {{
    bgp {{
        group ISP {{
            authentication-key "$9$plain-no-marker";
        }}
    }}
    ospf {{
        area 0.0.0.0 {{
            interface ge-0/0/0.0 {{
                authentication {{
                    md5 1 key "$9$also-no-marker";
                }}
            }}
        }}
    }}
}}
""",
}


@pytest.mark.parametrize("platform", sorted(DEVICE))
def test_no_canary_survives(platform: str) -> None:
    out = sanitize(DEVICE[platform], platform)
    assert leaked(out, C) == []
    assert "CANARY" not in out and "$9$" not in out and "12345" not in out
    assert "%%SECRET%%" in out


@pytest.mark.parametrize("platform", sorted(DEVICE))
def test_volatile_lines_go(platform: str) -> None:
    out = sanitize(DEVICE[platform], platform)
    for marker in ("Last configuration", "NVRAM", "Building", "Current configuration",
                   "clock-period", "file prompt", "certificate", "## Last commit",
                   "SECRET-DATA", "! Time:", "! Command:"):  # fmt: skip
        assert marker not in out


def test_sanitize_is_idempotent() -> None:
    for platform, text in DEVICE.items():
        once = sanitize(text, platform)
        assert sanitize(once, platform) == once


def test_golden_placeholders_are_masked() -> None:
    assert sanitize(" key 0 %%SECRET:tacacs_key%%\n", "ios") == " key 0 %%SECRET%%\n"


@pytest.mark.parametrize(
    ("golden", "device"),
    [
        (" key 0 %%SECRET:k%%", " key 7 %%SECRET%%"),
        (
            "tacacs-server host 10.0.0.1 key 9 %%SECRET:k%%",
            "tacacs-server host 10.0.0.1 key 7 %%SECRET%%",
        ),
        (
            "ntp authentication-key 10 md5 %%SECRET:k%%",
            "ntp authentication-key 10 md5 7 %%SECRET%%",
        ),
        ('encrypted-password "%%SECRET:k%%"', 'encrypted-password "%%SECRET%%"'),
    ],
)
def test_encryption_type_does_not_matter(golden: str, device: str) -> None:
    assert compare_form(golden) == compare_form(device)


def test_golden_configs_equal_their_sanitized_device_form() -> None:
    """A device running exactly the golden config (secrets encrypted) shows no remediation."""
    for path in sorted((Path(__file__).resolve().parents[2] / "golden_configs").glob("*.cfg")):
        golden = path.read_text()
        platform = (
            "junos"
            if "{" in golden.split("\n", 2)[1]
            else (
                "dellos10"
                if golden.startswith("! Version 10")
                else "eos"
                if "service routing protocols model" in golden
                else "ios"
            )
        )
        device = golden.replace("%%SECRET:", "ENCRYPTED-").replace("_key%%", "").replace("%%", "")
        running = sanitize(device, platform)
        assert "ENCRYPTED" not in running, path.name
        assert remediation(running, golden, platform) == [], path.name


@pytest.mark.parametrize("platform", sorted(DEVICE))
def test_a_config_of_volatile_lines_only_sanitizes_to_nothing(platform: str) -> None:
    volatile = "! Last configuration change at 10:00:00 UTC Mon Jan 1 2024 by admin\n"
    if platform == "junos":
        volatile = "## Last commit: 2024-01-01 10:00:00 UTC by admin\n"
    assert sanitize("", platform) == ""
    assert sanitize(volatile * 2, platform) == ""


def test_unmarked_lines_of_a_device_diff_are_masked_and_kept_whole() -> None:
    """`show archive config differences` prints context lines without a marker; their first
    character is part of the command, not a marker to set aside."""
    diff = (
        "!Contextual Config Diffs:\n"
        "snmp-server community CANARY0x7f3a RO\n"
        "interface Vlan10\n"
        "+ standby 1 authentication CANARY1x7f3a\n"
        "-snmp-server community CANARY2x7f3a RO\n"
        "+snmp-server community CANARY3x7f3a RO\n"
        " description unchanged\n"
    )
    assert sanitize_diff(diff, "ios") == (
        "!Contextual Config Diffs:\n"
        "snmp-server community %%SECRET%% RO\n"
        "interface Vlan10\n"
        "+ standby 1 authentication %%SECRET%%\n"
        "-snmp-server community %%SECRET%% RO\n"
        "+snmp-server community %%SECRET%% RO\n"
        " description unchanged\n"
    )


@pytest.mark.parametrize("platform", ["_common", "nxos", ""])
def test_only_declared_platforms_have_sanitizer_rules(platform: str) -> None:
    with pytest.raises(ValueError, match="no sanitizer rules"):
        rules_for(platform)


INDENTED = ["ios", "eos", "dellos10"]


@pytest.mark.parametrize("platform", INDENTED)
@pytest.mark.parametrize("key_id", ["1", "2147483647", "0"])
def test_a_key_chain_key_id_is_not_a_secret(platform: str, key_id: str) -> None:
    """` key N` under `key chain` is the key's number: masked, a plan would negate `key %%SECRET%%`."""
    running = sanitize(f"key chain OSPF\n key {key_id}\n  key-string 7 CANARY0x7f3a\n", platform)
    assert f"\n key {key_id}\n" in running and "CANARY" not in running
    golden = f"key chain OSPF\n key {key_id}\n  key-string 0 %%SECRET:ospf_key%%\n"
    assert remediation(running, golden, platform) == []


@pytest.mark.parametrize("platform", INDENTED)
@pytest.mark.parametrize(
    "config",
    [
        # the same line under an AAA server is a digits-only key
        "key chain OSPF\n key 1\n!\ntacacs server ise\n key 48151623\n",
        "key chain OSPF\n key 1\nradius server ise\n key 48151623\n",
        "tacacs server ise\n key 48151623\nkey chain OSPF\n key 1\n",
        # under a key chain, a key line that goes on is not a key number
        "key chain OSPF\n key 7 48151623\n",
        "key chain OSPF\n key 1 48151623\n",
        # a deeper line of the same words is not the key chain's own key
        "key chain OSPF\n key 1\n  key 48151623\n",
        # `key chain` must be the parent, not a word of it
        "no key chain OSPF\n key 48151623\n",
        "monkey chain OSPF\n key 48151623\n",
    ],
)
def test_lines_like_a_key_number_elsewhere_stay_masked(platform: str, config: str) -> None:
    assert "48151623" not in sanitize(config, platform)


def test_nothing_is_unmasked_when_masking_changed_the_line_count() -> None:
    """Lines are matched up by position: if they cannot be, a false mask is kept, never a leak."""
    rules = rules_for("ios")
    before = "key chain OSPF\n key 1\n"
    assert unmask_not_secrets(before, "key chain OSPF\n key %%SECRET%%\n", rules) == before
    shifted = "\nkey chain OSPF\n key %%SECRET%%\n"
    assert unmask_not_secrets(before, shifted, rules) == shifted


@pytest.mark.parametrize("platform", INDENTED)
def test_key_numbers_are_kept_wherever_masked_lines_fall(platform: str) -> None:
    """Masked lines before, between and after key chains, and a key chain at the very end."""
    config = (
        "username a secret 9 $9$AAAAAAAAAAAAAA$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\n"
        "key chain A\n key 1\n  key-string 7 CANARY0x7f3a\n key 2\n"
        "tacacs server t\n key 48151623\n"
        "key chain B\n key 3"
    )
    text = sanitize(config, platform)
    assert [line for line in text.splitlines() if line.startswith(" key ")] == [
        " key 1",
        " key 2",
        " key %%SECRET%%",
        " key 3",
    ]
    assert "CANARY" not in text and "48151623" not in text and "$9$" not in text
