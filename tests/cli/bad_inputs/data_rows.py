"""Bad inventory entries and data: Nornir keys, platforms, addresses, typed data, typos."""

from __future__ import annotations

from tests.cli.bad_inputs import DEFAULTS, GROUPS, HOSTS, Case, append, host, replace


def data(body: str) -> str:
    """A new HQ access host whose data is `body` (one flow mapping, on the marked line)."""
    return host("r9", f"  data: {body} #!\n")


ENTRIES = [
    Case(
        "host-without-role",
        (append(HOSTS, "\nr9: #!\n  hostname: 10.99.0.1\n  platform: ios\n"),),
        where=HOSTS,
        says="role",
    ),
    Case(
        "group-role-emptied",
        (replace(GROUPS, "role-core:\n  data: {role: core}", "role-core:\n  data: {} #!"),),
        where=HOSTS,
        says="role",
    ),
    Case(
        "group-role-emptied-render",  # render deleted their golden configs as orphans
        (replace(GROUPS, "role-core:\n  data: {role: core}", "role-core:\n  data: {} #!"),),
        argv=("render",),
        where=HOSTS,
        says="role",
    ),
    Case("host-entry-null", (append(HOSTS, "\nr9: #!\n"),), where=HOSTS),
    Case("host-entry-list", (append(HOSTS, "\nr9: [a, b] #!\n"),), where=HOSTS, says="mapping"),
    Case(
        "host-key-typo",
        (append(HOSTS, host("r9", "  hostnmae: 10.0.0.9 #!\n  data: {model: x}\n")),),
        where=HOSTS,
        says="did you mean 'hostname'",
    ),
    Case(
        "group-key-typo",
        (append(GROUPS, "\nextra:\n  platfrom: ios #!\n"),),
        where=GROUPS,
        says="did you mean 'platform'",
    ),
    Case(
        "defaults-key-typo",
        (append(DEFAULTS, "datta: {} #!\n"),),
        where=DEFAULTS,
        says="did you mean 'data'",
    ),
    Case(
        "connection-options-typo",
        (append(GROUPS, "\nextra:\n  connection_options:\n    napalm: {extra: {}} #!\n"),),
        where=GROUPS,
        says="did you mean 'extras'",
    ),
    Case(
        "connection-options-list",
        (append(GROUPS, "\nextra:\n  connection_options: [napalm] #!\n"),),
        where=GROUPS,
    ),
    Case("data-a-list", (append(HOSTS, host("r9", "  data: [role, access] #!\n")),), where=HOSTS),
    Case("data-a-string", (append(HOSTS, host("r9", "  data: access #!\n")),), where=HOSTS),
    Case(
        "platform-cisco_ios",
        (replace(GROUPS, "  platform: ios", "  platform: cisco_ios #!"),),
        where=GROUPS,
        says="did you mean 'ios'",
    ),
    Case(
        "platform-junos-netmiko",
        (replace(GROUPS, "  platform: junos", "  platform: juniper_junos #!"),),
        where=GROUPS,
        says="did you mean 'junos'",
    ),
    Case(
        "platform-arista",
        (replace(GROUPS, "  platform: eos", "  platform: arista_eos #!"),),
        where=GROUPS,
        says="did you mean 'eos'",
    ),
    Case(
        "platform-uppercase",
        (replace(GROUPS, "  platform: ios", "  platform: IOS #!"),),
        where=GROUPS,
        says="did you mean 'ios'",
    ),
    Case(
        "platform-dell-os10",
        (replace(GROUPS, "  platform: dellos10", "  platform: dell_os10 #!"),),
        where=GROUPS,
        says="did you mean 'dellos10'",
    ),
    Case(
        "platform-nxos",
        (replace(GROUPS, "  platform: ios", "  platform: nxos #!"),),
        where=GROUPS,
        says="unknown platform",
    ),
    Case("platform-int", (replace(GROUPS, "  platform: ios", "  platform: 7 #!"),), where=GROUPS),
    Case(
        "platform-list", (replace(GROUPS, "  platform: ios", "  platform: [ios] #!"),), where=GROUPS
    ),
    Case(
        "port-string",
        (append(HOSTS, host("r9", "  port: twenty-two #!\n  data: {model: x}\n")),),
        where=HOSTS,
    ),
    Case(
        "port-too-big",
        (append(HOSTS, host("r9", "  port: 70000 #!\n  data: {model: x}\n")),),
        where=HOSTS,
    ),
    Case(
        "port-negative",
        (append(HOSTS, host("r9", "  port: -22 #!\n  data: {model: x}\n")),),
        where=HOSTS,
    ),
    Case(
        "port-nan",
        (append(HOSTS, host("r9", "  port: .nan #!\n  data: {model: x}\n")),),
        where=HOSTS,
    ),
    Case(
        "hostname-dotted-999",
        (replace(HOSTS, "hostname: 10.255.1.1\n", "hostname: 999.1.1.1 #!\n"),),
        where=HOSTS,
        says="999.1.1.1",
    ),
    Case(
        "hostname-three-numbers",
        (replace(HOSTS, "hostname: 10.255.1.1\n", "hostname: 10.1.1 #!\n"),),
        where=HOSTS,
    ),
    Case(
        "hostname-blanks",
        (replace(HOSTS, "hostname: 10.255.1.1\n", 'hostname: "10.255.1 .1" #!\n'),),
        where=HOSTS,
    ),
    Case(
        "hostname-blank",
        (replace(HOSTS, "hostname: 10.255.1.1\n", 'hostname: " " #!\n'),),
        where=HOSTS,
    ),
    Case(
        "hostname-cidr",
        (replace(HOSTS, "hostname: 10.255.1.1\n", "hostname: 10.255.1.1/24 #!\n"),),
        where=HOSTS,
    ),
    Case(
        "hostname-url",
        (replace(HOSTS, "hostname: 10.255.1.1\n", "hostname: ssh://10.255.1.1 #!\n"),),
        where=HOSTS,
    ),
    Case(
        "hostname-option",
        (replace(HOSTS, "hostname: 10.255.1.1\n", "hostname: -oProxyCommand=x #!\n"),),
        where=HOSTS,
    ),
    Case(
        "hostname-int",
        (replace(HOSTS, "hostname: 10.255.1.1\n", "hostname: 167772161 #!\n"),),
        where=HOSTS,
    ),
    Case(
        "username-blank",
        (append(HOSTS, host("r9", '  username: "" #!\n  data: {model: x}\n')),),
        where=HOSTS,
    ),
]

