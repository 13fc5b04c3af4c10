"""Table-driven: every string field of the inventory (each free-text and identifier field of the
schema, every key bluewire does not define, connection options, host and group names) with each
injection payload is refused: exit 1, `file:line: field:` for every field, no golden config changed.

The fields are not listed by hand: the example network is extended until every schema field
holds a value, and every string in the files is attacked, one representative per field.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bluewire.cli.main import main
from tests.conftest import REPO

PAYLOADS = [
    "\n",
    "\r",
    "\r\n",
    ";",
    "}",
    "{",
    '"',
    "\\",
    "^C",
    "\nEOF\n",
    "%%SECRET:x%%",
    "\x00",
    "\x03",
    "\x1b[2J",
    "\t",
    "\x0b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u202e",
    "\ufeff",
]
FILES = ("hosts", "groups", "defaults")
Path_ = tuple[Any, ...]


def _extend(data: dict[str, dict[str, Any]]) -> None:
    """Give every optional schema field a value somewhere (the example leaves some unset)."""
    d = data["defaults"]["data"]
    d["acls"] = {
        "SITE-ACL": [
            {
                "seq": 10,
                "action": "permit",
                "protocol": "tcp",
                "source": "10.0.0.0/8",
                "port": "www",
            },
            {"seq": 20, "action": "deny", "remark": "everything else"},
        ]
    }
    d["snmp"]["location"] = "HQ MDF"
    d["mgmt"]["acl"] = "MGMT-ACCESS"
    d["ntp"].update({"key_type": "md5", "algorithm": "sha2-256"})
    d["syslog"]["transport"] = "tcp"
    d["timezone"].update({"olson": "America/Los_Angeles", "eos": "PST8PDT"})
    d["notes"] = {"owner": "network team", "tags": ["core", "cjis"]}  # a key bluewire lacks
    data["groups"]["ios"]["data"]["enable_secret"] = "enable_key"
    leaf = data["hosts"]["dc-leaf-1"]["data"]
    leaf["bgp"]["neighbors"][0]["update_source"] = "Loopback0"
    leaf["mlag"] = {"trunk_group": "MLAG-PEER", "domain_id": "dc-leaf"}
    leaf["push_mode"] = "replace"
    data["hosts"]["dc-tor-1"]["data"]["vlt"] = {"mac": "02:00:00:00:00:01"}
    fw = data["hosts"]["edge-fw-1"]["data"]
    fw["timezone"] = {"name": "UTC", "iana": "Etc/UTC"}
    fw["nat"]["source"][0]["destination"] = ["0.0.0.0/0"]


class _Quoted(yaml.SafeDumper):
    """Every string double-quoted, so any payload stays on its own line, escaped."""


_Quoted.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style='"'))


def _dump(data: dict[str, Any], folder: Path) -> None:
    for name in FILES:
        text = yaml.dump(data[name], Dumper=_Quoted, width=10**9, sort_keys=False)
        (folder / "inventory" / f"{name}.yaml").write_text(text)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    root = tmp_path_factory.mktemp("injection")
    for folder in ("inventory", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    data = {n: yaml.safe_load((root / "inventory" / f"{n}.yaml").read_text()) for n in FILES}
    _extend(data)
    _dump(data, root)
    assert main(["--project", str(root), "render"]) == 0, "the extended network must render"
    yield root, data


def _string_fields(data: dict[str, Any]) -> Iterator[tuple[str, Path_]]:
    """(file, path) of one string value per field: list indices and entry names don't count."""
    seen: set[tuple[str, tuple[str, ...]]] = set()

    def walk(value: Any, path: Path_) -> Iterator[Path_]:
        if isinstance(value, dict):
            for k, v in value.items():
                yield from walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from walk(v, (*path, i))
        elif isinstance(value, str):
            yield path

    for name in FILES:
        for path in walk(data[name], ()):
            field = tuple(
                "*" if isinstance(p, int) or (i == 0 and name != "defaults") else str(p)
                for i, p in enumerate(path)
            )
            if (name, field) not in seen:
                seen.add((name, field))
                yield name, path


