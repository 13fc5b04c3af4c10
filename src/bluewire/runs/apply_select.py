"""What an apply or restore would deploy, decided before any device is touched.

Everything that can refuse the run does so here (exit 1, nothing touched): CI on an unprotected
ref, the change request against the policy, a plan that is not for this commit or target, an
input that does not render, a secret without a value. Per-host refusals (stale intended config,
outside the window, OS10 without consent) become results that the report shows.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bluewire import gitrepo
from bluewire.apply import guard
from bluewire.apply.approval import HostFacts, Request, check_request, ci_refusal, host_refusal
from bluewire.apply.policy import ChangePolicy, load_change_policy
from bluewire.apply.result import HostResult, Outcome
from bluewire.apply.rollout import FailureBudget, Stage, pick_canaries, plan_stages
from bluewire.errors import BluewireError
from bluewire.inventory.model import Inventory
from bluewire.plan.affected import affected_hosts
from bluewire.plan.build import intended_form
from bluewire.plan.git_info import current_commit
from bluewire.plan.model import HostPlan, read_plan
from bluewire.project import Project
from bluewire.runs.apply_host import HostJob
from bluewire.runs.render import render_selected
from bluewire.secrets import RenderedConfig, SecretStore


@dataclass(frozen=True)
class ApplyRequest:
    request: Request
    plan_path: Path | None = None  # apply
    hosts: tuple[str, ...] = ()  # restore
    at_ref: str | None = None  # restore
    limits: list[str] | None = None
    canary: int | tuple[str, ...] = 1
    batch_size: int = 10
    max_failures: FailureBudget = field(default_factory=FailureBudget)
    confirm_timeout_min: int = 5
    dry_run: bool = False
    lab: bool = False
    break_lock: bool = False


@dataclass
class Deployment:
    command: str  # apply | restore
    commit: str
    digest: str
    inventory: Inventory
    policy: ChangePolicy
    store: SecretStore
    jobs: dict[str, HostJob] = field(default_factory=dict)
    early: dict[str, HostResult] = field(default_factory=dict)  # decided before any device
    stages: list[Stage] = field(default_factory=list)

    @property
    def peers(self) -> dict[str, str]:
        return {h: str(self.inventory.hosts[h].data.get("ha_peer") or "") for h in self.jobs}

    def facts(self, host: str) -> HostFacts:
        entry = self.inventory.hosts[host]
        return HostFacts(host, entry.platform, self.inventory.expanded_groups(entry))


def select_apply(
    project: Project, req: ApplyRequest, environ: Mapping[str, str], now: dt.datetime
) -> Deployment:
    """The hosts a plan file changes, re-rendered and checked against it."""
    assert req.plan_path is not None
    policy, rendered, inventory = _common(project, req, environ, None)
    plan = read_plan(req.plan_path, environ)
    guard.check_target(plan, req.lab)
    head, dirty = current_commit(project)
    guard.check_commit(plan, head, dirty, _History(project, inventory))
    unknown = guard.unknown_hosts(plan, inventory.hosts)
    if unknown:
        raise BluewireError(f"{req.plan_path}: hosts not in the inventory: {', '.join(unknown)}")
    wanted = {h.name for h in inventory.select(req.limits)}
    plans = {h: p for h, p in plan.hosts.items() if h in wanted and (p.changed or p.error)}
    store = _store(project, req, {h: rendered[h] for h in plans if h in rendered})
    dep = Deployment("apply", head, plan.digest, inventory, policy, store)
    for host, hp in plans.items():
        stale = guard.intended_mismatch(hp, rendered[host])
        if stale:
            dep.early[host] = HostResult(platform=hp.platform, outcome=Outcome.STALE, message=stale)
        else:
            dep.jobs[host] = HostJob(rendered[host], hp.mode, hp)
    return _finish(dep, req, now)


def select_restore(
    project: Project, req: ApplyRequest, environ: Mapping[str, str], now: dt.datetime
) -> Deployment:
    """The named hosts, each to its golden config as committed at `req.at_ref`.

    The config pushed is what REF's inventory and templates render (only rendered text gets
    secret values), and it must be what REF's golden_configs/ hold: the reviewed artifact.
    """
    assert req.at_ref is not None
    policy, _, inventory = _common(project, req, environ, list(req.hosts))
    commit = _resolve(project, req.at_ref)
    rendered = _render_at(project, commit, list(req.hosts))
    store = _store(project, req, rendered)
    dep = Deployment("restore", commit, "", inventory, policy, store)
    for host in req.hosts:
        mode = str(inventory.hosts[host].data.get("push_mode") or "replace")
        dep.jobs[host] = HostJob(rendered[host], mode)
    return _finish(dep, req, now)


def _common(
    project: Project, req: ApplyRequest, environ: Mapping[str, str], hosts: list[str] | None
) -> tuple[ChangePolicy, Mapping[str, RenderedConfig], Inventory]:
    refusal = ci_refusal(environ)
    if refusal:
        raise BluewireError(refusal)
    # Never from the render cache: apply trusts only what the deployed commit renders now.
    rendered = render_selected(project, hosts or req.limits, None, cache=False)
    if rendered.findings or rendered.inventory is None:
        lines = "\n".join(f.message for f in rendered.findings)
        raise BluewireError(f"nothing deployed, nothing touched; fix the inputs first:\n{lines}")
    policy = load_change_policy(project, set(rendered.inventory.groups))
    check_request(policy, req.request)
    return policy, dict(rendered.rendered), rendered.inventory


def _store(
    project: Project, req: ApplyRequest, configs: Mapping[str, RenderedConfig]
) -> SecretStore:
    """The secret store, with every secret the configs need resolvable (else exit 1 now)."""
    store = SecretStore(project.root, lab=req.lab)
    for config in configs.values():
        store.substitute(config)
    return store


def _finish(dep: Deployment, req: ApplyRequest, now: dt.datetime) -> Deployment:
    """Refuse what the policy refuses now; put the rest in canary and batch stages."""
    for host in list(dep.jobs):
        why = host_refusal(dep.policy, dep.facts(host), req.request, now)
        if why:
            platform = dep.inventory.hosts[host].platform
            dep.early[host] = HostResult(platform=platform, outcome=Outcome.REFUSED, message=why)
            del dep.jobs[host]
    sized = {
        h: j.plan or HostPlan(platform=dep.inventory.hosts[h].platform) for h, j in dep.jobs.items()
    }
    canaries = pick_canaries(
        sized, req.canary if isinstance(req.canary, int) else list(req.canary), dep.peers
    )
    dep.stages = plan_stages(sized, canaries, req.batch_size, dep.peers)
    return dep


class _History:
    """The guard's questions to git: ancestry, and which hosts changed since a commit."""

    def __init__(self, project: Project, inventory: Inventory) -> None:
        self.project, self.inventory = project, inventory

    def is_ancestor(self, older: str, newer: str) -> bool:
        repo = gitrepo.open_repo(self.project.root)
        try:
            return bool(repo.is_ancestor(repo.commit(older), repo.commit(newer)))
        except Exception:
            return False  # an unknown commit is no ancestor

    def affected_since(self, ref: str) -> list[str]:
        return affected_hosts(self.project, ref, self.inventory)


