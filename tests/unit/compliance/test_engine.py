"""Profiles, site overrides, rule-file errors, waivers, and the regex index."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest

from bluewire.compliance.engine import Target, apply_waivers, evaluate
from bluewire.compliance.index import literal_head
from bluewire.compliance.loader import RuleBook, load_rulebook, resolve_profile
from bluewire.compliance.model import Policy, Profile, Waiver
from bluewire.compliance.results import RuleResult, Status
from bluewire.errors import ComplianceError
from tests.unit.compliance.conftest import Evaluate, compliant, mutate


def test_profile_parameters_change_outcomes(run_rule: Evaluate) -> None:
    ios = compliant("ios")  # exec-timeout 10, lockout after 3
    assert run_rule("SEC-IDLE-TO", "ios", ios, profile="cjis").status is Status.PASS
    stig = run_rule("SEC-IDLE-TO", "ios", ios, profile="stig")
    assert stig.status is Status.FAIL
    assert any("10 is not <= 5" in e.note for e in stig.evidence)
    # the STIG's idle limit is per platform: 10 minutes on the SRX
    assert (
        run_rule("SEC-IDLE-TO", "junos", compliant("junos"), profile="stig").status is Status.PASS
    )
    five = mutate(ios, "attempts 3 within", "attempts 5 within")
    assert run_rule("SEC-LOCKOUT", "ios", five, profile="cjis").status is Status.PASS
    assert run_rule("SEC-LOCKOUT", "ios", five, profile="stig").status is Status.FAIL
    one_syslog = mutate(ios, "logging host 10.250.0.22\n", "")
    assert run_rule("SEC-SYSLOG-2", "ios", one_syslog, profile="cjis").status is Status.PASS
    assert run_rule("SEC-SYSLOG-2", "ios", one_syslog, profile="stig").status is Status.FAIL


def test_absent_setting_uses_the_platform_default(run_rule: Evaluate) -> None:
    dell = compliant("dellos10")
    assert "max-retry" not in dell
    result = run_rule("SEC-LOCKOUT", "dellos10", dell, profile="stig")
    assert result.status is Status.PASS
    assert any(e.line == 0 and "default of 3" in e.note for e in result.evidence)


def _rules_for(book: RuleBook, policy: Policy | None, profile: str, rule_id: str) -> RuleResult:
    rules, params = resolve_profile(book, policy, profile)
    target = Target("dut", "ios", compliant("ios"), {})
    (result,) = evaluate(target, [r for r in rules if r.id == rule_id], params)
    return result


def test_site_overrides_a_parameter_and_adds_a_profile(book: RuleBook) -> None:
    assert _rules_for(book, None, "cjis", "SEC-IDLE-TO").status is Status.PASS
    strict = Policy(parameters={"cjis": {"idle_timeout_max_min": 5}})
    assert _rules_for(book, strict, "cjis", "SEC-IDLE-TO").status is Status.FAIL
    own = Policy(profiles={"pd": Profile(extends="stig", parameters={"idle_timeout_max_min": 10})})
    assert _rules_for(book, own, "pd", "SEC-IDLE-TO").status is Status.PASS
    rules, params = resolve_profile(book, own, "pd")
    assert params["password_min_length"] == 15 and len(rules) == 35


def test_unknown_profile_and_rule_are_errors(book: RuleBook) -> None:
    with pytest.raises(ComplianceError, match="unknown compliance profile 'nope'"):
        resolve_profile(book, None, "nope")
    bad = Policy(profiles={"x": Profile(rules=("SEC-NOPE",))})
    with pytest.raises(ComplianceError, match="SEC-NOPE"):
        resolve_profile(book, bad, "x")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def test_rule_file_errors_give_file_and_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """\
        rules:
          - id: SEC-ONE
            title: one
            severity: critical
            references: {}
          - id: SEC-TWO
            title: two
            severity: low
            references: {}
            platforms:
              ios:
                - kind: required
                  match: '^(unclosed'
          - id: SEC-OK
            title: fine
            severity: low
            references: {}
          - id: SEC-OK
            title: again
            severity: low
            references: {}
        surprise: true
        """,
    )
    with pytest.raises(ComplianceError) as exc:
        load_rulebook([path])
    lines = exc.value.lines()
    assert any(line.startswith("bad.yaml:4:") and "severity" in line for line in lines), lines
    assert any(line.startswith("bad.yaml:13:") and "match" in line for line in lines), lines
    assert any(
        line.startswith("bad.yaml:18:") and "duplicate rule SEC-OK" in line for line in lines
    )
    assert any(
        line.startswith("bad.yaml:22:") and "unknown key 'surprise'" in line for line in lines
    )


def test_malformed_yaml_gives_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "rules:\n  - id: SEC-X\n    title: [unclosed\n")
    with pytest.raises(ComplianceError) as exc:
        load_rulebook([path])
    assert exc.value.lines()[0].startswith("bad.yaml:")
    assert "malformed YAML" in exc.value.lines()[0]


def test_builtin_rule_files_load() -> None:
    book = load_rulebook()
    assert {"cjis", "stig"} <= set(book.profiles)
    assert all(r.references.cjis and r.references.nist for r in book.rules)


def _failure(rule: str = "SEC-8021X", host: str = "d3-access-1") -> RuleResult:
    return RuleResult(host, rule, "high", Status.FAIL, message="lacks dot1x")


def test_waiver_waives_until_it_expires() -> None:
    waiver = Waiver(
        rule="SEC-8021X",
        hosts=("d3-access-1",),
        justification="legacy encoders without a supplicant",
        approver="CJIS ISO",
        expires=dt.date(2027, 3, 31),
    )
    results = [_failure(), _failure(host="d5-access-1"), _failure(rule="SEC-STORM")]
    before, expired = apply_waivers(results, [waiver], dt.date(2027, 3, 31))
    assert [r.status for r in before] == [Status.WAIVED, Status.FAIL, Status.FAIL]
    assert not expired
    after, expired = apply_waivers(results, [waiver], dt.date(2027, 4, 1))
    assert after[0].status is Status.FAIL
    assert after[0].waiver == waiver and "expired on 2027-03-31" in after[0].message
    assert expired == {waiver}


def test_literal_head_narrows_only_when_safe() -> None:
    assert literal_head("^ntp server ") == "ntp"
    assert literal_head("^no ip http server$") == "no"
    assert literal_head("(?is)^banner (login|motd)") == "banner"
    assert literal_head("^username$") == "username"
    assert literal_head(r"^ntp\s+server") == "ntp"
    assert literal_head("^(tacacs|radius) server") is None
    assert literal_head("^ip.ssh") is None
    assert literal_head("log-out-on-disconnect") is None
    assert re.compile("^interface (?P<name>\\S+)$").search("interface Gi1/0/1")
