"""Bad templates, compliance policy, command lines, output paths and lab requests."""

from __future__ import annotations

from pathlib import Path

from tests.cli.bad_inputs import (
    HOSTS,
    POLICY,
    Case,
    Edit,
    append,
    link,
    pipe,
    remove,
    replace,
    write,
)

T = "templates/ios/access.j2"


def tpl(text: str) -> tuple[Edit, ...]:
    """The IOS access template with `text` (a `#!`-marked line) inserted after its header."""
    return (replace(T, "{{ base.header() -}}", "{{ base.header() -}}\n" + text),)


TEMPLATES = [
    Case("tpl-div-zero", tpl("{{ 1 // 0 }} {#!#}"), where=T, says="division"),
    Case("tpl-mod-zero", tpl("{{ 1 % 0 }} {#!#}"), where=T),
    Case(
        "tpl-recursive-macro",
        tpl("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }} {#!#}"),
        where=T,
        says="recurs",
        max_s=10,
    ),
    Case(
        "tpl-self-include",
        (
            write("templates/ios/_loop.j2", "{% include 'ios/_loop.j2' %} {#!#}\n"),
            replace(
                T, "{{ base.header() -}}", "{{ base.header() -}}\n{% include 'ios/_loop.j2' %}"
            ),
        ),
        where="templates/ios/_loop.j2",
        says="recurs",
        max_s=10,
    ),
    Case("tpl-undefined", tpl("{{ no_such_var }} {#!#}"), where=T, says="no_such_var"),
    Case("tpl-undefined-attr", tpl("{{ ntp.no_such_key }} {#!#}"), where=T, says="no_such_key"),
    Case("tpl-syntax", tpl("{% if %} {#!#}"), where=T),
    Case("tpl-unclosed-block", tpl("{% for x in vlans %}"), where=T, says="endfor"),
    Case(
        "tpl-missing-include", tpl("{% include 'ios/_nope.j2' %} {#!#}"), where=T, says="_nope.j2"
    ),
    Case("tpl-include-outside", tpl("{% include '../inventory/hosts.yaml' %} {#!#}"), where=T),
    Case("tpl-secret-bad-name", tpl("{{ secret('Bad-Name') }} {#!#}"), where=T, says="Bad-Name"),
    Case("tpl-secret-int", tpl("{{ secret(5) }} {#!#}"), where=T),
    Case("tpl-dunder", tpl("{{ cycler.__init__.__globals__ }} {#!#}"), where=T),
    Case("tpl-control-char", tpl('{{ "a\\x07b" }} {#!#}'), where=T, says="control"),
    Case("tpl-huge-string", tpl("{{ 'x' * 100000000 }} {#!#}"), where=T, max_s=10),
    Case("tpl-huge-power", tpl("{{ 10 ** 100000000 }} {#!#}"), where=T, max_s=10),
    Case(
        "tpl-huge-range", tpl("{% for i in range(10 ** 9) %}{% endfor %} {#!#}"), where=T, max_s=10
    ),
    Case("tpl-bad-filter-input", tpl("{{ 'x' | ip }} {#!#}"), where=T),
    Case("tpl-unknown-filter", tpl("{{ 1 | nofilter }} {#!#}"), where=T, says="nofilter"),
    Case("tpl-raise-type", tpl("{{ vlans + 1 }} {#!#}"), where=T),
    Case("tpl-latin1", (write(T, b"hostname caf\xe9\n"),), where=T, says="UTF-8"),
    Case("tpl-binary", (write(T, bytes(range(256))),), where=T),
    Case("tpl-a-folder", (remove(T), write(T + "/x", "")), where=T),
    Case("tpl-missing", (remove(T),), where=T, says="no such template"),
]


def waiver(
    rule: str = "SEC-8021X", hosts: str = "d3-access-1", expires: str = ""
) -> tuple[Edit, ...]:
    """A second waiver in the policy; the mark on the line of the field given."""
    mark = {
        "rule": " #!" if rule != "SEC-8021X" else "",
        "hosts": " #!" if hosts != "d3-access-1" else "",
    }
    text = (
        f"  - rule: {rule}{mark['rule']}\n    hosts: [{hosts}]{mark['hosts']}\n"
        "    justification: a long enough reason here\n    approver: J. Doe\n"
        f"    expires: {expires or '2027-01-01'}{' #!' if expires else ''}\n"
    )
    return (append(POLICY, text),)