def _resolve(project: Project, ref: str) -> str:
    try:
        return str(gitrepo.open_repo(project.root).commit(ref).hexsha)
    except Exception:
        raise BluewireError(f"--at {ref}: no such commit, branch or tag") from None


def _render_at(project: Project, commit: str, hosts: list[str]) -> Mapping[str, RenderedConfig]:
    """`hosts` rendered from the inventory and templates of `commit`, each checked against the
    golden config committed there."""
    repo = gitrepo.open_repo(project.root)
    top = Path(repo.working_tree_dir or project.root).resolve()
    base = project.root.resolve().relative_to(top).as_posix()
    prefix = "" if base == "." else f"{base}/"
    wanted = (f"{prefix}inventory/", f"{prefix}templates/")
    with tempfile.TemporaryDirectory() as tmp:
        for path in gitrepo.list_files(project.root, commit):
            if path.startswith(wanted):
                target = Path(tmp) / path.removeprefix(prefix)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(
                    gitrepo.read_file(project.root, commit, path) or "", encoding="utf-8"
                )
        run = render_selected(Project(Path(tmp)), hosts, None, cache=False)
    if run.findings or run.inventory is None:
        lines = "\n".join(f.message for f in run.findings)
        raise BluewireError(f"commit {commit[:12]} does not render; nothing touched:\n{lines}")
    for host in hosts:
        golden = gitrepo.read_file(project.root, commit, f"{prefix}golden_configs/{host}.cfg")
        platform = run.inventory.hosts[host].platform
        if golden is None or intended_form(golden, platform) != intended_form(
            run.rendered[host], platform
        ):
            raise BluewireError(
                f"golden_configs/{host}.cfg at {commit[:12]} is missing or is not what that commit "
                "renders; nothing touched"
            )
    return dict(run.rendered)