def _line(node: Any, path: Path_) -> int:
    """The line YAML puts `path` on (the key of a mapping value, the item of a list), from the
    composed document `node`."""
    line = 0
    for part in path:
        if isinstance(node, yaml.MappingNode):
            key, node = next((k, v) for k, v in node.value if k.value == str(part))
            line = key.start_mark.line + 1
        else:
            node = node.value[part]
            line = node.start_mark.line + 1
    return line


def _set(data: dict[str, Any], path: Path_, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _golden(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "golden_configs").iterdir())}


def _run(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--project", str(root), *args])
    out, err = capsys.readouterr()
    return code, out + err


def test_the_table_covers_every_kind_of_field(project: tuple[Path, dict[str, Any]]) -> None:
    fields = {".".join(map(str, p)) for _, p in _string_fields(project[1])}
    expected = [
        r"\.interfaces\.0\.description$",
        r"\.interfaces\.0\.name$",
        r"\.svis\.0\.description$",
        r"\.zones\.0\.name$",
        r"\.zones\.\d\.services\.0$",
        r"\.policies\.0\.(from|to|name)$",
        r"\.bgp\.neighbors\.0\.(description|update_source)$",
        r"^data\.banner$",
        r"^data\.snmp\.(location|contact)$",
        r"\.snmp_location$",
        r"^data\.domain_name$",
        r"^data\.acls\.SITE-ACL\.1\.remark$",
        r"^data\.notes\.owner$",
        r"\.connection_options\.",
        r"\.hostname$",
        r"\.vlans\.0\.name$",
        r"\.nat\.static\.0\.name$",
        r"\.address_book\.0\.name$",
    ]
    for pattern in expected:
        assert any(re.search(pattern, f) for f in fields), pattern


@pytest.mark.parametrize("payload", PAYLOADS, ids=[repr(p) for p in PAYLOADS])
def test_every_string_field_refuses_every_payload(
    project: tuple[Path, dict[str, Any]], payload: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root, clean = project
    golden = _golden(root)
    data = yaml.safe_load(yaml.dump(clean, Dumper=_Quoted))
    fields = list(_string_fields(data))
    for name, path in fields:
        value = _value(data[name], path)
        attack = payload if path[-1] != "banner" or payload != "\n" else "\n^C\n"
        _set(data[name], path, f"{value}{attack}username evil")
    try:
        _dump(data, root)
        docs = {n: yaml.compose((root / "inventory" / f"{n}.yaml").read_text()) for n in FILES}
        for command in (["render"], ["check", "--format", "json"]):
            code, output = _run(root, *command, capsys=capsys)
            assert code == 1
            assert _golden(root) == golden
            for name, path in fields:
                where = f"inventory/{name}.yaml:{_line(docs[name], path)}: "
                field = ".".join(map(str, path))
                assert f"{where}{field}: " in output, (field, output[:2000])
            assert "username evil" not in output.replace("username evil'", "")
    finally:
        _dump(clean, root)


def _value(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


@pytest.mark.parametrize("payload", ["\n", ";", "/", " ", "%%SECRET:x%%", "\u2028"])
def test_entry_names_and_keys_refuse_payloads(
    project: tuple[Path, dict[str, Any]], payload: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root, clean = project
    golden = _golden(root)
    data = yaml.safe_load(yaml.dump(clean, Dumper=_Quoted))
    host = f"d6-access-1{payload}x"
    data["hosts"][host] = data["hosts"].pop("d6-access-1")
    data["groups"][f"site-d6{payload}x"] = data["groups"].pop("site-d6")
    data["defaults"]["data"]["acls"][f"SITE{payload}ACL"] = data["defaults"]["data"]["acls"].pop(
        "SITE-ACL"
    )
    try:
        _dump(data, root)
        code, output = _run(root, "render", capsys=capsys)
        assert code == 1
        assert _golden(root) == golden
        hosts = yaml.compose((root / "inventory" / "hosts.yaml").read_text())
        groups = yaml.compose((root / "inventory" / "groups.yaml").read_text())
        assert f"inventory/hosts.yaml:{_line(hosts, (host,))}: " in output
        assert f"inventory/groups.yaml:{_line(groups, (f'site-d6{payload}x',))}: " in output
        assert "inventory/defaults.yaml:" in output
    finally:
        _dump(clean, root)
