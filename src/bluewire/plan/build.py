"""Pure plan building: one host's running and intended configs in, a HostPlan out."""

from __future__ import annotations

from dataclasses import dataclass

from bluewire import diff, sanitize
from bluewire.config.value import Config
from bluewire.plan.model import HostPlan, Risk, sha256
from bluewire.plan.risk import RiskRules, assess, changed_paths
from bluewire.secrets import masked


def redact(text: str, platform: str) -> str:
    """A device's config made safe to store: secrets masked by position (the sanitizer's rules).

    Never by value: a known secret that is also ordinary text (`10` as an NTP key) would mask
    `vlan 10` too and turn a clean plan into a large, wrong one.
    """
    return sanitize.sanitize(text, platform) if text.strip() else text


def intended_form(intended: str, platform: str) -> str:
    """The intended config as a plan hashes and diffs it (secret placeholders masked)."""
    return sanitize.sanitize(intended, platform)


@dataclass(frozen=True)
class PlannedHost:
    """One host's plan plus the configs it was made from, parsed once (compliance reuses them)."""

    plan: HostPlan
    running: Config  # sanitized
    intended: Config  # as rendered (secret placeholders kept)


def candidate_for(mode: str, intended: str, running_raw: str, platform: str) -> str:
    """What to load on the device: the whole golden config (replace), or the remediation (merge).

    Merge loads only the commands that turn the (sanitized) running config into the golden one.
    """
    if mode != "merge":
        return intended
    commands = diff.remediation(sanitize.sanitize(running_raw, platform), intended, platform)
    return "\n".join(commands) + "\n" if commands else ""


def build_host_plan(
    platform: str,
    intended: str,
    running_raw: str,
    device_diff_raw: str,
    *,
    mode: str,
    rules: RiskRules,
) -> HostPlan:
    """Diff, remediation, rollback, hashes and risks for one host; secrets never in the result."""
    return plan_configs(
        platform,
        intended,
        running_raw,
        device_diff_raw,
        mode=mode,
        rules=rules,
    ).plan


def plan_configs(
    platform: str,
    intended: str,
    running_raw: str,
    device_diff_raw: str,
    *,
    mode: str,
    rules: RiskRules,
) -> PlannedHost:
    """`build_host_plan`, also returning the parsed configs, each side parsed once."""
    running = Config(redact(running_raw, platform), platform)
    device_diff = (
        sanitize.sanitize_diff(device_diff_raw, platform) if device_diff_raw.strip() else ""
    )
    return plan_sanitized(platform, intended, running, device_diff, mode=mode, rules=rules)


def plan_sanitized(
    platform: str,
    intended: str,
    running: Config,
    device_diff: str = "",
    *,
    mode: str,
    rules: RiskRules,
) -> PlannedHost:
    """`plan_configs` from a running config already passed through `redact` (drift redacts
    once, then hashes, diffs, backs up and checks compliance on that one text).

    A host with nothing to change gets its hashes only: no diff, rollback or risk to compute
    (most hosts of a nightly drift run, which would otherwise parse and walk each one twice more).
    When the running text is the golden text, secret names aside, nothing is parsed at all.
    """
    golden_text = intended_form(intended, platform)  # what is hashed and shown
    rendered = Config(intended, platform)  # what remediation pushes (placeholders kept)
    hashes = {"intended_sha256": sha256(golden_text), "running_sha256": sha256(running.text)}
    in_sync = PlannedHost(HostPlan(platform=platform, mode=mode, **hashes), running, rendered)
    if not device_diff.strip() and running.text == golden_text == masked(intended):
        return in_sync  # (sanitizing took nothing but placeholder names from the golden text)
    remediation = diff.remediation(running, rendered, platform)
    if not remediation and not device_diff.strip():
        return in_sync
    golden = Config(golden_text, platform)
    risks = assess(changed_paths(running, golden, platform), platform, rules)
    plan = HostPlan(
        platform=platform,
        mode=mode,
        **hashes,
        device_diff=device_diff,
        diff=diff.diff_text(running, golden, platform),
        remediation=remediation,
        rollback=diff.rollback(running, rendered, platform),
        risks=sorted(risks, key=list(Risk).index),
        risk_evidence={str(k): v for k, v in risks.items()},
    )
    return PlannedHost(plan, running, rendered)


def add_ha_risk(plans: dict[str, HostPlan], peers: dict[str, str]) -> dict[str, HostPlan]:
    """Flag hosts whose HA peer changes in the same plan (both members of a pair at once)."""
    changed = {h for h, p in plans.items() if p.changed}
    out = dict(plans)
    for host in sorted(changed):
        peer = peers.get(host)
        if peer in changed:
            plan = out[host]
            evidence = {**plan.risk_evidence, str(Risk.HA_PAIR): [f"{host} and {peer} both change"]}
            risks = sorted({*plan.risks, Risk.HA_PAIR}, key=list(Risk).index)
            out[host] = plan.model_copy(update={"risks": risks, "risk_evidence": evidence})
    return out
