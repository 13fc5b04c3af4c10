"""`ansible-inventory --list` sees every host, group and variable bluewire has, from both forms.

The YAML file and the dynamic inventory script are read by Ansible itself (a subprocess), so
group order, precedence and unsafe-marking are Ansible's, not a re-implementation's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bluewire.cli.main import main
from bluewire.inventory.load import load_inventory
from bluewire.project import Project
from tests.conftest import unwrap_unsafe

ANSIBLE_INVENTORY = str(Path(sys.executable).parent / "ansible-inventory")


def _ansible_list(source: Path) -> dict[str, Any]:
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, "ANSIBLE_TRANSFORM_INVALID_GROUP_CHARS": "ignore", "PATH": path}
    done = subprocess.run(
        [ANSIBLE_INVENTORY, "-i", str(source), "--list"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=120,
    )
    return dict(json.loads(done.stdout))


def _export(project: Project, tmp: Path, form: str, capsys: pytest.CaptureFixture[str]) -> Path:
    if form == "script":
        path = tmp / "bluewire-inventory"
        assert main(["--project", str(project.root), "inventory", "script", str(path)]) == 0
        return path
    assert main(["--project", str(project.root), "inventory", "export", "--format", "ansible"]) == 0
    path = tmp / "inventory.yml"
    path.write_text(capsys.readouterr().out)
    return path


def _parents(listing: dict[str, Any]) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {}
    for group, body in listing.items():
        for child in body.get("children", []) if isinstance(body, dict) else []:
            parents.setdefault(child, set()).add(group)
    return parents


@pytest.mark.parametrize("form", ["yaml", "script"])
def test_ansible_sees_every_host_group_and_value(
    example_project: Project, tmp_path: Path, form: str, capsys: pytest.CaptureFixture[str]
) -> None:
    inv = load_inventory(example_project)
    listing = _ansible_list(_export(example_project, tmp_path, form, capsys))
    hostvars = listing.pop("_meta")["hostvars"]
    assert set(hostvars) == set(inv.hosts)
    assert set(inv.groups) <= set(listing)
    parents = _parents(listing)
    for name, raw in inv.groups.items():
        assert parents.get(name) == set(raw.get("groups") or ["all"]), name
    for name, host in inv.hosts.items():
        seen = unwrap_unsafe(hostvars[name])
        assert {k: seen.get(k) for k in host.data} == json.loads(json.dumps(host.data)), name
        for group in host.groups:
            assert name in listing[group].get("hosts", []), (name, group)
        assert seen["ansible_network_os"] and seen["ansible_connection"]
        assert "ansible_password" not in seen
