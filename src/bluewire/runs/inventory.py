"""The inventory export run: bluewire's validated inventory as Ansible sees it."""

from __future__ import annotations

from bluewire.inventory.ansible import AnsibleInventory, build
from bluewire.inventory.load import load_inventory
from bluewire.lab.state import require_state
from bluewire.progress import status
from bluewire.project import Project


def ansible_inventory(project: Project, limits: list[str] | None, lab: bool) -> AnsibleInventory:
    """The selected hosts; with `lab`, only those the running lab serves, at their twins."""
    inventory = load_inventory(project)
    hosts = inventory.select(limits)
    endpoints = require_state(project).endpoints if lab else None
    result = build(project, inventory, hosts, endpoints)
    left_out = sorted({h.name for h in hosts} - set(result.hostvars))
    if left_out:
        status(f"not in the running lab, left out: {', '.join(left_out)}")
    return result
