"""Run a profile over a set of configs (golden or running) and feed `bluewire check`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from bluewire.cachefiles import caching_enabled
from bluewire.compliance.cache import FailureCache, rules_digest
from bluewire.compliance.engine import Target, apply_waivers, evaluate, interface_roles
from bluewire.compliance.loader import builtin_rulebook, load_policy_doc, resolve_profile
from bluewire.compliance.model import Rule, Waiver
from bluewire.compliance.policycheck import check_policy
from bluewire.compliance.results import ComplianceReport, RuleResult, Status
from bluewire.config.tree import ConfigSyntaxError
from bluewire.config.value import Config
from bluewire.errors import BluewireError
from bluewire.inventory.model import Inventory, InventoryHost
from bluewire.project import Project
from bluewire.report.model import Finding, Kind

GATE_SEVERITY = "high"  # in `bluewire check`, only these violations fail the merge request


def run_compliance(
    project: Project,
    inventory: Inventory,
    configs: Mapping[str, str | Config],
    *,
    profile: str | None = None,
    today: dt.date | None = None,
    target: str = "golden",
    fail_on: str = "low",
) -> ComplianceReport:
    """Evaluate the profile on `configs` (host -> config text); the policy's waivers applied."""
    today = today or dt.date.today()
    name, rules, params, waivers = _profile(project, inventory, profile, today)
    report = ComplianceReport(
        profile=name,
        target=target,
        parameters=params,
        rules={r.id: r for r in rules},
        hosts={},
        waivers=waivers,
        expired_waivers=tuple(w for w in waivers if w.expired(today)),
        fail_on=fail_on,
    )
    results: list[RuleResult] = []
    for host_name, text in sorted(configs.items()):
        host = inventory.hosts[host_name]
        report.hosts[host_name] = str(host.data.get("site", ""))
        report.platforms[host_name] = host.platform
        try:
            results += evaluate(_target(host, text), rules, params)
        except ConfigSyntaxError as err:  # one unreadable config is that host's error
            report.errors[host_name] = str(err.located(f"{host_name}.cfg"))
    report.results, _ = apply_waivers(results, waivers, today)
    return report


def _profile(
    project: Project, inventory: Inventory, profile: str | None, today: dt.date
) -> tuple[str, list[Rule], dict[str, float | dict[str, float]], tuple[Waiver, ...]]:
    """The policy (checked against the inventory), the profile's rules, parameters, waivers."""
    loaded = load_policy_doc(project)
    policy = loaded[0] if loaded else None
    book = builtin_rulebook()
    if loaded:
        check_policy(*loaded, book, inventory.hosts, today)
    name = profile or (policy.profile if policy else "cjis")
    rules, params = resolve_profile(book, policy, name)
    return name, list(rules), dict(params), tuple(policy.waivers) if policy else ()


def _target(host: InventoryHost, text: str | Config) -> Target:
    return Target(
        host.name, host.platform, text, interface_roles(host.data.get("interfaces") or [])
    )


def read_configs(
    project: Project, hosts: list[str], target: str, running_dir: Path | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Configs of `hosts` from golden_configs/ or a folder of running configs; (configs, errors)."""
    if target == "running" and running_dir is None:
        raise BluewireError(
            "running configs come from the devices (runs.drift.read_running) "
            "or from --running-dir DIR with one <host>.cfg per device"
        )
    folder = project.golden_dir if target == "golden" else running_dir
    assert folder is not None
    configs: dict[str, str] = {}
    errors: dict[str, str] = {}
    for host in hosts:
        path = project.golden_path(host) if target == "golden" else folder / f"{host}.cfg"
        if not path.is_file():
            errors[host] = f"{project.relative(path)} is missing"
            continue
        try:
            configs[host] = _read(project, path)
        except (OSError, UnicodeDecodeError) as exc:
            errors[host] = f"{project.relative(path)}: {_unreadable(exc)}"
    return configs, errors


def _unreadable(exc: OSError | UnicodeDecodeError) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start}); a config is text"
    return f"cannot read: {exc.strerror}"


def _read(project: Project, path: Path) -> str:
    """A config file; inside the repository never through a symlink."""
    try:
        path.absolute().relative_to(project.root.absolute())
    except ValueError:
        return path.read_text(encoding="utf-8")
    return project.read_text(path)


def compliance_findings(
    project: Project,
    inventory: Inventory,
    rendered: Mapping[str, str],
    digests: Mapping[str, str] | None = None,
) -> list[Finding]:
    """The MR gate: the site profile on freshly rendered configs.

    A high-severity violation (or one whose waiver expired) is a blocking COMPLIANCE finding, so
    `check` exits 2; medium and low violations and every waiver are listed without failing.
    Projects without inventory/policy/compliance.yaml have not opted in and get no findings.
    With `digests` (each config's digest), a host whose key did not change is not evaluated
    again (compliance.cache); a config is read only to be evaluated.
    """
    if not project.compliance_policy.exists():  # a folder or a pipe there is an error, not "off"
        return []
    if digests is None or not caching_enabled():
        report = run_compliance(project, inventory, dict(rendered))
    else:
        report = _failures(project, inventory, rendered, digests)
    findings = [_finding(report, r) for r in report.results if r.status is Status.FAIL]
    findings += [_waiver_note(w, report.profile) for w in report.waivers]
    return findings


def _failures(
    project: Project, inventory: Inventory, rendered: Mapping[str, str], digests: Mapping[str, str]
) -> ComplianceReport:
    """A report holding only the failing results (waivers applied): what the gate reads."""
    today = dt.date.today()
    name, rules, params, waivers = _profile(project, inventory, None, today)
    cache = FailureCache(
        project.inside(project.state_dir / "cache" / "compliance.json"), rules_digest(rules, params)
    )
    failures: list[RuleResult] = []
    for host_name in sorted(rendered):
        host = inventory.hosts[host_name]
        key = cache.key(host, digests[host_name])
        found = cache.get(host_name, key)
        if found is None:
            try:
                results = evaluate(_target(host, rendered[host_name]), rules, params)
            except ConfigSyntaxError:  # as in run_compliance: that host's error, not a finding
                continue
            found = [r for r in results if r.status is Status.FAIL]
            cache.put(host_name, key, found)
        failures += found
    cache.save(inventory.hosts)
    results, _ = apply_waivers(failures, waivers, today)
    return ComplianceReport(
        profile=name,
        target="golden",
        parameters=params,
        rules={r.id: r for r in rules},
        hosts={},
        waivers=waivers,
        results=results,
    )


def _finding(report: ComplianceReport, r: RuleResult) -> Finding:
    rule = report.rules[r.rule]
    where = "; ".join(str(e) for e in r.evidence[:5])
    more = f" (+{len(r.evidence) - 5} more)" if len(r.evidence) > 5 else ""
    extra = f" [{r.message}]" if r.waiver is not None else ""
    return Finding(
        r.host,
        Kind.COMPLIANCE,
        f"{r.rule} ({r.severity}) {rule.title}: {where}{more}{extra}",
        blocking=r.severity == GATE_SEVERITY or r.waiver is not None,
    )


def _waiver_note(w: object, profile: str) -> Finding:
    from bluewire.compliance.model import Waiver

    assert isinstance(w, Waiver)
    return Finding(
        "",
        Kind.COMPLIANCE,
        f"waiver {w.rule} on {', '.join(w.hosts)} until {w.expires.isoformat()} "
        f"(approved by {w.approver}; profile {profile}): {w.justification}",
        blocking=False,
    )