# YAML reads these as true/false; a number field took true as 1 and false as 0 (area 0.0.0.0).
TRUTH_VALUES = [
    Case(
        f"number-{field}-{word}",
        (append(HOSTS, data(body.replace("WORD", word))),),
        where=HOSTS,
        says="a number, not ",
    )
    for field, body in [
        ("vlan", "{model: x, interfaces: [{name: Gi1/0/9, role: user, vlan: WORD}]}"),
        ("mtu", "{model: x, interfaces: [{name: Gi1/0/9, role: routed, mtu: WORD}]}"),
        ("ospf-area", "{model: x, interfaces: [{name: Gi1/0/9, role: uplink, ospf_area: WORD}]}"),
        (
            "native-vlan",
            "{model: x, interfaces: [{name: Gi1/0/9, role: trunk, native_vlan: WORD}]}",
        ),
    ]
    for word in ("yes", "off", "true", "No")
]

# Only at data's top level may keys of the user's own appear; one a slip away from a key bluewire
# defines is a typo whose value would silently not be used.
NEAR_MISSES = [
    Case(
        f"data-key-near-miss-{typo}",
        (append(HOSTS, data(f"{{model: x, {typo}: {value}}}")),),
        where=HOSTS,
        says=f"unknown key '{typo}' (did you mean '{meant}'?)",
    )
    for typo, meant, value in [
        ("os_versoin", "os_version", "17.9.4a"),
        ("loopbak", "loopback", "10.254.9.9/32"),
        ("vlan", "vlans", "[{id: 10, name: users}]"),
        ("Domain_Name", "domain_name", "pd.example.gov"),
        ("dns_server", "dns_servers", "[10.0.0.53]"),
    ]
]

