"""A plain Nornir inventory (nornir's tutorial shape) works with bluewire, as the README says."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from nornir import InitNornir

from bluewire.cli.main import main
from bluewire.errors import InventoryError
from bluewire.project import Project

TUTORIAL = Path(__file__).resolve().parents[2] / "fixtures" / "nornir-tutorial"
README = Path(__file__).resolve().parents[3] / "README.md"
NO_ROLE = ["host1-bma", "host1-cmh", "host2-cmh", "leaf00-cmh"]


@pytest.fixture
def tutorial(tmp_path: Path) -> Project:
    shutil.copytree(TUTORIAL, tmp_path, dirs_exist_ok=True)
    return Project(tmp_path)


def _nornir(project: Project) -> object:
    return InitNornir(
        runner={"plugin": "serial"},
        logging={"enabled": False},
        inventory={"plugin": "BluewireInventory", "options": {"project_dir": str(project.root)}},
    )


def test_every_host_loads_and_groups_keep_their_data(tutorial: Project) -> None:
    nr = _nornir(tutorial)
    inv = nr.inventory  # type: ignore[attr-defined]
    assert sorted(inv.hosts) == sorted([*NO_ROLE, "spine00-cmh"])
    assert inv.groups["eu"].data == {"asn": 65100, "continent": "europe"}
    assert inv.groups["bma"].data["domain"] == "bma.acme.local"
    assert inv.defaults.data["domain"] == "acme.local"
    bma = inv.hosts["host1-bma"]
    assert bma["domain"] == "bma.acme.local" and bma["asn"] == 65100  # eu before global
    assert bma["ntp_servers"] == ["192.0.2.123"]
    assert inv.hosts["host1-cmh"]["nested_data"]["a_dict"] == {"a": 1, "b": 2}
    assert inv.hosts["host1-cmh"].platform == "eos"
    assert "role" not in inv.hosts["host1-cmh"].data  # no schema defaults invented


def test_bluewire_reports_hosts_without_a_role_and_renders_nornir_style_templates(
    tutorial: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """A host without a role loads for Nornir, but a bluewire command that selects it fails
    (exit 1, at the host's line): it cannot be rendered, so it must not be invisible."""
    root = str(tutorial.root)
    assert main(["--project", root, "render"]) == 1
    assert not tutorial.golden_dir.exists() or not list(tutorial.golden_dir.glob("*.cfg"))
    capsys.readouterr()
    assert main(["--project", root, "render", "--limit", "spine00-cmh"]) == 0
    capsys.readouterr()
    golden = (tutorial.golden_dir / "spine00-cmh.cfg").read_text()
    assert "hostname spine00-cmh\nip domain-name cmh.acme.local\nntp server 192.0.2.123\n" in golden
    assert "! asn 65000 site cmh" in golden
    assert sorted(p.stem for p in tutorial.golden_dir.glob("*.cfg")) == ["spine00-cmh"]
    assert main(["--project", root, "check"]) == 1
    text = capsys.readouterr().out
    assert "not rendered: no role" in text
    for host in NO_ROLE:
        assert re.search(rf"inventory/hosts\.yaml:\d+: {host}\.data\.role: not rendered", text)
    assert "5 host(s) checked" in text
    assert main(["--project", root, "check", "--limit", "spine00-cmh"]) == 0


def test_the_plugin_error_lists_every_problem_with_file_and_line(tutorial: Project) -> None:
    hosts = tutorial.inventory_dir / "hosts.yaml"
    hosts.write_text(hosts.read_text().replace("- cmh\n", "- chm\n", 1).replace("ios", "nxos"))
    with pytest.raises(InventoryError) as err:
        _nornir(tutorial)
    message = str(err.value)
    assert "3 problem(s)" in message  # the typo also leaves host1-cmh without a platform
    assert re.search(r"inventory/hosts\.yaml:\d+: host1-cmh: no platform", message)
    assert re.search(r"inventory/hosts\.yaml:\d+: .*unknown group 'chm'", message)
    assert re.search(r"inventory/hosts\.yaml:\d+: .*unknown platform 'nxos'", message)


def test_the_readme_example_runs(tutorial: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Nornir example, as written, on this inventory (lab part skipped)."""
    text = README.read_text()
    block = re.search(r"<!-- nornir-example -->\n```python\n(.*?)```", text, re.S)
    assert block, "README lost its Nornir example"
    code = block[1].split("# --- with the lab up")[0]
    monkeypatch.chdir(tutorial.root)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert sorted(namespace["nr"].inventory.hosts) == sorted([*NO_ROLE, "spine00-cmh"])  # type: ignore[attr-defined]
