"""Plan building: what is loaded on a device (replace or merge), and each config parsed once."""

from __future__ import annotations

import pytest

from bluewire import diff
from bluewire.config import value
from bluewire.config.tree import Node, parse
from bluewire.inventory.load import load_inventory
from bluewire.plan.build import candidate_for, plan_configs, plan_sanitized
from bluewire.plan.compliance_delta import compliance_deltas
from bluewire.plan.model import sha256
from bluewire.plan.risk import default_rules
from bluewire.project import Project
from bluewire.sanitize import sanitize

RUNNING = (
    "hostname sw1\nusername admin privilege 15 secret 9 $9$abc\n!\ninterface Gi1/0/1\n shutdown\n"
)
GOLDEN = "hostname sw1\nusername admin privilege 15 secret 0 %%SECRET:admin%%\n!\ninterface Gi1/0/1\n description uplink\n shutdown\n"


def test_replace_loads_the_whole_golden_config() -> None:
    assert candidate_for("replace", GOLDEN, RUNNING, "ios") == GOLDEN


def test_merge_loads_the_remediation_of_the_sanitized_running_config() -> None:
    candidate = candidate_for("merge", GOLDEN, RUNNING, "ios")
    assert candidate.splitlines() == ["interface Gi1/0/1", " description uplink"]
    assert "$9$abc" not in candidate  # a device secret never goes back as a command


def test_merge_with_nothing_to_do_loads_nothing() -> None:
    assert candidate_for("merge", GOLDEN, GOLDEN, "ios") == ""


def test_plan_and_compliance_deltas_parse_each_config_once(
    example_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def counting(text: str, platform: str) -> Node:
        calls.append(text)
        return parse(text, platform)

    monkeypatch.setattr(value, "parse", counting)
    golden = example_project.golden_path("hq-core-1").read_text()
    running = golden.replace("hostname hq-core-1", "hostname rogue")
    planned = plan_configs("ios", golden, running, "", mode="replace", rules=default_rules())
    deltas = compliance_deltas(
        example_project,
        load_inventory(example_project),
        {"hq-core-1": planned.running},
        {"hq-core-1": planned.intended},
    )
    assert "hostname hq-core-1" in planned.plan.remediation and deltas == {"hq-core-1": []}
    assert len(calls) == 3  # running, intended as shown, intended as pushed
    assert len(set(calls)) == 3


@pytest.mark.parametrize("host", ["hq-core-1", "dc-leaf-1", "edge-fw-1", "d3-access-1"])
def test_a_device_running_the_golden_text_is_in_sync_without_a_parse(
    example_project: Project, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    platform = load_inventory(example_project).hosts[host].platform
    golden = example_project.golden_path(host).read_text()
    running = sanitize(golden, platform)  # what a device running it shows, sanitized
    assert diff.remediation(running, golden, platform) == []  # what the full diff says
    calls: list[str] = []

    def counting(text: str, platform: str) -> Node:
        calls.append(text)
        return parse(text, platform)

    monkeypatch.setattr(value, "parse", counting)
    planned = plan_sanitized(
        platform, golden, value.Config(running, platform), mode="replace", rules=default_rules()
    )
    assert not planned.plan.changed and planned.plan.running_sha256 == sha256(running)
    assert calls == []


def test_a_golden_text_that_sanitizing_changes_is_still_diffed() -> None:
    golden = "hostname sw1\nenable secret 9 $9$literalhash\n"  # no placeholder: a literal
    running = value.Config(sanitize(golden, "ios"), "ios")  # masked: the same text as shown
    planned = plan_sanitized("ios", golden, running, mode="replace", rules=default_rules())
    assert planned.plan.changed
    assert planned.plan.remediation == ["enable secret 9 $9$literalhash"]
