"""Results with something in every section, for the page tests (unit and Chromium)."""

from __future__ import annotations

from bluewire.compliance.results import ComplianceReport
from bluewire.compliance.runner import run_compliance
from bluewire.inventory.load import load_inventory
from bluewire.plan.model import HostPlan, Plan, Risk
from bluewire.project import Project
from bluewire.report.model import Finding, Kind, Report

TEMPLATE_ERROR = "templates/ios/_ntp.j2:6: 'ntp_keyid' is undefined"
LONG_LINE = "description " + "x" * 300  # a long unbreakable config line must not widen the page


def check_report() -> Report:
    hosts = [f"access-{i}" for i in range(13)] + ["leaf-1", "old-1"]
    findings = [Finding(h, Kind.TEMPLATE, f"{TEMPLATE_ERROR} (host {h})") for h in hosts[:13]]
    findings += [
        Finding("leaf-1", Kind.STALE, "golden_configs/leaf-1.cfg is out of date",
                f"--- a\n+++ b\n-hostname leaf-0\n+hostname leaf-1\n+ {LONG_LINE}\n"),
        Finding("old-1", Kind.ORPHANED, "golden_configs/old-1.cfg has no host in the inventory"),
        Finding("", Kind.COMPLIANCE, "waiver SEC-8021X on access-1 until 2027-03-31 <ok>",
                blocking=False),
    ]  # fmt: skip
    return Report("check", hosts, findings)


def plan() -> Plan:
    vty = (
        "--- running\n+++ intended\n line vty 0 4\n- access-class MGMT in\n+ access-class NEW in\n"
    )
    user = "--- running\n+++ intended\n-username temp-vendor privilege 15\n"
    hosts = {
        "core-1": HostPlan(
            platform="ios",
            remediation=["line vty 0 4", " access-class NEW in"],
            rollback=["line vty 0 4", " access-class MGMT in"],
            diff=vty,
            risks=[Risk.MGMT_LOCKOUT],
            risk_evidence={str(Risk.MGMT_LOCKOUT): ["line vty 0 4 > access-class NEW in"]},
            compliance=["+SEC-VTY-ACL"],
        ),
        "fw-1": HostPlan(platform="junos", error="timed out waiting for the device <prompt>"),
        "quiet-1": HostPlan(platform="eos"),
    }
    for i in range(6):
        hosts[f"access-{i}"] = HostPlan(
            platform="ios",
            remediation=["no username temp-vendor privilege 15", f"interface Gi1/0/{i}", " " + LONG_LINE],
            rollback=["username temp-vendor privilege 15"],
            diff=user + f" interface Gi1/0/{i}\n+ {LONG_LINE}\n",
            compliance=["-SEC-LOCAL-ACCT"],
        )  # fmt: skip
    return Plan(commit="c" * 40, hosts=hosts).sealed()


def compliance_report(project: Project) -> ComplianceReport:
    """The example network's golden configs, d1-access-1 broken two ways (missing and extra)."""
    inventory = load_inventory(project)
    configs = {h: project.golden_path(h).read_text() for h in inventory.hosts}
    configs["d1-access-1"] = (
        configs["d1-access-1"]
        .replace(
            "username breakglass", "username temp-vendor privilege 15 secret 9 X\nusername breakglass"
        )
        .replace(" switchport nonegotiate\n shutdown\n", " switchport nonegotiate\n", 1)
    )  # fmt: skip
    return run_compliance(project, inventory, configs)
