"""Plan file: digest, staleness, risk flags and views (no devices needed)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from bluewire.errors import StalePlanError
from bluewire.plan.build import add_ha_risk
from bluewire.plan.model import HostPlan, Plan, Risk, read_plan
from bluewire.plan.risk import assess, changed_paths, default_rules
from bluewire.plan.views import NOTE_MARKER, to_junit, to_markdown
from bluewire.report.markdown import NOTE_LIMIT

RUNNING = "hostname sw1\n!\nline vty 0 4\n access-class MGMT in\n!\nrouter ospf 1\n passive-interface default\n"


def _plan(**hosts: HostPlan) -> Plan:
    return Plan(commit="a" * 40, hosts=hosts).sealed()


def test_digest_detects_tampering(tmp_path: Path) -> None:
    plan = _plan(sw1=HostPlan(platform="ios", remediation=["hostname sw2"]))
    path = tmp_path / "plan.json"
    path.write_text(plan.to_json())
    assert read_plan(path) == plan
    path.write_text(plan.to_json().replace("hostname sw2", "hostname evil"))
    with pytest.raises(StalePlanError):
        read_plan(path)


def test_hosts_are_sorted_in_the_plan_file() -> None:
    plan = _plan(zz=HostPlan(platform="ios"), aa=HostPlan(platform="eos"))
    assert list(plan.hosts) == ["aa", "zz"]


def test_management_and_routing_risks_with_evidence() -> None:
    intended = RUNNING.replace("access-class MGMT in", "access-class NEW in").replace(
        "passive-interface default", "no passive-interface default"
    )
    risks = assess(changed_paths(RUNNING, intended, "ios"), "ios", default_rules())
    assert set(risks) == {Risk.MGMT_LOCKOUT, Risk.ROUTING}
    assert any("line vty 0 4 > access-class NEW in" in e for e in risks[Risk.MGMT_LOCKOUT])


def test_description_change_is_not_risky() -> None:
    running = "interface Gi1/0/1\n description a\n"
    intended = "interface Gi1/0/1\n description b\n"
    assert assess(changed_paths(running, intended, "ios"), "ios", default_rules()) == {}


def test_large_change_threshold() -> None:
    intended = RUNNING + "".join(f"vlan {i}\n name V{i}\n" for i in range(2, 40))
    risks = assess(changed_paths(RUNNING, intended, "ios"), "ios", default_rules(large_change=50))
    assert Risk.LARGE in risks


def test_both_members_of_an_ha_pair_flagged() -> None:
    plans = {h: HostPlan(platform="ios", remediation=["x"]) for h in ("core-1", "core-2", "acc-1")}
    out = add_ha_risk(plans, {"core-1": "core-2", "core-2": "core-1", "acc-1": ""})
    assert Risk.HA_PAIR in out["core-1"].risks and Risk.HA_PAIR in out["core-2"].risks
    assert Risk.HA_PAIR not in out["acc-1"].risks


def test_markdown_comment_stays_under_gitlab_limit() -> None:
    big = "\n".join(f"+ interface Gi1/0/{i}" for i in range(20_000))
    hosts = {
        f"sw{i:03d}": HostPlan(platform="ios", remediation=["x"], diff=f"{big}\n+ sw{i}")
        for i in range(100)
    }
    text = to_markdown(Plan(commit="b" * 40, hosts=hosts).sealed())
    assert text.startswith(NOTE_MARKER)
    assert len(text) < NOTE_LIMIT + 10_000
    assert "omitted" in text


def test_junit_changes_pass_with_their_diff_and_only_errors_and_breaks_fail() -> None:
    plan = _plan(
        a=HostPlan(platform="ios", remediation=["x"], diff="+x"),
        b=HostPlan(platform="eos"),
        c=HostPlan(platform="junos", error="could not connect"),
        d=HostPlan(platform="ios", remediation=["y"], diff="+y", compliance=["+SEC-X", "-SEC-Y"]),
    )
    suite = ET.fromstring(to_junit(plan).split("\n", 1)[1])
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "1", "1")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert [child.tag for child in cases["a"]] == ["system-out"]
    assert "+x" in (cases["a"].findtext("system-out") or "")
    assert list(cases["b"]) == []
    assert cases["c"].find("error") is not None
    failure = cases["d"].find("failure")
    assert failure is not None and "SEC-X" in failure.get("message", "")
    assert "SEC-Y" not in failure.get("message", "")
