"""Every rule on every platform it covers: the compliant config passes, a mutated one fails.

A case is (rule, platform, regex, replacement, expected evidence): the failure must name the rule
and carry evidence containing the expected text at the right line of the mutated config (line 0
when the evidence is a missing line).
"""

from __future__ import annotations

import pytest

from bluewire.compliance.results import RuleResult, Status
from tests.unit.compliance.conftest import PLATFORMS, Evaluate, compliant, mutate

ALL = "(?#all)"  # prefix: replace every match, not only the first
UNUSED_EOS = r"(interface Ethernet17\n)   shutdown\n"
BLOCK_LLDP = r"(interface \S+\n(?: [^\n]*\n)*?) no lldp transmit\n"
EOS_USER = {"ethernet5": "user"}

# rule, platform, regex, replacement, expected evidence text, role overrides
CASES: list[tuple[str, str, str, str, str, dict[str, str] | None]] = [
    (
        "SEC-BANNER",
        "ios",
        "Use of this system indicates consent",
        "Use indicates",
        "banner login",
        None,
    ),
    (
        "SEC-BANNER",
        "eos",
        "Use of this system indicates consent",
        "Use indicates",
        "banner login",
        None,
    ),
    ("SEC-BANNER", "dellos10", "consent to monitoring", "nothing", "banner login", None),
    ("SEC-BANNER", "junos", "consent to monitoring", "nothing", "message", None),
    ("SEC-SSH-V2", "ios", "ip ssh version 2\n", "", "ip ssh version 2", None),
    ("SEC-SSH-V2", "eos", r"(management ssh\n)", r"\1   shutdown\n", "shutdown", None),
    (
        "SEC-SSH-V2",
        "junos",
        "protocol-version v2;",
        "protocol-version v1;",
        "protocol-version",
        None,
    ),
    (
        "SEC-SSH-V2",
        "dellos10",
        r"(hostname \S+\n)",
        r"\1no ip ssh server enable\n",
        "no ip ssh server enable",
        None,
    ),
    (
        "SEC-NO-TELNET",
        "ios",
        " transport input ssh\n",
        " transport input ssh telnet\n",
        "telnet",
        None,
    ),
    (
        "SEC-NO-TELNET",
        "eos",
        r"\nmanagement ssh\n",
        "\nmanagement telnet\n   no shutdown\n!\nmanagement ssh\n",
        "no shutdown",
        None,
    ),
    ("SEC-NO-TELNET", "junos", r"( +)netconf \{", r"\1telnet;\n\1netconf {", "telnet", None),
    (
        "SEC-NO-TELNET",
        "dellos10",
        r"(hostname \S+\n)",
        r"\1ip telnet server enable\n",
        "ip telnet server enable",
        None,
    ),
    ("SEC-NO-HTTP", "ios", "no ip http server\n", "ip http server\n", "no ip http server", None),
    ("SEC-NO-HTTP", "eos", "   protocol https\n", "   protocol http\n", "protocol http", None),
    (
        "SEC-NO-HTTP",
        "junos",
        r"( +)netconf \{",
        r"\1web-management {\n\1    http;\n\1}\n\1netconf {",
        "web-management",
        None,
    ),
    (
        "SEC-NO-HTTP",
        "dellos10",
        r"(hostname \S+\n)",
        r"\1rest api restconf\n",
        "rest api restconf",
        None,
    ),
    (
        "SEC-SVC-MIN",
        "ios",
        "no service call-home\n",
        "service call-home\n",
        "service call-home",
        None,
    ),
    (
        "SEC-SVC-MIN",
        "eos",
        r"\nmanagement ssh\n",
        "\nmanagement xmpp\n   no shutdown\n!\nmanagement ssh\n",
        "no shutdown",
        None,
    ),
    ("SEC-SVC-MIN", "junos", r"( +)netconf \{", r"\1ftp;\n\1netconf {", "ftp", None),
    ("SEC-SVC-MIN", "dellos10", "system-cli disable\n", "", "system-cli disable", None),
    ("SEC-SRC-ROUTE", "ios", "no ip source-route\n", "", "source-route", None),
    ("SEC-SRC-ROUTE", "junos", r" *source-route-option;\n", "", "source-route-option", None),
    ("SEC-IDLE-TO", "ios", " exec-timeout 10 0", " exec-timeout 0 0", "exec-timeout 0 0", None),
    ("SEC-IDLE-TO", "eos", "idle-timeout 10", "idle-timeout 45", "idle-timeout 45", None),
    ("SEC-IDLE-TO", "junos", "idle-timeout 10;", "idle-timeout 60;", "idle-timeout 60", None),
    ("SEC-IDLE-TO", "dellos10", "exec-timeout 600", "exec-timeout 3600", "exec-timeout 3600", None),
    ("SEC-CONSOLE", "ios", "aaa authorization console\n", "", "aaa authorization console", None),
    ("SEC-CONSOLE", "eos", "aaa authentication login console [^\n]*\n", "", "login console", None),
    (
        "SEC-CONSOLE",
        "dellos10",
        "aaa authentication login console [^\n]*\n",
        "",
        "login console",
        None,
    ),
    (
        "SEC-CONSOLE",
        "junos",
        "console log-out-on-disconnect;",
        "console insecure;",
        "insecure",
        None,
    ),
    ("SEC-AAA", "ios", "aaa new-model\n", "", "aaa new-model", None),
    ("SEC-AAA", "eos", "tacacs-server host 10.250.0.32 [^\n]*\n", "", "at least 2", None),
    (
        "SEC-AAA",
        "junos",
        r"authentication-order \[ tacplus ",
        "authentication-order [ ",
        "authentication-order",
        None,
    ),
    (
        "SEC-AAA",
        "dellos10",
        "login default group tacacs\\+ local",
        "login default local",
        "login default",
        None,
    ),
    (
        "SEC-LOCAL-ACCT",
        "ios",
        r"(username breakglass [^\n]*\n)",
        r"\1username extra privilege 1 secret 9 x\n",
        "at most 1",
        None,
    ),
    (
        "SEC-LOCAL-ACCT",
        "eos",
        r"(username breakglass [^\n]*\n)",
        r"\1username extra privilege 1 role network-operator secret sha512 x\n",
        "at most 1",
        None,
    ),
    (
        "SEC-LOCAL-ACCT",
        "junos",
        r"( +)user remote \{",
        r"\1user extra {\n\1    class readonly;\n\1}\n\1user remote {",
        "at most 1",
        None,
    ),
    ("SEC-LOCAL-ACCT", "dellos10", "system-user linuxadmin disable\n", "", "linuxadmin", None),
    (
        "SEC-PW-HASH",
        "ios",
        r"(hostname \S+\n)",
        r"\1enable password cisco\n",
        "enable password cisco",
        None,
    ),
    ("SEC-PW-HASH", "eos", "secret sha512", "secret 0", "username breakglass", None),
    ("SEC-PW-HASH", "junos", "format sha512;", "format md5;", "format", None),
    ("SEC-PW-POLICY", "ios", " min-length 15", " min-length 6", "min-length 6", None),
    (
        "SEC-PW-POLICY",
        "eos",
        "password minimum length 15",
        "password minimum length 6",
        "length 6",
        None,
    ),
    ("SEC-PW-POLICY", "junos", "minimum-length 15;", "minimum-length 6;", "minimum-length 6", None),
    (
        "SEC-PW-POLICY",
        "dellos10",
        "password-attributes min-length 15",
        "password-attributes min-length 6",
        "min-length 6",
        None,
    ),
    ("SEC-LOCKOUT", "ios", "attempts 3 within", "attempts 8 within", "attempts 8", None),
    ("SEC-LOCKOUT", "eos", "duration 900", "duration 60", "duration 60", None),
    (
        "SEC-LOCKOUT",
        "junos",
        "tries-before-disconnect 3;",
        "tries-before-disconnect 10;",
        "tries-before-disconnect 10",
        None,
    ),
    (
        "SEC-LOCKOUT",
        "dellos10",
        "password-attributes lockout-period 15",
        "password-attributes max-retry 9 lockout-period 15",
        "max-retry 9",
        None,
    ),
    (
        "SEC-SESS-LIMIT",
        "ios",
        r"(line vty 4 15\n(?: [^\n]*\n)*?) transport input none\n",
        r"\1 transport input ssh\n",
        "line vty 4 15",
        None,
    ),
    (
        "SEC-SESS-LIMIT",
        "eos",
        "connection limit 4",
        "connection limit 50",
        "connection limit 50",
        None,
    ),
    (
        "SEC-SESS-LIMIT",
        "junos",
        "connection-limit 4;",
        "connection-limit 50;",
        "connection-limit 50",
        None,
    ),
    (
        "SEC-SESS-LIMIT",
        "dellos10",
        "login concurrent-session limit 4",
        "login concurrent-session limit 50",
        "limit 50",
        None,
    ),
    ("SEC-MGMT-ACL", "ios", " access-class MGMT-ACCESS in\n", "", "line vty 0 3", None),
    (
        "SEC-MGMT-ACL",
        "eos",
        ALL + "   ip access-group MGMT-ACCESS (vrf MGMT )?in\n",
        "",
        "access-group",
        None,
    ),
    (
        "SEC-MGMT-ACL",
        "junos",
        r"(system-services \{\n\s+ping;\n)(\s+)ssh;",
        r"\1\2all;",
        "all",
        None,
    ),
    ("SEC-MGMT-ACL", "dellos10", " ip access-class MGMT-ACCESS\n", "", "access-class", None),
    ("SEC-SSH-ROOT", "junos", "root-login deny;", "root-login allow;", "root-login", None),
    ("SEC-SSH-ROOT", "eos", "no aaa root\n", "", "aaa root", None),
    ("SEC-SSH-ROOT", "dellos10", "system-cli disable\n", "", "system-cli", None),
    (
        "SEC-SSH-CIPHER",
        "ios",
        "encryption aes256-gcm",
        "encryption aes256-cbc aes256-gcm",
        "aes256-cbc",
        None,
    ),
    ("SEC-SSH-CIPHER", "eos", "   cipher aes256", "   cipher 3des-cbc aes256", "3des-cbc", None),
    (
        "SEC-SSH-CIPHER",
        "junos",
        r"ciphers \[ aes256-ctr",
        "ciphers [ 3des-cbc aes256-ctr",
        "3des-cbc",
        None,
    ),
    (
        "SEC-SSH-CIPHER",
        "dellos10",
        "ip ssh server cipher aes256-ctr",
        "ip ssh server cipher aes256-cbc",
        "aes256-cbc",
        None,
    ),
    (
        "SEC-SSH-MAC",
        "ios",
        "algorithm mac hmac-sha2-512",
        "algorithm mac hmac-sha1 hmac-sha2-512",
        "hmac-sha1",
        None,
    ),
    (
        "SEC-SSH-MAC",
        "eos",
        "   mac hmac-sha2-512",
        "   mac hmac-md5 hmac-sha2-512",
        "hmac-md5",
        None,
    ),
    (
        "SEC-SSH-MAC",
        "junos",
        r"macs \[ hmac-sha2-512",
        "macs [ hmac-sha1 hmac-sha2-512",
        "hmac-sha1",
        None,
    ),
    (
        "SEC-SSH-MAC",
        "dellos10",
        "ip ssh server mac hmac-sha2-512",
        "ip ssh server mac hmac-sha1-96 hmac-sha2-512",
        "hmac-sha1-96",
        None,
    ),
    (
        "SEC-SNMP",
        "ios",
        r"(hostname \S+\n)",
        r"\1snmp-server community public RO\n",
        "community public",
        None,
    ),
    (
        "SEC-SNMP",
        "eos",
        "snmp-server group NMS-RO v3 priv",
        "snmp-server group NMS-RO v3 auth",
        "v3 auth",
        None,
    ),
    ("SEC-SNMP", "junos", "privacy-aes128", "privacy-none", "user nms-poller", None),
    (
        "SEC-SNMP",
        "dellos10",
        r"(hostname \S+\n)",
        r"\1snmp-server community public ro\n",
        "community public",
        None,
    ),
    ("SEC-NTP-2", "ios", ALL + "ntp server [^\n]*\n", "", "at least 1", None),
    ("SEC-NTP-2", "eos", ALL + "ntp server [^\n]*\n", "", "at least 1", None),
    ("SEC-NTP-2", "junos", ALL + r"\n\s+server 10\.250\.0\.1[12][^\n]*", "", "at least 1", None),
    ("SEC-NTP-2", "dellos10", ALL + "ntp server [^\n]*\n", "", "at least 1", None),
    (
        "SEC-NTP-AUTH",
        "ios",
        "ntp server 10.250.0.12 key 10",
        "ntp server 10.250.0.12",
        "ntp server 10.250.0.12",
        None,
    ),
    (
        "SEC-NTP-AUTH",
        "eos",
        "10.250.0.12 key 10",
        "10.250.0.12",
        "ntp server vrf MGMT 10.250.0.12",
        None,
    ),
    (
        "SEC-NTP-AUTH",
        "junos",
        "server 10.250.0.12 key 10;",
        "server 10.250.0.12;",
        "server 10.250.0.12",
        None,
    ),
    (
        "SEC-NTP-AUTH",
        "dellos10",
        "ntp server 10.250.0.12 key 10",
        "ntp server 10.250.0.12",
        "ntp server 10.250.0.12",
        None,
    ),
    ("SEC-SYSLOG-2", "ios", ALL + "logging host [^\n]*\n", "", "at least 1", None),
    ("SEC-SYSLOG-2", "eos", ALL + "logging vrf MGMT host [^\n]*\n", "", "at least 1", None),
    (
        "SEC-SYSLOG-2",
        "junos",
        ALL + r"\n(\s+)host 10\.250\.0\.2",
        r"\n\1file x10.250.0.2",
        "at least 1",
        None,
    ),
    ("SEC-SYSLOG-2", "dellos10", ALL + "logging server [^\n]*\n", "", "at least 1", None),
    ("SEC-LOG-TIME", "ios", "service timestamps log [^\n]*\n", "", "timestamps log", None),
    ("SEC-LOG-TIME", "eos", "logging format timestamp [^\n]*\n", "", "timestamp", None),
    (
        "SEC-LOG-TIME",
        "junos",
        "time-format year millisecond;",
        "time-format millisecond;",
        "time-format",
        None,
    ),
    ("SEC-LOG-TIME", "dellos10", "clock timezone [^\n]*\n", "", "clock timezone", None),
    ("SEC-LOG-CHANGES", "ios", "  logging enable\n", "", "logging enable", None),
    (
        "SEC-LOG-CHANGES",
        "eos",
        "aaa accounting commands all [^\n]*\n",
        "",
        "aaa accounting commands",
        None,
    ),
    ("SEC-LOG-CHANGES", "junos", r"events \[ [^\]]*\];", "events [ login ];", "events", None),
    (
        "SEC-LOG-CHANGES",
        "dellos10",
        "aaa accounting commands all default [^\n]*\n",
        "",
        "aaa accounting commands",
        None,
    ),
    ("SEC-LOGIN-LOG", "ios", "login on-failure log\n", "", "on-failure", None),
    ("SEC-LOGIN-LOG", "eos", "aaa authentication policy on-failure log\n", "", "on-failure", None),
    ("SEC-LOGIN-LOG", "junos", ALL + r"\n\s+authorization info;", "", "authorization", None),
    ("SEC-LOGIN-LOG", "dellos10", "logging audit enable\n", "", "logging audit", None),
    ("SEC-CHG-NOTIFY", "ios", "  notify syslog [^\n]*\n", "", "notify syslog", None),
    ("SEC-CHG-NOTIFY", "eos", "snmp-server enable traps\n", "", "traps", None),
    ("SEC-CHG-NOTIFY", "junos", r"\n\s+change-log info;", "", "change-log", None),
    ("SEC-CHG-NOTIFY", "dellos10", "logging audit enable\n", "", "logging audit", None),
    ("SEC-COPP", "ios", " service-policy input system-cpp-policy\n", "", "service-policy", None),
    (
        "SEC-COPP",
        "eos",
        r"\nend\n",
        "\nsystem control-plane\n   no service-policy input copp-system-policy\n!\nend\n",
        "no service-policy",
        None,
    ),
    ("SEC-COPP", "junos", r"\n\s+input PROTECT-RE;", "", "input", None),
    ("SEC-COPP", "dellos10", " ip access-group MGMT-ACCESS mgmt in\n", "", "access-group", None),
    (
        "SEC-INTF-UNUSED",
        "ios",
        r"(interface GigabitEthernet1/0/43\n(?: [^\n]*\n)*?) shutdown\n",
        r"\1",
        "interface GigabitEthernet1/0/43",
        None,
    ),
    ("SEC-INTF-UNUSED", "eos", UNUSED_EOS, r"\1", "interface Ethernet17", None),
    (
        "SEC-INTF-UNUSED",
        "junos",
        r"xe-0/0/2 \{\n(\s+)disable;",
        r"xe-0/0/2 {\n\1description spare;",
        "xe-0/0/2",
        None,
    ),
    (
        "SEC-INTF-UNUSED",
        "dellos10",
        r"(interface ethernet1/1/37\n) shutdown\n",
        r"\1 no shutdown\n",
        "interface ethernet1/1/37",
        None,
    ),
    ("SEC-DISCOVERY", "ios", BLOCK_LLDP, r"\1", "interface", None),
    ("SEC-DISCOVERY", "eos", r"^", "", "interface Ethernet5", EOS_USER),
    ("SEC-DISCOVERY", "dellos10", BLOCK_LLDP, r"\1", "interface", None),
    (
        "SEC-DISCOVERY",
        "junos",
        r"$",
        "protocols {\n    lldp {\n        interface all;\n    }\n}\n",
        "interface all",
        None,
    ),
    (
        "SEC-8021X",
        "ios",
        " authentication port-control auto\n",
        "",
        "interface GigabitEthernet1/0/1",
        None,
    ),
    ("SEC-8021X", "eos", r"^", "", "interface Ethernet5", EOS_USER),
    ("SEC-8021X", "dellos10", " dot1x port-control auto\n", "", "interface ethernet1/1/1", None),
    ("SEC-DHCP-SNOOP", "ios", r"\nip dhcp snooping\n", "\n", "dhcp snooping", None),
    ("SEC-DHCP-SNOOP", "eos", r"^", "", "dhcp snooping", EOS_USER),
    ("SEC-DHCP-SNOOP", "dellos10", r"\nip dhcp snooping\n", "\n", "dhcp snooping", None),
    (
        "SEC-BPDUGUARD",
        "ios",
        " spanning-tree bpduguard enable\n",
        "",
        "interface GigabitEthernet1/0/1",
        None,
    ),
    ("SEC-BPDUGUARD", "eos", "spanning-tree edge-port bpduguard default\n", "", "bpduguard", None),
    (
        "SEC-BPDUGUARD",
        "dellos10",
        " spanning-tree bpduguard enable\n",
        "",
        "interface ethernet1/1/1",
        None,
    ),
    (
        "SEC-STORM",
        "ios",
        " storm-control broadcast level [^\n]*\n",
        "",
        "interface GigabitEthernet1/0/1",
        None,
    ),
    (
        "SEC-STORM",
        "eos",
        "   storm-control broadcast level [^\n]*\n",
        "",
        "interface Ethernet5",
        None,
    ),
    (
        "SEC-STORM",
        "dellos10",
        " storm-control broadcast [^\n]*\n",
        "",
        "interface ethernet1/1/1",
        None,
    ),
    (
        "SEC-VLAN",
        "ios",
        " switchport trunk native vlan 998",
        " switchport trunk native vlan 1",
        "interface TenGigabitEthernet1/1/1",
        None,
    ),
    (
        "SEC-VLAN",
        "eos",
        "   switchport trunk native vlan tag\n",
        "",
        "interface Port-Channel11",
        None,
    ),
    ("SEC-VLAN", "dellos10", " no switchport access vlan\n", "", "interface ethernet1/1/49", None),
]