DATA = [
    Case(
        "nested-typo-syslog",
        (replace(DEFAULTS, "    severity: informational", "    severty: warnings #!"),),
        where=DEFAULTS,
        says="did you mean 'severity'",
    ),
    Case(
        "nested-typo-ntp",
        (replace(DEFAULTS, "    key_id: 10", "    keyid: 10 #!"),),
        where=DEFAULTS,
        says="did you mean 'key_id'",
    ),
    Case(
        "nested-typo-aaa",
        (replace(DEFAULTS, "    local_users:", "    local_user: [] #!\n    local_users:"),),
        where=DEFAULTS,
        says="did you mean 'local_users'",
    ),
    Case(
        "nested-typo-snmp",
        (replace(DEFAULTS, "    contact: netops", "    contacts: netops #!"),),
        where=DEFAULTS,
        says="did you mean 'contact'",
    ),
    Case(
        "nested-typo-mgmt",
        (replace(DEFAULTS, "    vrf: MGMT", "    vfr: MGMT #!"),),
        where=DEFAULTS,
        says="did you mean 'vrf'",
    ),
    Case(
        "nested-typo-security",
        (replace(DEFAULTS, "    lockout_min: 15", "    lockout_mins: 15 #!"),),
        where=DEFAULTS,
        says="did you mean 'lockout_min'",
    ),
    Case(
        "nested-typo-ospf",
        (
            replace(
                HOSTS,
                "ospf: {process_id: 1, router_id: 10.254.0.1",
                "ospf: {procss_id: 1, router_id: 10.254.0.1",
            ),
            replace(
                HOSTS,
                "auth_secret: ospf_key, networks: [10.10.0.0/16]}\nhq-core-2",
                "auth_secret: ospf_key, networks: [10.10.0.0/16]} #!\nhq-core-2",
            ),
        ),
        where=HOSTS,
        says="did you mean 'process_id'",
    ),
    Case(
        "nested-typo-interface",
        (
            append(
                HOSTS, data("{interfaces: [{name: Gi1/0/1, role: user, vlan: 100, shutdwn: true}]}")
            ),
        ),
        where=HOSTS,
        says="did you mean 'shutdown'",
    ),
    Case(
        "nested-typo-timezone",
        (
            replace(DEFAULTS, "offset_hours: -8", "ofset_hours: -8"),
            replace(DEFAULTS, "summer: PDT}", "summer: PDT} #!"),
        ),
        where=DEFAULTS,
        says="did you mean 'offset_hours'",
    ),
    Case(
        "free-top-level-key-ok",
        (
            append(
                HOSTS,
                host("r9", "  data: {model: C9300-48P, asset_tag: A-1234, notes: {rack: 4}}\n"),
            ),
        ),
        code=2,
    ),
    Case("role-int", (append(HOSTS, data("{role: 5}")),), where=HOSTS),
    Case(
        "role-unknown-template",
        (append(HOSTS, data("{role: acess}")),),
        where="templates/ios/acess.j2",
        says="access",
    ),
    Case("interfaces-a-string", (append(HOSTS, data("{interfaces: Gi1/0/1}")),), where=HOSTS),
    Case(
        "interface-role-typo",
        (append(HOSTS, data("{interfaces: [{name: Gi1/0/1, role: uplnk}]}")),),
        where=HOSTS,
        says="did you mean 'uplink'",
    ),
    Case(
        "range-reversed",
        (append(HOSTS, data('{interfaces: [{name: "Gi1/0/[48-45]", role: unused}]}')),),
        where=HOSTS,
        says="range",
    ),
    Case(
        "range-huge",
        (append(HOSTS, data('{interfaces: [{name: "Gi1/0/[45-50000000]", role: unused}]}')),),
        where=HOSTS,
        max_s=5,
    ),
    Case(
        "range-big",
        (append(HOSTS, data('{interfaces: [{name: "Gi1/0/[1-99999]", role: unused}]}')),),
        where=HOSTS,
        says="range",
        max_s=5,
    ),
    Case(
        "range-two",
        (append(HOSTS, data('{interfaces: [{name: "Gi[1-2]/0/[1-4]", role: unused}]}')),),
        where=HOSTS,
        says="range",
    ),
    Case(
        "range-duplicates-port",
        (
            append(
                HOSTS,
                data(
                    '{interfaces: [{name: "Gi1/0/[1-4]", role: unused}, {name: Gi1/0/3, role: user, vlan: 100}]}'
                ),
            ),
        ),
        where=HOSTS,
        says="Gi1/0/3",
    ),
    Case("vlan-id-text", (append(HOSTS, data("{vlans: [{id: ten, name: X}]}")),), where=HOSTS),
    Case("vlan-id-4095", (append(HOSTS, data("{vlans: [{id: 4095, name: X}]}")),), where=HOSTS),
    Case(
        "vlan-id-huge",
        (append(HOSTS, data("{vlans: [{id: 99999999999999999999999, name: X}]}")),),
        where=HOSTS,
    ),
    Case("vlan-id-float", (append(HOSTS, data("{vlans: [{id: 10.5, name: X}]}")),), where=HOSTS),
    Case("vlan-a-mapping", (append(HOSTS, data("{vlans: {id: 10}}")),), where=HOSTS),
    Case("address-bad", (append(HOSTS, data("{loopback: 10.0.0.300/32}")),), where=HOSTS),
    Case(
        "address-v6-where-v4", (append(HOSTS, data("{loopback: '2001:db8::1/128'}")),), where=HOSTS
    ),
    Case(
        "yes-no-bool", (append(HOSTS, data("{flowcontrol_receive: on}")),), where=HOSTS, says="on"
    ),
    Case(
        "bool-garbage",
        (append(HOSTS, data("{interfaces: [{name: Gi1/0/1, role: unused, shutdown: maybe}]}")),),
        where=HOSTS,
    ),
    Case("ntp-a-list", (append(HOSTS, data("{ntp: []}")),), where=HOSTS),
    Case("syslog-no-servers", (append(HOSTS, data("{syslog: {servers: []}}")),), where=HOSTS),
    Case("secret-name-bad", (append(HOSTS, data("{enable_secret: Bad-Name}")),), where=HOSTS),
    Case(
        "password-in-data",
        (append(HOSTS, data("{enable_password: cisco123}")),),
        where=HOSTS,
        says="credentials",
    ),
    Case(
        "password-in-options",
        (
            append(
                GROUPS,
                "\nextra:\n  connection_options:\n    napalm:\n      extras: {optional_args: {secret: x}} #!\n",
            ),
        ),
        where=GROUPS,
        says="credentials",
    ),
    Case(
        "description-newline",
        (
            append(
                HOSTS,
                data(
                    '{interfaces: [{name: Gi1/0/1, role: unused, description: "a\\nusername x"}]}'
                ),
            ),
        ),
        where=HOSTS,
    ),
    Case(
        "long-description",
        (
            append(
                HOSTS,
                data(
                    "{interfaces: [{name: Gi1/0/1, role: unused, description: " + "x" * 300 + "}]}"
                ),
            ),
        ),
        where=HOSTS,
        says="characters long",
    ),
    Case(
        "duplicate-mgmt-ip",
        (
            append(
                HOSTS,
                host("r9", "  data: {mgmt: {address: 10.255.1.1/24}} #!\n")
                .replace("r9:", "r9: #!")
                .replace("} #!", "}"),
            ),
        ),
        where=HOSTS,
        says="duplicate IP",
    ),
]

ROWS = ENTRIES + DATA + TRUTH_VALUES + NEAR_MISSES
