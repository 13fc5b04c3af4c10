"""Load rule files, profiles and the site policy; every problem is reported as file:line."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bluewire.compliance.model import Compare, Count, Policy, Profile, Rule
from bluewire.errors import ComplianceError, Problem
from bluewire.inventory.yamlfile import YamlDoc, load_yaml, validate_model
from bluewire.project import Project


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[Rule, ...]
    profiles: dict[str, Profile]


def builtin_files() -> Iterator[Path]:
    """The rule and profile files shipped with bluewire (package data)."""
    with ExitStack() as stack:
        folder = stack.enter_context(resources.as_file(resources.files(__package__) / "rules"))
        yield from sorted(folder.glob("*.yaml"))


def load_rulebook(files: Iterable[Path] | None = None) -> RuleBook:
    """Every rule and profile in `files` (default: the built-in ones); raises ComplianceError."""
    rules: list[Rule] = []
    profiles: dict[str, Profile] = {}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in files if files is not None else builtin_files():
        doc = load_yaml(path, path.name)
        problems += doc.problems
        if doc.problems:
            continue
        data = doc.data if isinstance(doc.data, dict) else {}
        for i, raw in enumerate(data.get("rules") or []):
            rule = validate_model(Rule, raw, doc, ("rules", i), problems)
            if rule is None:
                continue
            if rule.id in seen:
                line = doc.line_of(("rules", i, "id"))
                problems.append(
                    Problem(doc.file, line, f"duplicate rule {rule.id} ({seen[rule.id]})")
                )
                continue
            seen[rule.id] = f"first in {doc.file}:{doc.line_of(('rules', i))}"
            rules.append(rule)
        for name, raw in (data.get("profiles") or {}).items():
            profile = validate_model(Profile, raw, doc, ("profiles", name), problems)
            if profile is not None:
                profiles[str(name)] = profile
        for key in sorted(set(data) - {"rules", "profiles"}):
            problems.append(Problem(doc.file, doc.line_of((key,)), f"unknown key '{key}'"))
    if problems:
        raise ComplianceError("bad compliance rule files", sorted(set(problems)))
    return RuleBook(tuple(rules), profiles)


@functools.cache
def builtin_rulebook() -> RuleBook:
    """The rules shipped with bluewire, parsed once per process (check, plan deltas, reports)."""
    return load_rulebook()


def load_policy(project: Project) -> Policy | None:
    """The site policy (inventory/policy/compliance.yaml), or None when the project has none."""
    loaded = load_policy_doc(project)
    return loaded[0] if loaded else None


def load_policy_doc(project: Project) -> tuple[Policy, YamlDoc] | None:
    """The site policy with its parsed file (for locating problems the model cannot see)."""
    path = project.compliance_policy
    if not path.exists():
        return None
    doc = load_yaml(path, project.relative(path))
    problems = list(doc.problems)
    if not problems and doc.data is not None and not isinstance(doc.data, dict):
        problems.append(Problem(doc.file, 1, "must be a mapping (profile, parameters, waivers)"))
    policy = None if problems else validate_model(Policy, doc.data or {}, doc, (), problems)
    if problems or policy is None:
        raise ComplianceError("bad compliance policy", problems)
    return policy, doc


def resolve_profile(
    book: RuleBook, policy: Policy | None, name: str
) -> tuple[tuple[Rule, ...], dict[str, float | dict[str, float]]]:
    """The rules a profile selects and its parameters (site overrides applied last)."""
    profiles = {**book.profiles, **(policy.profiles if policy else {})}
    chain: list[Profile] = []
    current: str | None = name
    while current is not None:
        if current not in profiles:
            raise ComplianceError(
                f"unknown compliance profile '{current}' (known: {sorted(profiles)})"
            )
        if profiles[current] in chain:
            raise ComplianceError(f"compliance profile '{name}' extends itself")
        chain.append(profiles[current])
        current = profiles[current].extends
    params: dict[str, float | dict[str, float]] = {}
    for profile in reversed(chain):
        params.update(profile.parameters)
    if policy is not None:
        params.update(policy.parameters.get(name, {}))
    selected = next((p.rules for p in chain if p.rules != "all"), "all")
    excluded = {r for p in chain for r in p.exclude}
    by_id = {r.id: r for r in book.rules}
    unknown = sorted(({*selected} if selected != "all" else set()) | excluded - set(by_id))
    if unknown:
        raise ComplianceError(f"compliance profile '{name}' names unknown rules: {unknown}")
    ids = list(by_id) if selected == "all" else list(selected)
    rules = tuple(by_id[i] for i in ids if i not in excluded)
    _check_parameters(rules, params, name)
    return rules, params


def _check_parameters(
    rules: Iterable[Rule], params: dict[str, float | dict[str, float]], profile: str
) -> None:
    missing: set[str] = set()
    for rule in rules:
        for checks in rule.platforms.values():
            for check in checks:
                if isinstance(check, Compare):
                    wanted: list[object] = [check.value]
                elif isinstance(check, Count):
                    wanted = [check.min, check.max]
                else:
                    continue
                missing |= {
                    f"{w} ({rule.id})" for w in wanted if isinstance(w, str) and w not in params
                }
    if missing:
        raise ComplianceError(f"compliance profile '{profile}' lacks parameters: {sorted(missing)}")