def _ids() -> list[str]:
    return [f"{c[0]}-{c[1]}" for c in CASES]


def assert_evidence(result: RuleResult, text: str, expected: str) -> None:
    lines = text.splitlines()
    for e in result.evidence:
        if expected not in e.text and expected not in e.note:
            continue
        line = lines[e.line - 1].strip().rstrip(";{ ") if e.line else ""
        if e.line == 0 or line in e.text or e.text[:30] in line:
            return
    raise AssertionError(f"no evidence '{expected}' at its line: {result.evidence}")


@pytest.mark.parametrize(
    ("rule", "platform", "old", "new", "expected", "overrides"), CASES, ids=_ids()
)
def test_rule_passes_then_fails(
    run_rule: Evaluate,
    rule: str,
    platform: str,
    old: str,
    new: str,
    expected: str,
    overrides: dict[str, str] | None,
) -> None:
    good = compliant(platform)
    if overrides is None:
        passed = run_rule(rule, platform, good)
        assert passed.status is Status.PASS, passed.evidence
        assert passed.rule == rule
        bad = mutate(good, old, new, count=0 if old.startswith(ALL) else 1)
    else:  # the fixture has no such port: the override makes one, which the config lacks
        assert run_rule(rule, platform, good).status in (Status.PASS, Status.NOT_APPLICABLE)
        bad = good
    failed = run_rule(rule, platform, bad, role_overrides=overrides)
    assert failed.rule == rule
    assert failed.status is Status.FAIL, failed.evidence
    assert_evidence(failed, bad, expected)


