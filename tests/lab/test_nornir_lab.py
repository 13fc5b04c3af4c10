"""Users' own Nornir scripts against the lab: the plugin's `lab` option and configure_golden."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from nornir import InitNornir
from nornir.core import Nornir
from nornir_napalm.plugins.tasks import napalm_get

from bluewire.lab.clock import Clock
from bluewire.lab.daemon import lab_specs, publish_state
from bluewire.lab.fleet import Lab, start_lab
from bluewire.project import Project
from bluewire.tasks.golden import configure_golden

pytestmark = pytest.mark.lab
HOSTS = ["hq-core-1", "dc-leaf-1", "edge-fw-1", "d3-access-1"]  # one per platform
CANARY = "CANARY-nornir-7d1c"


@pytest.fixture
def lab_nornir(example_project: Project) -> Iterator[tuple[Nornir, Lab, Project]]:
    specs = lab_specs(example_project, "brownfield", HOSTS)
    lab = start_lab(specs, Clock(60))
    publish_state(example_project, lab, specs, control_port=0, seed="brownfield")
    nr = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": 4}},
        logging={"enabled": False},
        inventory={
            "plugin": "BluewireInventory",
            "options": {"project_dir": str(example_project.root), "lab": True},
        },
    ).filter(filter_func=lambda h: h.name in HOSTS)
    yield nr, lab, example_project
    nr.close_connections()
    lab.stop()


def test_napalm_getters_and_a_golden_dry_run_on_every_platform(
    lab_nornir: tuple[Nornir, Lab, Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    nr, _, project = lab_nornir
    root = str(project.root)
    facts = nr.run(task=napalm_get, getters=["facts"])
    assert not facts.failed, {h: r.exception for h, r in facts.items() if r.failed}
    assert {h: r[0].result["facts"]["hostname"] for h, r in facts.items()} == {h: h for h in HOSTS}
    diffs = nr.run(task=configure_golden, lab=True, dry_run=True, project_dir=root)
    assert not diffs.failed, {h: r.exception for h, r in diffs.items() if r.failed}
    for host, multi in diffs.items():
        assert multi.changed, host  # the brownfield seed drifted every device
        assert "temp-vendor" in multi[0].diff, host
    # A real value reaches the device but never the results.
    monkeypatch.setenv("BLUEWIRE_SECRET_LOCAL_BREAKGLASS", CANARY)
    diffs = nr.run(task=configure_golden, lab=True, dry_run=True, project_dir=root)
    assert not diffs.failed, {h: r.exception for h, r in diffs.items() if r.failed}
    for multi in diffs.values():
        assert all(CANARY not in (r.diff or "") and CANARY not in str(r.result) for r in multi)


def test_a_stale_golden_config_is_refused(lab_nornir: tuple[Nornir, Lab, Project]) -> None:
    nr, _, project = lab_nornir
    root = str(project.root)
    golden = project.golden_path("dc-leaf-1")
    golden.write_text(golden.read_text() + "! edited by hand\n")
    result = nr.run(task=configure_golden, lab=True, dry_run=True, project_dir=root)
    assert result["dc-leaf-1"].failed
    assert "stale" in str(result["dc-leaf-1"].exception)
    assert not result["hq-core-1"].failed
