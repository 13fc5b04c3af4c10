"""The plan as a merge-request comment, in the shape Atlantis users know.

Summary and warnings first, a table of hosts riskiest first (bold only for the risks that can
lock us out or drop routing), changes shared by several hosts listed once, then one folded block
per host with its risk evidence, compliance delta, coloured diff, remediation and rollback, and
the next steps last.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from bluewire.plan.model import HostPlan, Plan
from bluewire.plan.summary import (
    DIRTY,
    SERIOUS,
    compliance_words,
    line_counts,
    riskiest_first,
    shared_changes,
    status,
)
from bluewire.report.markdown import (
    NOTE_LIMIT,
    add_within_budget,
    cell,
    code_span,
    fence,
    html_text,
)

NOTE_MARKER = "<!-- bluewire-plan -->"
KEY_PREFIX = "<!-- bluewire-plan-key: "
SHOWN_HOSTS = 12  # host names listed for a shared change before "and N more"
SHOWN_SHARED = 10  # shared changes listed, the most widespread first


@dataclass(frozen=True)
class NoteContext:
    """What the pipeline knows beyond the plan, for the stale / behind-target warnings."""

    head_commit: str | None = None  # the commit the pipeline runs for (CI_COMMIT_SHA)
    target_branch: str | None = None  # the MR's target branch
    behind: int | None = None  # commits on the target branch that this branch lacks


def summary(plan: Plan) -> str:
    changed, failed = len(plan.changed_hosts), len(plan.failed_hosts)
    clean = len(plan.hosts) - changed - failed
    return f"{len(plan.hosts)} host(s) planned: {changed} to change, {clean} unchanged, {failed} failed"


def content_key(plan: Plan) -> str:
    """A hash of what the plan would do (not of the commit it was made from).

    Two pushes whose plans change the same hosts the same way share a key: the MR note is then
    refreshed in place instead of notifying every reviewer again.
    """
    payload = {
        h: [p.error, p.remediation, p.device_diff, [str(r) for r in p.risks], p.compliance]
        for h, p in plan.hosts.items()
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def warnings(plan: Plan, context: NoteContext | None) -> list[str]:
    """Reasons the reader should not trust this plan as the final word."""
    out = []
    if plan.dirty:
        out.append(DIRTY)
    if context and context.head_commit and context.head_commit != plan.commit:
        out.append(
            f"**stale**: made from `{plan.commit[:12]}` but the branch is now at "
            f"`{context.head_commit[:12]}`; re-run the plan job"
        )
    if context and context.behind:
        out.append(
            f"**behind target**: `{context.target_branch}` has {context.behind} commit(s) this "
            "branch lacks; rebase and re-plan, or apply may refuse the plan as stale"
        )
    if plan.failed_hosts:
        out.append(f"{len(plan.failed_hosts)} host(s) could not be planned; see the table")
    return out


def _risk_cell(p: HostPlan) -> str:
    return ", ".join(f"**{r}**" if r in SERIOUS else str(r) for r in p.risks)


def _table(plan: Plan) -> list[str]:
    rows = [
        "| host | platform | status | commands | lines +/− | risks |",
        "|---|---|---|---:|---:|---|",
    ]
    for name, p in riskiest_first(plan):
        if p.error is None and not p.changed:
            continue
        if p.error is not None:
            rows.append(f"| {name} | {p.platform} | error: {cell(p.error)} | – | – | |")
            continue
        added, removed = line_counts(p)
        rows.append(
            f"| {name} | {p.platform} | {status(p)} | {len(p.remediation)} | +{added} −{removed} "
            f"| {_risk_cell(p)} |"
        )
    unchanged = [h for h, p in plan.hosts.items() if p.error is None and not p.changed]
    if unchanged:
        rows += ["", f"Unchanged: {', '.join(unchanged)}."]
    return rows


def _shared(plan: Plan) -> list[str]:
    shared = shared_changes(plan)
    if not shared:
        return []
    out = ["#### Changes shared by several hosts", ""]
    for s in shared[:SHOWN_SHARED]:
        names = ", ".join(s.hosts[:SHOWN_HOSTS])
        more = f" and {len(s.hosts) - SHOWN_HOSTS} more" if len(s.hosts) > SHOWN_HOSTS else ""
        first = cell(s.commands[0])
        extra = f" (+{len(s.commands) - 1} line(s))" if len(s.commands) > 1 else ""
        out.append(f"- `{first}`{extra} on **{len(s.hosts)} {s.platform} hosts**: {names}{more}")
    if len(shared) > SHOWN_SHARED:
        out.append(
            f"- … and {len(shared) - SHOWN_SHARED} more shared on fewer hosts (in each block)"
        )
    return [*out, ""]


def identical_groups(plan: Plan) -> list[tuple[list[str], HostPlan]]:
    """Changed hosts riskiest first, hosts whose whole change is identical merged into one."""
    groups: dict[str, tuple[list[str], HostPlan]] = {}
    for name, p in riskiest_first(plan):
        if p.changed:
            key = p.model_dump_json(exclude={"intended_sha256", "running_sha256"})
            groups.setdefault(key, ([], p))[0].append(name)
    return list(groups.values())


def _details(names: list[str], p: HostPlan) -> str:
    risks = f" — {', '.join(p.risks)}" if p.risks else ""
    who = f"{len(names)} hosts with the same change: " if len(names) > 1 else ""
    parts = [
        f"<details><summary>{who}<b>{html_text(', '.join(names))}</b> ({p.platform}): "
        f"{len(p.remediation)} command(s){html_text(risks)}</summary>",
        "",
    ]
    for risk, evidence in p.risk_evidence.items():
        parts.append(f"- **{risk}** because of:")
        parts += [f"  - {code_span(e)}" for e in evidence]
    fixes, breaks = compliance_words(p)
    if fixes or breaks:
        words = [f"fixes {r}" for r in fixes] + [f"**breaks {r}**" for r in breaks]
        parts.append(f"- compliance: {', '.join(words)}")
    parts += ["", fence(p.diff or p.device_diff, "diff"), ""]
    parts += _commands("Remediation (what apply sends)", p.remediation)
    parts += _commands("Rollback (undoes the remediation)", p.rollback)
    return "\n".join([*parts, "</details>", ""])


def _commands(title: str, commands: list[str]) -> list[str]:
    if not commands:
        return []
    return [f"{title}:", "", fence("\n".join(commands)), ""]


NEXT_STEPS = [
    "#### Next steps",
    "",
    "- **Apply**: merge this MR; the deploy pipeline applies exactly this plan "
    "(`bluewire apply --plan plan.json`) after a manual approval, and refuses it if it is stale.",
    "- **Re-plan**: push a commit, or re-run the `plan` job (a new comment is posted when the "
    "plan changes; this one is then folded).",
    "- **Roll back** after an apply: each host's rollback commands are in its block above; "
    "`bluewire restore HOST --at COMMIT` restores a device to a committed golden config.",
]


def to_markdown(plan: Plan, context: NoteContext | None = None) -> str:
    """The MR comment: summary, warnings, table, shared changes, per-host blocks, next steps."""
    head = [
        NOTE_MARKER,
        f"{KEY_PREFIX}{content_key(plan)} -->",
        "### bluewire plan",
        "",
        f"{summary(plan)} — commit `{plan.commit[:12]}`, target {plan.target}",
        "",
    ]
    head += [f"> :warning: {w}" for w in warnings(plan, context)]
    head += ["", *_table(plan), "", *_shared(plan)]
    changed = identical_groups(plan)
    if changed:
        count = sum(len(names) for names, _ in changed)
        head += [f"<details><summary>Diffs of the {count} changed host(s)</summary>", ""]
    body = list(head)
    tail = ["</details>", ""] if changed else []
    tail += NEXT_STEPS
    budget = NOTE_LIMIT - sum(len(x) + 1 for x in tail) - 200
    omitted = add_within_budget(body, (_details(n, p) for n, p in changed), budget)
    if omitted:
        body.append(
            f"_{omitted} host diff(s) omitted to stay under GitLab's note size limit; "
            "the full plan is in the `plan.json` artifact._"
        )
    return "\n".join([*body, *tail]) + "\n"