POLICIES = [
    Case(
        "param-typo",
        (replace(POLICY, "idle_timeout_max_min: 15", "idle_timeout_max_minutes: 15 #!"),),
        where=POLICY,
        says="did you mean 'idle_timeout_max_min'",
    ),
    Case(
        "param-wrong-type",
        (replace(POLICY, "idle_timeout_max_min: 15", "idle_timeout_max_min: fifteen #!"),),
        where=POLICY,
    ),
    Case(
        "param-unknown-profile",
        (replace(POLICY, "  cjis:\n", "  cjsi: #!\n"),),
        where=POLICY,
        says="did you mean 'cjis'",
    ),
    Case(
        "profile-unknown",
        (replace(POLICY, "profile: cjis", "profile: cjsi #!"),),
        where=POLICY,
        says="cjis",
    ),
    Case(
        "policy-key-typo",
        (replace(POLICY, "\nwaivers:", "\nwaiver: #!"),),
        where=POLICY,
        says="did you mean 'waivers'",
    ),
    Case(
        "waiver-unknown-rule",
        waiver(rule="SEC-8021"),
        where=POLICY,
        says="did you mean 'SEC-8021X'",
    ),
    Case("waiver-unknown-host", waiver(hosts="d3-acess-1"), where=POLICY, says="d3-access-1"),
    Case("waiver-decades", waiver(expires="2099-12-31"), where=POLICY, says="2099-12-31"),
    Case("waiver-bad-date", waiver(expires="2027-02-30"), where=POLICY),
    Case("waiver-no-hosts", waiver(hosts=""), where=POLICY),
    Case(
        "waiver-key-typo",
        (replace(POLICY, "    approver: J. Alvarez", "    aprover: J. Alvarez #!"),),
        where=POLICY,
        says="did you mean 'approver'",
    ),
    Case(
        "policy-latin1", (write(POLICY, b"profile: cjis\n# caf\xe9\n"),), where=POLICY, says="UTF-8"
    ),
    Case("policy-binary", (write(POLICY, bytes(range(256)) * 2),), where=POLICY),
    Case("policy-a-list", (write(POLICY, "- cjis\n"),), where=POLICY),
    Case("policy-dup-key", (append(POLICY, "profile: stig #!\n"),), where=POLICY, says="duplicate"),
    Case("policy-max-days-bad", (append(POLICY, "waiver_max_days: -1 #!\n"),), where=POLICY),
    Case(
        "policy-max-days-yes",  # YAML's yes is true, which pydantic took as 1 day
        (append(POLICY, "waiver_max_days: yes #!\n"),),
        where=POLICY,
        says="not true",
    ),
]

# The change and software policies are edited in MRs too: `check` (the MR gate) refuses a broken
# one, not the deploy job or the nightly run after the merge.
CHANGE = "inventory/policy/change.yaml"
SOFTWARE = "inventory/policy/software.yaml"
OTHER_POLICIES = [
    Case(f"{name}-{what}", (replace(path, old, new + " #!"),), where=path, says=says)
    for name, path, what, old, new, says in [
        (
            "change",
            CHANGE,
            "zone-typo",
            "timezone: America/Chicago",
            "timezone: America/Chicgo",
            "unknown time zone 'America/Chicgo'",
        ),
        (
            "change",
            CHANGE,
            "bad-regex",
            "change_id: 'CHG\\d{7}'",
            "change_id: 'CHG(\\d{7}'",
            "valid regular expression",
        ),
        (
            "change",
            CHANGE,
            "hour-25",
            'start: "02:00", end: "05:00"}',
            'start: "25:00", end: "05:00"}',
            "start",
        ),
        (
            "change",
            CHANGE,
            "day-name",
            '{days: [sun], start: "02:00", end: "05:00"}',
            '{days: [sunday], start: "02:00", end: "05:00"}',
            "did you mean 'sun'",
        ),
        (
            "change",
            CHANGE,
            "unknown-group",
            "groups: [region-central]",
            "groups: [region-centrl]",
            "unknown group 'region-centrl'",
        ),
        (
            "change",
            CHANGE,
            "emergency-group",
            "emergency_groups: [site-dispatch]",
            "emergency_groups: [site-dispach]",
            "unknown group 'site-dispach'",
        ),
        (
            "change",
            CHANGE,
            "not-a-bool",
            "os10_reload_revert: false",
            "os10_reload_revert: maybe",
            "boolean",
        ),
        (
            "change",
            CHANGE,
            "key-typo",
            "emergency_groups: [site-dispatch]",
            "emergency_group: [site-dispatch]",
            "did you mean 'emergency_groups'",
        ),
        (
            "software",
            SOFTWARE,
            "month-13",
            "end_of_support: 2028-10-31",
            "end_of_support: 2028-13-31",
            "month must be in 1..12",
        ),
        ("software", SOFTWARE, "version-list", "version: 17.9.4a", "version: [17]", "string"),
        ("software", SOFTWARE, "warn-days", "warn_days: 90", "warn_days: -5", "warn_days"),
        # YAML's yes is true, which pydantic took as 1 day
        ("software", SOFTWARE, "warn-days-yes", "warn_days: 90", "warn_days: yes", "not true"),
        (
            "software",
            SOFTWARE,
            "platform-typo",
            "  - platform: eos",
            "  - platform: eso",
            "platform",
        ),
    ]
] + [
    # a folder or a pipe where the policy belongs was read as "no software policy"
    Case("software-a-folder", (remove(SOFTWARE), write(SOFTWARE + "/x", "")), where=SOFTWARE),
    Case("software-a-pipe", (remove(SOFTWARE), pipe(SOFTWARE)), where=SOFTWARE, max_s=10),
    Case("software-link-dangling", link(SOFTWARE, "/nonexistent/software.yaml"), where=SOFTWARE),
    # a dangling link passed `check` as "no change policy", then `apply` refused the merge
    Case("change-link-dangling", link(CHANGE, "/nonexistent/change.yaml"), where=CHANGE),
    # a folder there was reported "missing"
    Case(
        "change-a-folder", (remove(CHANGE), write(CHANGE + "/x", "")), where=CHANGE, says="folder"
    ),
]


