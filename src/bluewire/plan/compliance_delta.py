"""Compliance deltas for a plan: which rules a change fixes and which it breaks, per host."""

from __future__ import annotations

from collections.abc import Mapping

from bluewire.compliance.runner import run_compliance
from bluewire.config.value import Config
from bluewire.inventory.model import Inventory
from bluewire.project import Project


def _failing(
    project: Project, inventory: Inventory, configs: Mapping[str, str | Config]
) -> dict[str, set[str]]:
    report = run_compliance(project, inventory, configs, target="running")
    failing: dict[str, set[str]] = {h: set() for h in configs}
    for result in report.violations:
        failing.setdefault(result.host, set()).add(result.rule)
    return failing


def compliance_deltas(
    project: Project,
    inventory: Inventory,
    running: Mapping[str, str | Config],
    intended: Mapping[str, str | Config],
) -> dict[str, list[str]]:
    """host -> ["+RULE" newly violated by the change, "-RULE" fixed by it], sorted.

    Configs passed as `Config` values are not parsed again (plan already has their trees).
    """
    if not running:
        return {}
    before = _failing(project, inventory, running)
    after = _failing(project, inventory, {h: intended[h] for h in running})
    return {
        host: sorted(
            [f"+{r}" for r in after[host] - before[host]]
            + [f"-{r}" for r in before[host] - after[host]]
        )
        for host in running
    }
