"""One platform registry: every per-concern table covers every platform, and agrees with it.

Adding a platform to `bluewire.platforms` without its diff rules, sanitizer rules, risk patterns,
compliance checks, templates, NAPALM driver, or lab grammar and front fails here, by name.
"""

from __future__ import annotations

from pathlib import Path

import napalm
import pytest
import yaml

from bluewire import diff, sanitize
from bluewire.compliance.loader import builtin_rulebook
from bluewire.config import tree
from bluewire.lab import fleet
from bluewire.plan import risk
from bluewire.platforms import NAMES, PROFILES, Dialect, Platform, profile

REPO = Path(__file__).resolve().parents[2]
ALL = set(Platform)
LAB_PLATFORMS = REPO / "src" / "bluewire" / "lab" / "platforms"


def test_every_platform_has_a_profile() -> None:
    assert set(PROFILES) == ALL
    assert set(NAMES) == {p.value for p in Platform}
    for platform, prof in PROFILES.items():
        assert prof.platform is platform
        assert profile(platform.value) is prof


def test_an_unknown_platform_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown platform 'nxos'"):
        profile("nxos")


@pytest.mark.parametrize("platform", sorted(ALL))
def test_diff_rules_cover_the_platform_with_its_indent(platform: Platform) -> None:
    rules = diff.rules_for(platform)
    prof = PROFILES[platform]
    if prof.dialect is Dialect.INDENT:
        assert rules.indent == prof.indent
    assert set(diff.RULES) == ALL


@pytest.mark.parametrize("platform", sorted(ALL))
def test_sanitizer_rules_cover_the_platform(platform: Platform) -> None:
    assert sanitize.rules_for(platform).secrets
    data = yaml.safe_load(sanitize.RULES_FILE.read_text(encoding="utf-8"))
    assert {k for k in data if not k.startswith("_")} == ALL


def test_risk_patterns_cover_every_platform() -> None:
    covered = risk.platforms_covered()
    assert covered["lockout"] == ALL
    assert covered["routing"] == ALL


def test_compliance_rules_cover_every_platform() -> None:
    """Some rules do not apply to every platform (no 802.1X on a firewall); none is left out."""
    covered = {p for rule in builtin_rulebook().rules for p in rule.platforms}
    assert covered == ALL


@pytest.mark.parametrize("platform", sorted(ALL))
def test_templates_and_napalm_driver_exist(platform: Platform) -> None:
    assert (REPO / "templates" / platform.value).is_dir()
    driver = napalm.get_network_driver(PROFILES[platform].napalm_driver)
    assert callable(driver.get_config)


@pytest.mark.parametrize("platform", sorted(ALL))
def test_parser_reads_the_platform_dialect(platform: Platform) -> None:
    prof = PROFILES[platform]
    text = "a {\n    b;\n}\n" if prof.braces else "a\n" + " " * prof.indent + "b\n"
    root = tree.parse(text, platform)
    assert [(d, n.text) for d, n in root.walk()] == [(0, "a"), (1, "b")]


@pytest.mark.parametrize("platform", sorted(ALL))
def test_lab_simulates_the_platform(platform: Platform) -> None:
    """The lab's own tables (read here, owned by the lab) agree with the registry."""
    prof = PROFILES[platform]
    record = fleet.platform(platform)
    assert record.name == platform
    assert prof.lab_front == f"bluewire.lab.platforms.{platform}"
    assert all(record.default_model)
    grammar = fleet.grammar_for(platform)
    name = "schema.yaml" if prof.braces else "grammar.yaml"
    data = yaml.safe_load((LAB_PLATFORMS / platform / name).read_text(encoding="utf-8"))
    assert data["platform"] == platform
    if prof.dialect is Dialect.INDENT:
        assert getattr(grammar, "indent", None) == prof.indent
