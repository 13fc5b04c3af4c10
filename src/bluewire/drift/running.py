"""Compliance on what runs: the site profile on the running configs, beside the golden ones.

The same profile, parameters and waivers as `check` (compliance.runner). A rule the running
config fails while the golden config passes was broken on the device, not in the repository:
it is flagged `running_only`, the finding a nightly run exists to surface.
"""

from __future__ import annotations

from bluewire.compliance.results import ComplianceReport, RuleResult
from bluewire.drift.model import Violation

EVIDENCE_SHOWN = 5


def running_violations(
    running: ComplianceReport, golden: ComplianceReport
) -> dict[str, list[Violation]]:
    """host -> the rules its running config fails, in rule order; every host of `running` keyed."""
    golden_fails = {(r.host, r.rule) for r in golden.violations}
    out: dict[str, list[Violation]] = {host: [] for host in running.hosts}
    for result in sorted(running.violations, key=lambda r: (r.host, r.rule)):
        out.setdefault(result.host, []).append(
            _violation(running, result, (result.host, result.rule) not in golden_fails)
        )
    return out


def _violation(report: ComplianceReport, result: RuleResult, running_only: bool) -> Violation:
    evidence = [str(e) for e in result.evidence[:EVIDENCE_SHOWN]]
    if len(result.evidence) > EVIDENCE_SHOWN:
        evidence.append(f"(+{len(result.evidence) - EVIDENCE_SHOWN} more)")
    return Violation(
        rule=result.rule,
        severity=result.severity,
        title=report.rules[result.rule].title,
        evidence=evidence,
        running_only=running_only,
    )
