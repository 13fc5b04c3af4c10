"""`bluewire lab up|status|fault|down` end to end on a copy of the example project."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import napalm
import pytest

from bluewire.cli.main import main
from bluewire.config import tree
from bluewire.lab.state import state_path
from bluewire.project import Project

pytestmark = pytest.mark.lab


def bluewire(project: Project, *args: str) -> int:
    return main(["--project", str(project.root), *args])


@pytest.fixture
def brownfield_lab(example_project: Project) -> Iterator[Project]:
    assert bluewire(example_project, "lab", "up", "--seed", "brownfield") == 0
    try:
        yield example_project
    finally:
        bluewire(example_project, "lab", "down")


def eos_driver(endpoint: dict[str, Any]) -> Any:
    cls = napalm.get_network_driver("eos")
    args = {"transport": "https", "port": endpoint["port"]}
    return cls(endpoint["address"], endpoint["username"], endpoint["password"], 10, args)


def test_lab_up_status_fault_down(
    brownfield_lab: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = brownfield_lab
    capsys.readouterr()
    assert bluewire(project, "lab", "status", "--format", "json") == 0
    state = json.loads(capsys.readouterr().out)
    endpoints = state["endpoints"]
    assert len(endpoints) == 24 and state["seed"] == "brownfield"
    for e in endpoints.values():
        assert e["platform"] in ("eos", "ios", "junos", "dellos10")
        assert e["port"] > 0 and e["username"] and e["password"]

    host = "dc-leaf-1"
    driver = eos_driver(endpoints[host])
    driver.open()
    running = driver.get_config(retrieve="running")["running"]
    driver.close()
    golden = project.golden_path(host).read_text()
    assert set(tree.parse(running, "eos").paths()) != set(tree.parse(golden, "eos").paths())
    assert "username temp-vendor" in running and "username temp-vendor" not in golden

    assert bluewire(project, "lab", "fault", host, "refuse-login") == 0
    driver = eos_driver(endpoints[host])
    with pytest.raises(Exception, match=r"(?i)unauthori|401|auth"):
        driver.open()

    assert bluewire(project, "lab", "down") == 0
    assert not state_path(project).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["drop-at", "comit"], "unknown step 'comit'"),
        (["latency", "-5"], "finite number of lab seconds"),
        (["latency", "nan"], "finite number of lab seconds"),
        (["latency", "inf"], "finite number of lab seconds"),
        (["slow-commit"], "slow-commit needs a value"),
        (["refuse-login", "yes"], "takes no value"),
    ],
)
def test_bad_fault_input_exits_1_with_a_clear_message(
    example_project: Project, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Refused before any lab is asked (none runs here), with no traceback."""
    assert bluewire(example_project, "lab", "fault", "dc-leaf-1", *args) == 1
    captured = capsys.readouterr()
    assert message in captured.out + captured.err
    assert "Traceback" not in captured.out + captured.err