CLI = [
    Case("no-command", argv=(), says="usage"),
    Case("unknown-command", argv=("chek",), says="usage"),
    Case("unknown-option", argv=("check", "--formt", "json"), says="--formt"),
    Case("bad-format", argv=("check", "--format", "xml"), says="xml"),
    Case("workers-zero", argv=("--lab", "plan", "--workers", "0"), says="--workers"),
    Case("workers-negative", argv=("--lab", "plan", "--workers", "-3"), says="--workers"),
    Case("workers-text", argv=("--lab", "plan", "--workers", "many"), says="--workers"),
    Case("plan-procs-zero", argv=("--lab", "plan", "--procs", "0"), says="--procs"),
    Case("plan-procs-huge", argv=("--lab", "plan", "--procs", "100000"), says="1 to 64"),
    Case("drift-procs-word", argv=("--lab", "drift", "--procs", "all"), says="--procs"),
    Case("jobs-zero", argv=("render", "--jobs", "0"), says="--jobs"),
    Case("lab-after-command", argv=("plan", "--lab"), says="no lab is running"),
    Case("project-after-command", argv=("check", "--project", "{root}"), code=0),
    Case("limit-unknown", argv=("check", "--limit", "hq-core-9"), says="did you mean"),
    Case("limit-empty", argv=("check", "--limit", ""), says="--limit"),
    Case("project-missing", argv=("--project", "/nonexistent/x", "check"), says="/nonexistent/x"),
    Case("changed-since-unknown", argv=("--lab", "plan", "--changed-since", "no-such-ref")),
    Case("fail-on-bogus", argv=("compliance", "--fail-on", "bogus"), says="bogus"),
    Case("profile-bogus", argv=("compliance", "--profile", "bogus"), says="bogus"),
    Case(
        "running-dir-missing",
        argv=("compliance", "--target", "running", "--running-dir", "nowhere"),
        says="nowhere",
    ),
    Case(
        "running-dir-binary",
        (write("run/hq-core-1.cfg", bytes(range(256))),),
        argv=("compliance", "--target", "running", "--running-dir", "run"),
        says="hq-core-1",
    ),
    Case("report-merge-missing", argv=("report", "merge", "nope.json"), says="nope.json"),
    Case(
        "report-merge-binary",
        (write("shard.json", b"\xff\xfe\x00"),),
        argv=("report", "merge", "shard.json"),
        says="shard.json",
    ),
    Case(
        "report-merge-wrong-json",
        (write("shard.json", "[1, 2]"),),
        argv=("report", "merge", "shard.json"),
        says="shard.json",
    ),
    Case("playbook-unknown", argv=("playbook", "run", "nope"), says="nope"),
    Case("extravars-bad-json", argv=("playbook", "run", "facts", "-e", "{bad"), says="-e"),
    Case(
        "extravars-missing-file",
        argv=("playbook", "run", "facts", "-e", "@nofile.yml"),
        says="nofile.yml",
    ),
    Case(
        "report-merge-pipe",
        (pipe("shard.json"),),
        argv=("report", "merge", "shard.json"),
        says="not a regular file",
        max_s=10,
    ),
    Case(
        "extravars-binary-file",
        (write("vars.yml", b"a: \xff\xfe\n"),),
        argv=("playbook", "run", "facts", "-e", "@vars.yml"),
        says="UTF-8",
    ),
    Case(
        "extravars-pipe",
        (pipe("vars.yml"),),
        argv=("playbook", "run", "facts", "-e", "@vars.yml"),
        says="not a regular file",
        max_s=10,
    ),
    Case("shard-zero", argv=("--lab", "drift", "--shard", "0/3"), says="--shard"),
    Case("shard-past-total", argv=("--lab", "drift", "--shard", "4/3"), says="--shard"),
    Case("shard-no-total", argv=("--lab", "drift", "--shard", "2"), says="--shard"),
    Case(
        "shard-arabic-digits", argv=("--lab", "drift", "--shard", "\u0661/\u0663"), says="--shard"
    ),
    Case(
        "shard-total-huge",  # every host weighed against 10**11 shards: hours
        argv=("--lab", "drift", "--shard", "1/99999999999"),
        says="at most 200",
        max_s=5,
    ),
    Case("inventory-host-unknown", argv=("inventory", "export", "--host", "nope"), says="nope"),
]