def test_every_rule_and_platform_has_a_case(run_rule: Evaluate) -> None:
    from bluewire.compliance.loader import load_rulebook

    covered = {(c[0], c[1]) for c in CASES}
    for rule in load_rulebook().rules:
        for platform in rule.platforms:
            assert (rule.id, platform) in covered, f"{rule.id} on {platform} has no test case"


def test_the_35_rules_of_issue_4_ship() -> None:
    from bluewire.compliance.loader import load_rulebook

    ids = {r.id for r in load_rulebook().rules}
    assert len(ids) == 35
    assert {"SEC-BANNER", "SEC-SSH-KEY", "SEC-SSH-ROOT", "SEC-VLAN", "SEC-LOGIN-LOG"} <= ids


@pytest.mark.parametrize("platform", PLATFORMS)
def test_ssh_key_is_manual_everywhere(run_rule: Evaluate, platform: str) -> None:
    result = run_rule("SEC-SSH-KEY", platform, compliant(platform))
    assert result.status is Status.MANUAL and "show" in result.message


def test_rule_without_platform_evidence_is_not_applicable(run_rule: Evaluate) -> None:
    assert (
        run_rule("SEC-PW-HASH", "dellos10", compliant("dellos10")).status is Status.NOT_APPLICABLE
    )
    assert run_rule("SEC-SSH-ROOT", "ios", compliant("ios")).status is Status.NOT_APPLICABLE
