"""The render run (`render`, `check`, and plan's first step): load, render the selected hosts.

Rendering is CPU-bound, so it runs in a process pool (`render.render_hosts`), not in Nornir;
`bluewire.tasks.render.render_config` is the same step for users' own Nornir scripts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bluewire.compliance.runner import compliance_findings
from bluewire.errors import InventoryError
from bluewire.exitcodes import ExitCode
from bluewire.golden import compare_golden, write_golden
from bluewire.inventory.load import load_inventory
from bluewire.inventory.model import Inventory, InventoryHost
from bluewire.lab.facts import Facts, Port
from bluewire.lab.topology import description_mistakes
from bluewire.progress import track
from bluewire.project import Project
from bluewire.render import Renderer, render_hosts
from bluewire.report.model import Finding, Kind, Report
from bluewire.secrets import RenderedConfig, withheld_environment

NO_ROLE = (
    "not rendered: no role (data.role picks templates/<platform>/<role>.j2; "
    "set it on the host or a group, or leave the host out with --limit)"
)


@dataclass
class RenderRun:
    inventory: Inventory | None
    rendered: dict[str, RenderedConfig] = field(default_factory=dict)
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
    # A selected host bluewire cannot render is an error, never invisible (it loads for Nornir).
    run.findings += [
        Finding(h.name, Kind.NOT_RENDERED, f"{h.defined_at}: {h.name}.data.role: {NO_ROLE}")
        for h in hosts
        if h.role is None
    ]
    hosts = [h for h in hosts if h.role is not None]
    renderer = Renderer(project.templates_dir, project.relative(project.templates_dir))
    with withheld_environment():
        for result in track(render_hosts(renderer, hosts, jobs), len(hosts), "rendering"):
            if result.config is None:
                run.findings.append(
                    Finding(result.host, Kind.TEMPLATE, result.error or "render failed")
                )
            else:
                run.rendered[result.host] = result.config
    return run


def render_report(
    project: Project, limits: list[str] | None, jobs: int | None, *, check: bool
) -> tuple[Report, list[str]]:
    """`render`: write golden_configs/ (or with `check`, only compare); (report, files written).

    Nothing is written when an input is bad: the report then carries the errors.
    """
    result = render_selected(project, limits, jobs)
    report = Report("render", hosts=result.hosts, findings=list(result.findings))
    if check:
        report.findings += compare_golden(project, result.rendered, result.all_hosts)
    if check or report.exit_code == ExitCode.ERROR:
        return report, []
    return report, write_golden(project, result.rendered, result.all_hosts)


def check_report(project: Project, limits: list[str] | None, jobs: int | None) -> Report:
    """`check`, the merge-request gate: schema, templates, golden configs current, compliance."""
    result = render_selected(project, limits, jobs)
    report = Report("check", hosts=result.hosts, findings=list(result.findings))
    if result.inventory is not None:
        report.findings += compare_golden(project, result.rendered, result.all_hosts)
        report.findings += compliance_findings(project, result.inventory, result.rendered)
        report.findings += link_findings(result.inventory, result.hosts)
    return report


def link_findings(inventory: Inventory, selected: list[str]) -> list[Finding]:
    """Warnings (exit 0) for interface descriptions `<host> <port>` whose far end does not
    exist or does not name the port back: the device lab wires links by the same rule, so
    these are the links the lab (and a reader of the config) cannot trust."""
    hosts = [inventory.hosts[name] for name in selected]
    mistakes = description_mistakes({h.name: _described_ports(h) for h in hosts})
    return [
        Finding(
            host, Kind.LINK, f"{inventory.hosts[host].defined_at}: {port}: {what}", blocking=False
        )
        for host, port, what in mistakes
    ]


def _described_ports(host: InventoryHost) -> Facts:
    ports = (
        Port(str(i["name"]), True, str(i.get("description") or ""), ())
        for i in host.data.get("interfaces") or []
    )
    return Facts(tuple(ports), {})
