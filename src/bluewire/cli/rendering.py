"""Shared by `render` and `check`: load the inventory, render the selected hosts, collect findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from bluewire.cli.progress import track
from bluewire.errors import InventoryError
from bluewire.inventory.load import load_inventory
from bluewire.inventory.model import Inventory
from bluewire.project import Project
from bluewire.render import Renderer, render_hosts
from bluewire.report.model import Finding, Kind


@dataclass
class RenderRun:
    inventory: Inventory | None
    rendered: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    all_hosts: set[str] | None = None  # set when every host was selected (orphan detection)


def render_selected(project: Project, limits: list[str] | None, jobs: int | None) -> RenderRun:
    """Schema problems and template errors are findings; nothing is raised for bad input."""
    try:
        inventory = load_inventory(project)
    except InventoryError as exc:
        return RenderRun(None, findings=[Finding("", Kind.SCHEMA, line) for line in exc.lines()])
    hosts = inventory.select(limits)
    run = RenderRun(inventory, hosts=[h.name for h in hosts])
    if not limits or "all" in limits:
        run.all_hosts = set(inventory.hosts)
    renderer = Renderer(project.templates_dir, project.relative(project.templates_dir))
    for result in track(render_hosts(renderer, hosts, jobs), len(hosts), "rendering"):
        if result.config is None:
            run.findings.append(
                Finding(result.host, Kind.TEMPLATE, result.error or "render failed")
            )
        else:
            run.rendered[result.host] = result.config
    return run
