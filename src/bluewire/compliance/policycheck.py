"""What the policy file's model cannot see alone: its names against the rules and the inventory.

A waiver for a rule or host that does not exist waives nothing and hides a typo; a parameter
override with a misspelt name silently keeps the profile's value; a waiver expiring decades ahead
is a permanent exception nobody reviews. Each is a `file:line` error in compliance.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bluewire.compliance.loader import RuleBook
from bluewire.compliance.model import Compare, Count, Policy
from bluewire.errors import ComplianceError, Problem
from bluewire.hints import did_you_mean
from bluewire.inventory.yamlfile import PathKey, YamlDoc

ALL_HOSTS = "all"


def check_policy(
    policy: Policy, doc: YamlDoc, book: RuleBook, hosts: Iterable[str], today: dt.date
) -> None:
    """ComplianceError listing every name in the policy that points at nothing."""
    profiles = {*book.profiles, *policy.profiles}
    problems = _profiles(policy, doc, profiles)
    problems += _parameters(policy, doc, book, profiles)
    problems += _waivers(policy, doc, book, {*hosts, ALL_HOSTS}, today)
    if problems:
        raise ComplianceError("bad compliance policy", problems)


def _at(doc: YamlDoc, path: PathKey, message: str) -> Problem:
    return Problem(doc.file, doc.line_of(path), message, ".".join(map(str, path)))


def _profiles(policy: Policy, doc: YamlDoc, profiles: set[str]) -> list[Problem]:
    problems = []
    if policy.profile not in profiles:
        hint = did_you_mean(policy.profile, profiles)
        problems.append(_at(doc, ("profile",), f"unknown profile '{policy.profile}'{hint}"))
    for name, own in policy.profiles.items():
        if own.extends is not None and own.extends not in profiles:
            hint = did_you_mean(own.extends, profiles)
            where = ("profiles", name, "extends")
            problems.append(_at(doc, where, f"unknown profile '{own.extends}'{hint}"))
    return problems


def known_parameters(book: RuleBook, policy: Policy) -> set[str]:
    """Every parameter a profile sets or a rule reads."""
    names = {
        p for prof in (*book.profiles.values(), *policy.profiles.values()) for p in prof.parameters
    }
    for rule in book.rules:
        for checks in rule.platforms.values():
            for check in checks:
                if isinstance(check, Compare):
                    names.add(str(check.value))
                elif isinstance(check, Count):
                    names |= {str(check.min), str(check.max)}
    return {n for n in names if n[:1].isalpha()}


def _parameters(policy: Policy, doc: YamlDoc, book: RuleBook, profiles: set[str]) -> list[Problem]:
    problems = []
    known = known_parameters(book, policy)
    for profile, values in policy.parameters.items():
        if profile not in profiles:
            hint = did_you_mean(profile, profiles)
            problems.append(_at(doc, ("parameters", profile), f"unknown profile '{profile}'{hint}"))
            continue
        for name in values:
            if name not in known:
                hint = did_you_mean(name, known)
                where = ("parameters", profile, name)
                problems.append(_at(doc, where, f"unknown parameter '{name}'{hint}"))
    return problems


def _waivers(
    policy: Policy, doc: YamlDoc, book: RuleBook, hosts: set[str], today: dt.date
) -> list[Problem]:
    problems = []
    rules = {r.id for r in book.rules}
    limit = today + dt.timedelta(days=policy.waiver_max_days)
    for i, waiver in enumerate(policy.waivers):
        if waiver.rule not in rules:
            hint = did_you_mean(waiver.rule, rules)
            problems.append(_at(doc, ("waivers", i, "rule"), f"unknown rule '{waiver.rule}'{hint}"))
        for j, host in enumerate(waiver.hosts):
            if host not in hosts:
                hint = did_you_mean(host, hosts - {ALL_HOSTS})
                where = ("waivers", i, "hosts", j)
                problems.append(_at(doc, where, f"no host '{host}' in the inventory{hint}"))
        if waiver.expires > limit:
            problems.append(
                _at(
                    doc,
                    ("waivers", i, "expires"),
                    f"expires {waiver.expires.isoformat()}, more than {policy.waiver_max_days} "
                    f"days ahead (after {limit.isoformat()}): a waiver is reviewed and renewed, "
                    "not granted for good (waiver_max_days sets the limit)",
                )
            )
    return problems
