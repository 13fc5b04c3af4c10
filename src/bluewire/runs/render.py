"""The render run (`render`, `check`, and plan's first step): load, render the selected hosts.

Rendering is CPU-bound, so it runs in a process pool (`render.render_hosts`), not in Nornir;
`bluewire.tasks.render.render_config` is the same step for users' own Nornir scripts. Only hosts
whose render key changed are rendered (`bluewire.rendercache`); the others' configs are their
golden files, checked against what their key rendered.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from bluewire.apply.policy import load_change_policy
from bluewire.cachefiles import caching_enabled
from bluewire.codecache import code_cache
from bluewire.compliance.runner import compliance_findings
from bluewire.drift.software import load_software_policy
from bluewire.errors import InventoryError
from bluewire.exitcodes import ExitCode
from bluewire.golden import compare_golden, write_golden
from bluewire.inventory.load import load_inventory
from bluewire.inventory.model import Inventory
from bluewire.progress import track
from bluewire.project import Project
from bluewire.render import Renderer, render_hosts
from bluewire.rendercache import Configs, RenderCache, text_digest
from bluewire.report.model import Finding, Kind, Report
from bluewire.runs.links import link_findings
from bluewire.secrets import RenderedConfig, withheld_environment

NO_ROLE = (
    "not rendered: no role (data.role picks templates/<platform>/<role>.j2; "
    "set it on the host or a group, or leave the host out with --limit)"
)


@dataclass
class RenderRun:
    inventory: Inventory | None
    rendered: Mapping[str, RenderedConfig] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    all_hosts: set[str] | None = None  # set when every host was selected (orphan detection)
    cache: RenderCache | None = None
    current: Collection[str] = ()  # hosts whose golden file is known to hold their config

    def digests(self) -> dict[str, str]:
        """Digest of every rendered config (from the cache where the text was not read)."""
        known = self.cache.digests() if self.cache is not None else {}
        return {h: known.get(h) or text_digest(self.rendered[h]) for h in self.rendered}

    def golden_matched(self, hosts: Collection[str]) -> None:
        """These hosts' golden files were just found (or made) equal to their configs."""
        if self.cache is not None:
            self.cache.golden_matches(h for h in hosts if h not in self.current)

    def save(self) -> None:
        """Remember what this run learned (a no-op when it learned nothing)."""
        if self.cache is not None:
            self.cache.save(self.all_hosts)


def render_selected(
    project: Project,
    limits: list[str] | None,
    jobs: int | None,
    *,
    cache: bool = True,
    save: bool = True,
) -> RenderRun:
    """Schema problems and template errors are findings; nothing is raised for bad input.

    With `cache`, hosts whose render key did not change are not rendered (see rendercache);
    without `save`, the caller calls `RenderRun.save` when it has compared the golden files.
    """
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
    compiled = project.inside(project.state_dir / "cache" / "templates")
    codes = code_cache(project.root, compiled) if cache else None
    renderer = Renderer(project.templates_dir, project.relative(project.templates_dir), codes)
    run.cache = RenderCache(project) if cache and caching_enabled() else None
    hits = run.cache.hits(hosts, inventory) if run.cache else set()
    todo = [h for h in hosts if h.name not in hits]
    fresh: dict[str, RenderedConfig] = {}
    with withheld_environment():
        for result in track(render_hosts(renderer, todo, jobs), len(todo), "rendering"):
            if result.config is None:
                run.findings.append(
                    Finding(result.host, Kind.TEMPLATE, result.error or "render failed")
                )
            else:
                fresh[result.host] = result.config
                if run.cache:
                    run.cache.store(result.host, result.config)
    if run.cache is None:
        run.rendered = fresh
        return run
    if save:
        run.save()
    by_name = {h.name: h for h in hosts}
    store = run.cache

    def load(host: str) -> RenderedConfig:
        """A hit's config: its golden file when that is what its key rendered, else rendered."""
        text = store.read_golden(host)
        if text is None:
            with withheld_environment():
                text = renderer.render(by_name[host])
        return text

    run.rendered = Configs(fresh, hits, load)
    run.current = store.golden_current(hits)
    return run


def render_report(
    project: Project, limits: list[str] | None, jobs: int | None, *, check: bool
) -> tuple[Report, list[str]]:
    """`render`: write golden_configs/ (or with `check`, only compare); (report, files written).

    Nothing is written when an input is bad: the report then carries the errors.
    """
    result = render_selected(project, limits, jobs, save=False)
    report = Report("render", hosts=result.hosts, findings=list(result.findings))
    if check:
        report.findings += _compared(project, result)
    if check or report.exit_code == ExitCode.ERROR:
        result.save()
        return report, []
    touched = write_golden(project, result.rendered, result.all_hosts, result.current)
    result.golden_matched(result.rendered)
    result.save()
    return report, touched


def _compared(project: Project, result: RenderRun) -> list[Finding]:
    """compare_golden, and what it found equal remembered for the next run."""
    findings = compare_golden(project, result.rendered, result.all_hosts, result.current)
    differing = {f.host for f in findings if f.kind in (Kind.STALE, Kind.MISSING)}
    result.golden_matched([h for h in result.rendered if h not in differing])
    return findings


def check_policies(project: Project, inventory: Inventory) -> None:
    """The change and software policies are data an MR edits too: a broken one must fail the MR
    gate (file:line, exit 1), not the deploy job or the nightly run after the merge."""
    policy = project.change_policy
    # optional for check (apply needs one); a dangling link is a broken policy, not a missing one
    if policy.exists() or policy.is_symlink():
        load_change_policy(project, set(inventory.groups))
    load_software_policy(project.software_policy, project.relative(project.software_policy))


def check_report(project: Project, limits: list[str] | None, jobs: int | None) -> Report:
    """`check`, the merge-request gate: schema, templates, golden configs current, compliance."""
    result = render_selected(project, limits, jobs, save=False)
    report = Report("check", hosts=result.hosts, findings=list(result.findings))
    if result.inventory is not None:
        report.findings += _compared(project, result)
        result.save()
        check_policies(project, result.inventory)
        report.findings += compliance_findings(
            project, result.inventory, result.rendered, result.digests()
        )
        links = project.inside(project.state_dir / "cache" / "links.json")
        every = caching_enabled() and result.all_hosts is not None
        report.findings += link_findings(result.inventory, result.hosts, links if every else None)
    return report