OUTPUTS = [
    Case(
        "inventory-script-into-file",
        argv=("inventory", "script", "inventory/hosts.yaml/x"),
        says="hosts.yaml",
    ),
    Case("inventory-script-a-folder", argv=("inventory", "script", "inventory"), says="folder"),
    Case("output-empty-name", argv=("check", "--output", "junit:"), says="--output"),
    Case("output-unknown-ext", argv=("check", "--output", "report.pdf"), says="report.pdf"),
    Case(
        "output-into-file",
        argv=("check", "--output", "inventory/hosts.yaml/x.json"),
        says="hosts.yaml",
    ),
    Case("output-is-folder", argv=("check", "--output", "json:inventory"), says="inventory"),
    Case("output-unwritable", argv=("check", "--output", "/proc/bluewire.json"), says="/proc"),
    Case("output-new-folder-ok", argv=("check", "--output", "reports/ci/check.json"), code=0),
    Case(
        "output-over-inventory",
        argv=("check", "--output", "json:inventory/hosts.yaml"),
        says="inside inventory/",
    ),
    Case(
        "output-over-golden",
        argv=("check", "--output", "markdown:golden_configs/hq-core-1.cfg"),
        says="inside golden_configs/",
    ),
    Case(
        "output-into-templates",
        argv=("check", "--output", "templates/ios/report.json"),
        says="inside templates/",
        absent=("templates/ios/report.json",),
    ),
    Case(
        "output-into-git",
        argv=("check", "--output", "json:.git/config"),
        says="inside .git/",
    ),
    Case(
        "output-absolute-into-inventory",
        argv=("check", "--output", "{root}/inventory/policy/compliance.json"),
        says="inside inventory/",
        absent=("inventory/policy/compliance.json",),
    ),
    Case(
        "out-over-defaults",
        argv=("--lab", "plan", "--out", "inventory/defaults.yaml"),
        says="inside inventory/",
    ),
    Case(
        "out-before-devices",
        argv=("--lab", "plan", "--out", "inventory/hosts.yaml/p.json"),
        says="--out",
        absent=(".bluewire/lab",),
    ),
    Case(
        "out-unwritable-before-devices",
        argv=("--lab", "plan", "--out", "/proc/plan.json"),
        says="--out",
    ),
    Case(
        "output-bad-before-check",
        (replace(HOSTS, "hostname: 10.255.1.1\n", "hostname: 999.1.1.1\n"),),
        argv=("check", "--output", "junit:"),
        says="--output",
    ),
]


def secrets_file(content: str | bytes) -> tuple[Edit, ...]:
    """A mode-600 secrets file outside the repository."""

    def private(root: Path) -> None:
        (root.parent / "secrets.yaml").chmod(0o600)

    return (write("../secrets.yaml", content), private)


