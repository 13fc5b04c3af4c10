"""What plan loads on a device: the golden config (replace) or only the remediation (merge)."""

from __future__ import annotations

from bluewire.plan.build import candidate_for

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
