"""A plan made from a checkout with uncommitted changes says so in every format and on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from bluewire.cli.main import main
from bluewire.lab.clock import Clock
from bluewire.lab.daemon import lab_specs, publish_state
from bluewire.lab.fleet import start_lab
from bluewire.plan.summary import DIRTY
from bluewire.project import Project
from tests.conftest import commit_all

pytestmark = pytest.mark.lab
FORMATS = {"human": "plan.txt", "json": "plan.json", "junit": "plan.xml", "markdown": "plan.md"}


@pytest.mark.parametrize("dirty", [True, False], ids=["dirty", "clean"])
def test_a_dirty_checkout_is_named_in_every_format_and_on_stderr(
    example_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], dirty: bool
) -> None:
    (example_project.root / ".gitignore").write_text(".bluewire/\n")  # as the repository has
    commit_all(example_project.root, "initial")
    if dirty:
        hosts = example_project.inventory_dir / "hosts.yaml"  # only render inputs count
        hosts.write_text(hosts.read_text() + "# work in progress\n")
    specs = lab_specs(example_project, "golden", ["hq-access-1"])
    lab = start_lab(specs, Clock(60))
    publish_state(example_project, lab, specs, control_port=0, seed="golden")
    try:
        outputs = [f"--output={fmt}:{tmp_path / name}" for fmt, name in FORMATS.items()]
        outputs.append(f"--output=html:{tmp_path / 'plan.html'}")
        args = ["--project", str(example_project.root), "--lab", "plan", "--no-comment"]
        assert main([*args, "--limit=hq-access-1", *outputs]) == 0
    finally:
        lab.stop()
    err = capsys.readouterr().err
    assert err.count("planning hq-access-1:") == 1  # closing the sessions is no second line
    texts = {name: (tmp_path / name).read_text() for name in [*FORMATS.values(), "plan.html"]}
    assert (DIRTY in err) is dirty
    for name in ("plan.txt", "plan.md", "plan.html", "plan.xml"):
        assert (DIRTY in texts[name]) is dirty, name
    assert json.loads(texts["plan.json"])["dirty"] is dirty
    props = ET.fromstring(texts["plan.xml"]).find("properties")
    assert props is not None
    assert {p.get("name"): p.get("value") for p in props}["dirty"] == str(dirty).lower()