SECRETS_ENV = {"BLUEWIRE_SECRETS_FILE": "{root}/../secrets.yaml"}
DEVICE_DIFF = ("--lab", "plan", "--device-diff")
SECRETS = [
    Case("secrets-file-missing", argv=DEVICE_DIFF, env=SECRETS_ENV, says="does not exist"),
    Case(
        "secrets-file-a-folder",
        argv=DEVICE_DIFF,
        env={"BLUEWIRE_SECRETS_FILE": "{root}/.."},
        says="is a directory",
    ),
    Case(
        "secrets-file-binary",
        secrets_file(bytes(range(256))),
        argv=DEVICE_DIFF,
        env=SECRETS_ENV,
        says="UTF-8",
    ),
    Case(
        "secrets-file-malformed",
        secrets_file("tacacs_key: [unclosed\n"),
        argv=DEVICE_DIFF,
        env=SECRETS_ENV,
        says="malformed YAML",
    ),
    Case(
        "secrets-file-a-list",
        secrets_file("- a\n- b\n"),
        argv=DEVICE_DIFF,
        env=SECRETS_ENV,
        says="mapping",
    ),
    Case(
        "secrets-file-number",
        secrets_file("tacacs_key: 01234567\n"),
        argv=DEVICE_DIFF,
        env=SECRETS_ENV,
        says="quoted string",
    ),
    Case(
        "secret-env-line-break",  # would add `username evil ...` as a config line of its own
        argv=DEVICE_DIFF,
        env={"BLUEWIRE_SECRET_NTP_KEY": "long-enough-key\nusername evil privilege 15"},
        says="BLUEWIRE_SECRET_NTP_KEY: holds a line break",
    ),
    Case(
        "secrets-file-control-char",
        secrets_file('tacacs_key: "long-enough\\e[2Jkey"\n'),  # YAML: \\e is ESC
        argv=DEVICE_DIFF,
        env=SECRETS_ENV,
        says="tacacs_key: holds a line break or another control character",
    ),
    Case(
        "secrets-file-block-scalar",
        secrets_file("tacacs_key: |\n  long-enough-key\n"),
        argv=DEVICE_DIFF,
        env=SECRETS_ENV,
        says="control character",
    ),
    Case(
        "secrets-file-world-readable",
        (write("../secrets.yaml", "a: b\n"),),
        argv=DEVICE_DIFF,
        env=SECRETS_ENV,
        says="chmod 600",
    ),
]

LAB = [
    Case(
        "lab-up-unknown-limit",
        argv=("lab", "up", "--limit", "nope"),
        says="nope",
        absent=(".bluewire/lab/state.json",),
    ),
    Case(
        "lab-up-missing-golden",
        (remove("golden_configs/hq-core-1.cfg"),),
        argv=("lab", "up"),
        says="hq-core-1",
        absent=(".bluewire/lab/state.json",),
    ),
    Case(
        "lab-up-bad-inventory",
        (replace(HOSTS, "hostname: 10.255.1.1\n", "hostname: 999.1.1.1 #!\n"),),
        argv=("lab", "up"),
        where=HOSTS,
        absent=(".bluewire/lab/state.json",),
    ),
    Case("lab-up-time-scale-zero", argv=("lab", "up", "--time-scale", "0"), says="--time-scale"),
    Case("lab-up-time-scale-nan", argv=("lab", "up", "--time-scale", "nan"), says="--time-scale"),
    Case("lab-up-procs-zero", argv=("lab", "up", "--procs", "0"), says="--procs"),
    Case("lab-up-procs-word", argv=("lab", "up", "--procs", "two"), says="--procs"),
    Case("lab-fault-negative", argv=("lab", "fault", "hq-core-1", "latency", "-5"), says="-5"),
    Case("lab-fault-nan", argv=("lab", "fault", "hq-core-1", "latency", "nan"), says="nan"),
    Case("lab-fault-inf", argv=("lab", "fault", "hq-core-1", "latency", "inf"), says="inf"),
    Case("lab-fault-no-value", argv=("lab", "fault", "hq-core-1", "latency")),
    Case(
        "lab-fault-bad-step", argv=("lab", "fault", "hq-core-1", "drop-at", "lunch"), says="lunch"
    ),
    Case("lab-fault-unknown-kind", argv=("lab", "fault", "hq-core-1", "explode")),
    Case("lab-not-running", argv=("--lab", "plan"), says="no lab is running"),
    Case(
        "lab-stale-state",
        (write(".bluewire/lab/state.json", "{not json"),),
        argv=("lab", "status"),
        says="state",
    ),
]

ROWS = TEMPLATES + POLICIES + OTHER_POLICIES + CLI + OUTPUTS + SECRETS + LAB
