"""Evaluate rules on a parsed config tree: pure functions on plain data, no Nornir, no I/O.

Each check kind returns (passed, evidence); a rule passes on a platform when all its checks pass.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from bluewire.compliance.index import ConfigIndex
from bluewire.compliance.model import (
    Check,
    Children,
    Compare,
    Count,
    Forbidden,
    Required,
    Rule,
    Threshold,
    Waiver,
)
from bluewire.compliance.results import Evidence, RuleResult, Status
from bluewire.config.tree import Node, active
from bluewire.config.value import Config, tree_of

Params = Mapping[str, float | dict[str, float]]
Outcome = tuple[bool, list[Evidence]] | None  # None: the check does not apply to this host
OPS: dict[str, Callable[[float, float], bool]] = {
    "le": operator.le,
    "lt": operator.lt,
    "ge": operator.ge,
    "gt": operator.gt,
    "eq": operator.eq,
}
OP_TEXT = {"le": "<=", "lt": "<", "ge": ">=", "gt": ">", "eq": "=="}


@dataclass
class Target:
    """One config to evaluate and what the inventory says about its interfaces."""

    host: str
    platform: str
    text: str | Config  # a Config reuses the tree plan already parsed
    interface_roles: dict[str, str] = field(default_factory=dict)  # lower-cased name -> role


def interface_roles(interfaces: Iterable[Mapping[str, object]]) -> dict[str, str]:
    """Inventory interfaces (already range-expanded) as name -> role, names lower-cased."""
    return {str(i["name"]).lower(): str(i["role"]) for i in interfaces}


@dataclass
class _Ctx:
    index: ConfigIndex
    target: Target
    params: Params

    def threshold(self, value: Threshold) -> float:
        if not isinstance(value, str):
            return float(value)
        raw = self.params[value]
        if isinstance(raw, dict):
            return float(raw.get(self.target.platform, raw["default"]))
        return float(raw)


def evaluate(target: Target, rules: Iterable[Rule], params: Params) -> list[RuleResult]:
    """Every rule on one config; the tree is parsed (or reused) and indexed once.

    Junos statements marked `inactive:` are left out: the device does not run them.
    """
    ctx = _Ctx(ConfigIndex(active(tree_of(target.text, target.platform))), target, params)
    return [_evaluate_rule(ctx, rule) for rule in rules]


def _evaluate_rule(ctx: _Ctx, rule: Rule) -> RuleResult:
    host, sev = ctx.target.host, rule.severity
    if rule.manual:
        return RuleResult(host, rule.id, sev, Status.MANUAL, message=rule.manual_note)
    checks = rule.platforms.get(ctx.target.platform)  # type: ignore[call-overload]
    if not checks:
        return RuleResult(host, rule.id, sev, Status.NOT_APPLICABLE, message="no platform check")
    evidence: list[Evidence] = []
    failed = applied = False
    for check in checks:
        outcome = _evaluate_check(ctx, check)
        if outcome is None:
            continue
        applied = True
        ok, found = outcome
        if not ok:
            failed = True
            evidence += found
        elif not failed:
            evidence += found
    if not applied:
        return RuleResult(host, rule.id, sev, Status.NOT_APPLICABLE, message="no matching ports")
    status = Status.FAIL if failed else Status.PASS
    if failed:
        evidence = [e for e in evidence if e.note or e.line == 0] or evidence
    return RuleResult(host, rule.id, sev, status, tuple(evidence), message=rule.title)


def _evaluate_check(ctx: _Ctx, check: Check) -> Outcome:
    if check.when_roles and not set(check.when_roles) & set(ctx.target.interface_roles.values()):
        return None
    if isinstance(check, Required):
        return _required(ctx, check)
    if isinstance(check, Forbidden):
        return _forbidden(ctx, check)
    if isinstance(check, Children):
        return _children(ctx, check)
    if isinstance(check, Count):
        return _count(ctx, check)
    return _compare(ctx, check)


def _line(node: Node) -> str:
    return node.text.split("\n", 1)[0]


def _found(ctx: _Ctx, scope: Node, check: Required | Forbidden | Count) -> list[Node]:
    if check.anywhere:
        return [n for n in ctx.index.descendants(scope) if check.match.search(n.text)]
    return ctx.index.matching(scope, check.match)


def _missing(check: Required | Count | Compare | Children, scope: Node | None = None) -> Evidence:
    within = _line(scope) if scope is not None and scope.text else ""
    where = f" under '{within}'" if within else ""
    pattern = check.match.pattern
    note = check.note or "missing"
    return Evidence(0, f"no line matching /{pattern}/{where}", note, "missing", pattern, within)


def _required(ctx: _Ctx, check: Required) -> Outcome:
    scopes = ctx.index.scopes(check.within)
    results = []
    for scope in scopes:
        hits = _found(ctx, scope, check)
        if not hits:
            results.append((False, [_missing(check, scope)]))
            continue
        bad = [
            Evidence(n.line, _line(n), f"lacks /{c.pattern}/", "incomplete", c.pattern)
            for n in hits[:1]
            for c in check.contains
            if not c.search(n.text)
        ]
        results.append((not bad, bad or [Evidence(n.line, _line(n)) for n in hits]))
    if not results:
        return False, [_missing(check)]
    if check.each:
        failures = [e for ok, ev in results if not ok for e in ev]
        return not failures, failures or [e for _, ev in results for e in ev]
    good = [ev for ok, ev in results if ok]
    return (True, good[0]) if good else (False, [e for _, ev in results for e in ev])


def _forbidden(ctx: _Ctx, check: Forbidden) -> Outcome:
    hits = [n for scope in ctx.index.scopes(check.within) for n in _found(ctx, scope, check)]
    note = check.note or "forbidden"
    return not hits, [Evidence(n.line, _line(n), note, "extra") for n in hits]


def _children(ctx: _Ctx, check: Children) -> Outcome:
    roles = set(check.roles)
    bad: list[Evidence] = []
    selected = 0
    for scope in ctx.index.scopes(check.within):
        for block in ctx.index.matching(scope, check.select):
            if roles and _role(ctx, check, block) not in roles:
                continue
            if check.only_if and not ctx.index.matching(block, check.only_if):
                continue
            if check.unless and ctx.index.matching(block, check.unless):
                continue
            selected += 1
            hits = ctx.index.matching(block, check.match)
            if check.forbid and hits:
                head, note = _line(block), check.note or "forbidden"
                bad += [
                    Evidence(n.line, f"{head}: {n.text}", note, "extra", "", head) for n in hits
                ]
            elif not check.forbid and not hits:
                note = check.note or f"lacks /{check.match.pattern}/"
                head = _line(block)
                bad.append(Evidence(block.line, head, note, "missing", check.match.pattern, head))
    if roles and selected == 0:
        return None
    return not bad, bad or [Evidence(0, f"{selected} block(s) checked")]


def _role(ctx: _Ctx, check: Children, block: Node) -> str | None:
    m = check.select.search(block.text)
    name = m.groupdict().get("name") if m else None
    return ctx.target.interface_roles.get(name.lower()) if name else None


def _count(ctx: _Ctx, check: Count) -> Outcome:
    hits = [n for scope in ctx.index.scopes(check.within) for n in _found(ctx, scope, check)]
    evidence = [Evidence(n.line, _line(n)) for n in hits]
    low = ctx.threshold(check.min) if check.min is not None else None
    high = ctx.threshold(check.max) if check.max is not None else None
    if low is not None and len(hits) < low:
        note = f"{len(hits)} found, at least {low:g} required"
        return False, [*evidence, Evidence(0, f"/{check.match.pattern}/", note)]
    if high is not None and len(hits) > high:
        return False, [
            Evidence(e.line, e.text, f"{len(hits)} found, at most {high:g}") for e in evidence
        ]
    return True, evidence


def _compare(ctx: _Ctx, check: Compare) -> Outcome:
    limit = ctx.threshold(check.value)
    scopes = ctx.index.scopes(check.within)
    if not scopes:
        return check.absent == "pass", [_absent(check, None)]
    ok, evidence = True, []
    for scope in scopes:
        hits = [
            (n, m)
            for n in ctx.index.candidates(scope, check.match)
            if (m := check.match.search(n.text))
        ]
        if not hits:
            ok &= check.absent == "pass"
            evidence.append(_absent(check, scope))
            continue
        for node, m in hits:
            value = float(m["value"]) / check.divisor
            good = OPS[check.op](
                float("inf") if check.zero_is_infinite and value == 0 else value, limit
            )
            note = "" if good else f"{value:g} is not {OP_TEXT[check.op]} {limit:g}"
            ok &= good
            evidence.append(Evidence(node.line, _line(node), note))
    return ok, evidence


def _absent(check: Compare, scope: Node | None) -> Evidence:
    if check.absent == "pass":
        return Evidence(
            0, f"/{check.match.pattern}/ absent", check.absent_note or "default applies"
        )
    return _missing(check, scope)


def apply_waivers(
    results: list[RuleResult], waivers: Iterable[Waiver], today: dt.date
) -> tuple[list[RuleResult], set[Waiver]]:
    """Waived failures become WAIVED; an expired waiver stops counting (the failure stays)."""
    waivers = list(waivers)
    expired_used: set[Waiver] = set()
    out: list[RuleResult] = []
    for r in results:
        waiver = next((w for w in waivers if w.covers(r.rule, r.host)), None)
        if waiver is None or r.status is not Status.FAIL:
            out.append(r)
        elif waiver.expired(today):
            expired_used.add(waiver)
            note = f"waiver expired on {waiver.expires.isoformat()} (approved by {waiver.approver})"
            out.append(
                RuleResult(r.host, r.rule, r.severity, Status.FAIL, r.evidence, waiver, note)
            )
        else:
            out.append(
                RuleResult(r.host, r.rule, r.severity, Status.WAIVED, r.evidence, waiver, r.message)
            )
    return out, expired_used
