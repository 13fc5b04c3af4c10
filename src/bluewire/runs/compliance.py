"""The compliance run: a profile's rules on the selected hosts' golden or running configs."""

from __future__ import annotations

from pathlib import Path

from bluewire.compliance.results import ComplianceReport
from bluewire.compliance.runner import read_configs, run_compliance
from bluewire.inventory.load import load_inventory
from bluewire.plan.build import redact
from bluewire.project import Project
from bluewire.runs.drift_read import read_running


def compliance_report(
    project: Project,
    limits: list[str] | None,
    *,
    profile: str | None,
    target: str,
    running_dir: Path | None,
    fail_on: str,
    lab: bool = False,
) -> ComplianceReport:
    """Scores and violations per host; a host without a config is an error row, not a crash.

    Running configs come from --running-dir, else from the devices, read as drift reads them.
    """
    inventory = load_inventory(project)
    hosts = [h.name for h in inventory.select(limits)]
    if target == "running" and running_dir is None:
        configs, errors = read_running(project, inventory, hosts, lab=lab)
    else:
        configs, errors = read_configs(project, hosts, target, running_dir)
        if target == "running":  # device-originated: secrets masked before evidence quotes them
            configs = {h: redact(c, inventory.hosts[h].platform) for h, c in configs.items()}
    report = run_compliance(
        project, inventory, configs, profile=profile, target=target, fail_on=fail_on
    )
    report.errors.update(errors)
    return report
