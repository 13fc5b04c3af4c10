"""The playbook catalog: every shipped playbook says what it does; unknown names list the known."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bluewire.errors import BluewireError
from bluewire.playbook.catalog import catalog, describe, find_playbook
from bluewire.project import Project

REPO = Path(__file__).resolve().parents[3]
SHIPPED = {"facts", "show", "backup", "os_upgrade_precheck"}


def test_shipped_playbooks_have_headers_naming_their_platforms() -> None:
    found = {info.name: info for info in catalog(Project(REPO))}
    assert set(found) >= SHIPPED
    for name in SHIPPED:
        header = found[name].path.read_text().split("\n- ", 1)[0]
        assert len(found[name].description) > 40, name
        assert "Platforms:" in header, name
        assert isinstance(yaml.safe_load(found[name].path.read_text()), list), name


def test_description_is_the_first_comment_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("---\n# Does one thing\n# well.\n#\n# Details.\n- hosts: all\n")
    assert describe(path) == "Does one thing well."
    path.write_text("- hosts: all\n")
    assert describe(path) == ""


def test_unknown_playbook_lists_the_known_ones(tmp_path: Path) -> None:
    shutil.copytree(REPO / "playbooks", tmp_path / "playbooks")
    project = Project(tmp_path)
    assert find_playbook(project, "facts.yml").name == "facts"
    with pytest.raises(BluewireError, match=r"no playbook 'fact' in playbooks/ \(known: backup,"):
        find_playbook(project, "fact")
