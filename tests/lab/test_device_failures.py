"""A failing device is one line on stderr and a detailed, private log; a slow device is a
timeout, never "authentication failed" (the real drivers against faulted lab devices)."""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bluewire.cli.main import main
from bluewire.lab.clock import Clock
from bluewire.lab.daemon import lab_specs, publish_state
from bluewire.lab.fleet import Lab, start_lab
from bluewire.project import Project
from tests.conftest import commit_all

pytestmark = pytest.mark.lab
SLOW = ["hq-core-1", "dc-leaf-1"]  # netmiko (SSH) and pyeapi (HTTPS)
REFUSING = "hq-core-2"
HEALTHY = "hq-access-1"
# Short client timeouts, so a slow login gives up in seconds (the default is 30 s).
TIMEOUTS = {
    '  connection_options:\n    napalm:\n      extras: {optional_args: {dest_file_system: "flash:", '
    "global_delay_factor: 1}}": "  connection_options:\n    napalm:\n      extras: {timeout: 3, "
    'optional_args: {dest_file_system: "flash:", global_delay_factor: 1, auth_timeout: 3}}',
    "      extras: {optional_args: {transport: https}}": "      extras: {timeout: 3, "
    "optional_args: {transport: https}}",
}


@pytest.fixture
def faulty_lab(example_project: Project) -> Iterator[tuple[Project, Lab]]:
    groups = example_project.inventory_dir / "groups.yaml"
    text = groups.read_text()
    for old, new in TIMEOUTS.items():
        assert old in text
        text = text.replace(old, new)
    groups.write_text(text)
    commit_all(example_project.root, "initial")
    hosts = [*SLOW, REFUSING, HEALTHY]
    specs = lab_specs(example_project, "golden", hosts)
    lab = start_lab(specs, Clock(1))
    for host in SLOW:
        lab.device(host).set_fault("latency", "10")
    lab.device(REFUSING).set_fault("refuse-login", None)
    publish_state(example_project, lab, specs, control_port=0, seed="golden")
    yield example_project, lab
    lab.stop()


def test_failed_hosts_are_one_line_each_and_a_slow_device_is_a_timeout(
    faulty_lab: tuple[Project, Lab], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = faulty_lab
    out = tmp_path / "plan.json"
    args = ["--project", str(project.root), "--lab", "plan", "--no-comment", "--out", str(out)]
    args += [f"--limit={h}" for h in [*SLOW, REFUSING, HEALTHY]]
    assert main(args) == 1
    err = capsys.readouterr().err
    hosts = json.loads(out.read_text())["hosts"]
    for host in SLOW:
        assert hosts[host]["error"].startswith("timed out"), hosts[host]["error"]
    assert hosts[REFUSING]["error"].startswith("authentication failed")
    assert hosts[HEALTHY]["error"] is None
    assert "Traceback" not in err
    for host in [*SLOW, REFUSING]:
        lines = [line for line in err.splitlines() if host in line]
        assert len(lines) == 1, lines  # one line per failed host, its reason in a few words
        assert re.search(rf"{host}: failed: (timed out|authentication failed)", lines[0])
    where = re.search(r"details in (\S+plan-\S+\.log)", err)
    assert where, err
    log = project.root / where[1]
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text()
    assert all(f"=== {h}" in text for h in [*SLOW, REFUSING]) and "Traceback" in text
