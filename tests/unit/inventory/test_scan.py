"""Credentials, secret placeholders and unsafe strings are refused wherever they sit in the files."""

from __future__ import annotations

import pytest

from bluewire.inventory.load import load_inventory
from bluewire.inventory.scan import is_credential_key
from tests.conftest import MakeProject
from tests.unit.inventory.test_schema_errors import GOOD_GROUPS as GROUPS
from tests.unit.inventory.test_schema_errors import problems

CANARY = "Canary-9f2e71-never-print"


CREDENTIAL_ENTRIES = [
    # (where, hosts.yaml text) -- every place Nornir or a template could take a credential from
    (
        "data.enable_password",
        f"sw1:\n  groups: [ios, access]\n  data:\n    enable_password: {CANARY}\n",
    ),
    (
        "connection_options.napalm.password",
        f"sw1:\n  groups: [ios, access]\n  connection_options:\n    napalm:\n      password: {CANARY}\n",
    ),
    (
        "connection_options.napalm.extras.optional_args.secret",
        "sw1:\n  groups: [ios, access]\n  connection_options:\n    napalm:\n      extras:\n"
        f"        optional_args: {{secret: {CANARY}}}\n",
    ),
    ("password", f"sw1:\n  groups: [ios, access]\n  password: {CANARY}\n"),
    (
        "data.snmp_community",
        f"sw1:\n  groups: [ios, access]\n  data:\n    snmp_community: {CANARY}\n",
    ),
    (
        "data.vendor.apiToken",
        f"sw1:\n  groups: [ios, access]\n  data:\n    vendor: {{apiToken: {CANARY}}}\n",
    ),
    ("data.wifi.psk", f"sw1:\n  groups: [ios, access]\n  data:\n    wifi: [{{psk: {CANARY}}}]\n"),
    ("data.ntp.key", f"sw1:\n  groups: [ios, access]\n  data:\n    tacacs: {{key: {CANARY}}}\n"),
    # a *_secret key names a secret; a value that is no name is a credential
    (
        "data.tacacs_secret",
        f"sw1:\n  groups: [ios, access]\n  data:\n    tacacs_secret: '{CANARY}'\n",
    ),
]


@pytest.mark.parametrize("where,hosts", CREDENTIAL_ENTRIES, ids=[w for w, _ in CREDENTIAL_ENTRIES])
def test_credential_keys_are_refused_anywhere_without_echoing_the_value(
    make_project: MakeProject, where: str, hosts: str
) -> None:
    lines = problems(make_project, hosts)
    assert any("do not belong in the repository" in line for line in lines), lines
    assert all(line.startswith("inventory/hosts.yaml:") for line in lines)
    assert not any(CANARY in line for line in lines)


@pytest.mark.parametrize("file", ["groups", "defaults"])
def test_credentials_in_groups_and_defaults_are_refused(
    make_project: MakeProject, file: str
) -> None:
    entry = f"  connection_options:\n    napalm:\n      extras: {{optional_args: {{secret: {CANARY}}}}}\n"
    if file == "groups":
        lines = problems(
            make_project, "sw1:\n  groups: [ios, access]\n", groups=GROUPS + "ios2:\n" + entry
        )
    else:
        lines = problems(
            make_project, "sw1:\n  groups: [ios, access]\n", defaults=entry.replace("  ", "", 1)
        )
    assert any(line.startswith(f"inventory/{file}.yaml:") for line in lines), lines
    assert not any(CANARY in line for line in lines)


def test_secret_names_under_secret_keys_are_allowed(make_project: MakeProject) -> None:
    project = make_project(
        "sw1:\n  groups: [ios, access]\n  data:\n    enable_secret: enable_key\n"
        "    aaa:\n      local_users: [{name: admin, secret: local_admin}]\n",
        groups=GROUPS,
    )
    host = load_inventory(project, use_cache=False).hosts["sw1"]
    assert host.data["enable_secret"] == "enable_key"


@pytest.mark.parametrize(
    "key,credential",
    [
        ("password", True),
        ("enable_password", True),
        ("secret", True),
        ("authKey", True),
        ("md5-key", True),
        ("community", True),
        ("bearer_token", True),
        ("key_id", False),
        ("keychain_name", False),
        ("username", False),
        ("description", False),
    ],
)
def test_credential_key_names(key: str, credential: bool) -> None:
    assert is_credential_key(key) is credential


PLACES = [
    "  data:\n    description_note: '%%SECRET:tacacs_key%%'\n",
    "  data:\n    interfaces: [{name: Gi1/0/1, role: user, vlan: 10, description: '%%SECRET:k%%'}]\n",
    "  hostname: '%%SECRET:k%%'\n",
    "  connection_options:\n    napalm:\n      extras: {optional_args: {dest_file_system: '%%SECRET:k%%'}}\n",
    "  data:\n    '%%SECRET:k%%': 1\n",
]


@pytest.mark.parametrize("where", PLACES)
def test_secret_placeholders_are_refused_anywhere_in_inventory(
    make_project: MakeProject, where: str
) -> None:
    lines = problems(make_project, "sw1:\n  groups: [ios, access]\n" + where)
    assert any("secret()" in line and line.startswith("inventory/hosts.yaml:") for line in lines), (
        lines
    )


@pytest.mark.parametrize(
    "value",
    ["x\nusername evil privilege 15", "x\ry", "a\u2028b", "a\x85b", "a;b", "a}b", 'a"b', "a\x1bb"],
)
def test_keys_bluewire_does_not_define_get_the_free_text_rule(
    make_project: MakeProject, value: str
) -> None:
    escaped = value.encode("unicode_escape").decode().replace('"', '\\"')
    lines = problems(
        make_project,
        f'sw1:\n  groups: [ios, access]\n  data:\n    custom:\n      - note: "{escaped}"\n',
    )
    assert any(
        line.startswith("inventory/hosts.yaml:5: sw1.data.custom.0.note: contains")
        for line in lines
    ), lines


@pytest.mark.parametrize("name", ["../evil", "/tmp/x", "a b", "sw1\nusername x", "sw;1"])
def test_host_names_must_be_device_hostnames(make_project: MakeProject, name: str) -> None:
    quoted = name.encode("unicode_escape").decode()
    lines = problems(make_project, f'"{quoted}":\n  groups: [ios, access]\n')
    assert any(line.startswith("inventory/hosts.yaml:1:") for line in lines), lines
