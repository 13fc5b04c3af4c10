"""Compliant configs per platform (from the example network) and a helper to evaluate one rule."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bluewire.compliance.engine import Target, evaluate
from bluewire.compliance.loader import RuleBook, load_rulebook, resolve_profile
from bluewire.compliance.results import RuleResult

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "compliance"
PLATFORMS = ("ios", "eos", "junos", "dellos10")


def compliant(platform: str) -> str:
    return (FIXTURES / platform / "compliant.cfg").read_text()


def roles(platform: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((FIXTURES / platform / "roles.json").read_text())
    return data


def mutate(text: str, old: str, new: str, count: int = 1) -> str:
    """Apply a regex substitution that must change the config."""
    changed, n = re.subn(old, new, text, count=count)
    assert n, f"mutation /{old}/ found nothing"
    return changed


@pytest.fixture(scope="session")
def book() -> RuleBook:
    return load_rulebook()


Evaluate = Callable[..., RuleResult]


@pytest.fixture(scope="session")
def run_rule(book: RuleBook) -> Evaluate:
    def run(
        rule_id: str,
        platform: str,
        text: str,
        *,
        profile: str = "cjis",
        role_overrides: dict[str, str] | None = None,
    ) -> RuleResult:
        rules, params = resolve_profile(book, None, profile)
        rule = next(r for r in rules if r.id == rule_id)
        target = Target("dut", platform, text, {**roles(platform), **(role_overrides or {})})
        (result,) = evaluate(target, [rule], params)
        return result

    return run
