"""`bluewire lab status --format json` holds all a plain NAPALM user needs to reach every host."""

from __future__ import annotations

import json
from collections.abc import Iterator

import napalm
import pytest

from bluewire.cli.main import main
from bluewire.lab.clock import Clock
from bluewire.lab.daemon import lab_specs, publish_state
from bluewire.lab.fleet import Lab, start_lab
from bluewire.project import Project

pytestmark = pytest.mark.lab
HOSTS = ["hq-core-1", "dc-leaf-1", "cjis-fw-1", "dc-tor-1"]  # one per platform


@pytest.fixture
def running_lab(example_project: Project) -> Iterator[Lab]:
    specs = lab_specs(example_project, "golden", HOSTS)
    lab = start_lab(specs, Clock(60))
    publish_state(example_project, lab, specs, control_port=0, seed="golden", time_scale=60)
    yield lab
    lab.stop()


def test_status_json_is_enough_to_connect_with_plain_napalm(
    example_project: Project, running_lab: Lab, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--project", str(example_project.root), "lab", "status", "--format", "json"]) == 0
    state = json.loads(capsys.readouterr().out)
    assert state["format_version"] == 1 and state["time_scale"] == 60
    assert sorted(state["endpoints"]) == sorted(HOSTS)
    protocols = {e["platform"]: e["transport"] for e in state["endpoints"].values()}
    assert protocols == {"eos": "https", "ios": "ssh", "junos": "netconf", "dellos10": "ssh"}
    for host, e in state["endpoints"].items():
        cls = napalm.get_network_driver(e["napalm_driver"])
        driver = cls(e["address"], e["username"], e["password"], optional_args=e["optional_args"])
        driver.open()
        try:
            assert driver.get_facts()["hostname"] == host
            assert driver.get_config(retrieve="running")["running"]
        finally:
            driver.close()
