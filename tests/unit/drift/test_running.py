"""Compliance on running configs: the same profile and waivers; violations new on the device flagged."""

from __future__ import annotations

from bluewire.compliance.runner import run_compliance
from bluewire.drift.running import running_violations
from bluewire.inventory.load import load_inventory
from bluewire.project import Project

HOSTS = ["hq-core-1", "d3-access-1", "edge-fw-1"]


def reports(project: Project, running: dict[str, str]) -> dict[str, list[str]]:
    inventory = load_inventory(project)
    golden = {h: project.golden_path(h).read_text() for h in running}
    found = running_violations(
        run_compliance(project, inventory, running, target="running"),
        run_compliance(project, inventory, golden),
    )
    return {
        h: [f"{v.rule}{' new' if v.running_only else ''}" for v in vs] for h, vs in found.items()
    }


def test_running_equal_to_golden_has_what_golden_has(example_project: Project) -> None:
    golden = {h: example_project.golden_path(h).read_text() for h in HOSTS}
    assert reports(example_project, golden) == {h: [] for h in HOSTS}


def test_a_violation_made_on_the_device_is_flagged_new(example_project: Project) -> None:
    running = {h: example_project.golden_path(h).read_text() for h in HOSTS}
    running["hq-core-1"] = "\n".join(
        line
        for line in running["hq-core-1"].splitlines()
        if not line.startswith(("ntp server", "logging host"))
    )
    found = reports(example_project, running)
    assert found["hq-core-1"] == ["SEC-NTP-2 new", "SEC-SYSLOG-2 new"]
    assert found["d3-access-1"] == [] and found["edge-fw-1"] == []


def test_a_waived_rule_stays_waived_on_the_running_config(example_project: Project) -> None:
    """d3-access-1 has a waiver for SEC-8021X, d1-access-1 has none: dot1x removed on both."""
    stripped = {
        h: "\n".join(
            x for x in example_project.golden_path(h).read_text().splitlines() if "dot1x" not in x
        )
        for h in ("d1-access-1", "d3-access-1")
    }
    assert reports(example_project, stripped) == {
        "d1-access-1": ["SEC-8021X new"],
        "d3-access-1": [],
    }


def test_a_violation_golden_shares_is_not_new(example_project: Project) -> None:
    golden = example_project.golden_path("hq-core-1")
    golden.write_text(
        "\n".join(x for x in golden.read_text().splitlines() if not x.startswith("ntp server"))
    )
    found = reports(example_project, {"hq-core-1": golden.read_text()})
    assert found == {"hq-core-1": ["SEC-NTP-2"]}
