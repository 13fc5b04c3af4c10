"""Junos `set` format: the same tree as braces, whatever the order and form of the commands.

Examples written from the Junos CLI User Guide (`show | display set`, `deactivate`, `protect`,
`insert`, `load set`); the properties draw random configs from the shape table and render them
with the independent renderers in `junos_trees`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bluewire.compliance.engine import Target, evaluate
from bluewire.compliance.loader import load_rulebook, resolve_profile
from bluewire.config.junos_shapes import (
    SHAPES_FILE,
    ShapeTableError,
    _level,
    child_shape,
    tables,
)
from bluewire.config.model import ConfigSyntaxError
from bluewire.config.tree import parse, render_braces, to_set_commands
from bluewire.diff import diff_text, remediation, rollback
from tests.unit.config import junos_trees as jt

GOLDEN = Path(__file__).resolve().parents[3] / "golden_configs"
JUNOS = sorted(p for p in GOLDEN.glob("*.cfg") if "{" in p.read_text().split("\n", 2)[1])

BRACES = """\
system {
    host-name "fw east";
    authentication-order [ radius password ];
    ntp {
        server 192.0.2.1 key 1 prefer;
    }
    syslog {
        time-format year millisecond;
    }
}
policy-options {
    policy-statement EXPORT {
        term direct {
            from protocol [ direct static ];
            then accept;
        }
        term default {
            then reject;
        }
    }
}
"""
DISPLAY_SET = """\
set system host-name "fw east"
set system authentication-order radius
set system authentication-order password
set system ntp server 192.0.2.1 key 1
set system ntp server 192.0.2.1 prefer
set system syslog time-format year
set system syslog time-format millisecond
set policy-options policy-statement EXPORT term direct from protocol direct
set policy-options policy-statement EXPORT term direct from protocol static
set policy-options policy-statement EXPORT term direct then accept
set policy-options policy-statement EXPORT term default then reject
"""


def test_display_set_builds_the_tree_braces_show() -> None:
    assert jt.outline(parse(DISPLAY_SET, "junos")) == jt.outline(parse(BRACES, "junos"))
    assert render_braces(parse(DISPLAY_SET, "junos")) == BRACES


def test_load_set_commands_edit_the_tree_in_order() -> None:
    """`load set` files use the other configuration-mode commands too."""
    text = DISPLAY_SET + "\n".join(
        [
            "delete system authentication-order password",
            "set system authentication-order tacplus",
            "insert system authentication-order tacplus before radius",
            "insert system authentication-order password after radius",
            "set system host-name fw-west",  # a single-valued leaf: replaced in place
            "insert policy-options policy-statement EXPORT term default before term direct",
            "delete system syslog",
            "deactivate system ntp server 192.0.2.1",
            "deactivate policy-options policy-statement EXPORT term direct then",
            "activate policy-options policy-statement EXPORT term direct then",
            "protect policy-options",
            "set interfaces ge-0/0/0 disable",
            "deactivate interfaces ge-0/0/0",
            "delete interfaces ge-0/0/9",  # Junos warns and carries on: not there
        ]
    )
    root = parse(text, "junos")
    system = root.child("system")
    assert system is not None
    assert [c.label for c in system.children] == [
        "host-name fw-west",
        "authentication-order [ tacplus radius password ]",
        "ntp",
    ]
    ntp = system.child("ntp")
    assert ntp is not None and ntp.children[0].label == "inactive: server 192.0.2.1 key 1 prefer"
    policy = root.child("policy-options")
    assert policy is not None and policy.tags == {"protect"}
    terms = [c.text for c in policy.children[0].children]
    assert terms == ["term default", "term direct"]
    assert [c.label for _, c in root.walk()][-2:] == ["inactive: ge-0/0/0", "disable"]


def test_quoted_values_keep_spaces_and_punctuation() -> None:
    text = 'set system login message "Authorized use only; {all} access # is logged"\n'
    root = parse(text, "junos")
    (message,) = [n.text for _, n in root.walk() if n.text.startswith("message")]
    assert message == 'message "Authorized use only; {all} access # is logged"'
    assert to_set_commands(root) == [text.strip()]


def test_a_trailing_comment_is_the_statement_note() -> None:
    root = parse(
        'set system root-authentication encrypted-password "$6$CANARY$z" ## SECRET-DATA\n', "junos"
    )
    (leaf,) = [n for _, n in root.walk() if not n.children]
    assert leaf.text == 'encrypted-password "$6$CANARY$z"' and leaf.notes == ("## SECRET-DATA",)


def test_unknown_statements_are_leaves_and_keep_every_line() -> None:
    text = "set chassis cluster reth-count 2\nset frobnitz widget 7\n"
    root = parse(text, "junos")
    assert list(root.paths()) == [
        ("chassis",),
        ("chassis", "cluster"),
        ("chassis", "cluster", "reth-count 2"),
        ("frobnitz widget 7",),
    ]
    assert to_set_commands(root) == text.splitlines()


@pytest.mark.parametrize("path", JUNOS, ids=lambda p: p.stem)
def test_golden_configs_read_the_same_in_set_format(path: Path) -> None:
    brace = parse(path.read_text(), "junos")
    assert jt.outline(parse("\n".join(to_set_commands(brace)), "junos")) == jt.outline(brace)


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@PROPERTY
@given(jt.configs())
def test_random_configs_give_equal_trees_in_both_formats(stmts: list[jt.Stmt]) -> None:
    brace = parse("\n".join(jt.braces(stmts)) + "\n", "junos")
    shown = parse("\n".join(jt.display_set(stmts)) + "\n", "junos")
    assert jt.outline(shown) == jt.outline(brace)
    assert jt.outline(parse("\n".join(to_set_commands(brace)), "junos")) == jt.outline(brace)


@PROPERTY
@given(jt.configs(), jt.configs())
def test_random_configs_diff_the_same_in_either_format(a: list[jt.Stmt], b: list[jt.Stmt]) -> None:
    a_braces, b_braces = "\n".join(jt.braces(a)) + "\n", "\n".join(jt.braces(b)) + "\n"
    a_set = "\n".join(jt.display_set(a)) + "\n"
    assert remediation(a_set, b_braces, "junos") == remediation(a_braces, b_braces, "junos")
    assert rollback(a_set, b_braces, "junos") == rollback(a_braces, b_braces, "junos")
    assert diff_text(a_set, b_braces, "junos") == diff_text(a_braces, b_braces, "junos")
    assert remediation(a_set, a_braces, "junos") == []


UNKNOWN_WORDS = st.lists(st.sampled_from(["aa", "bb", "cc", "10", '"d e"']), min_size=1, max_size=4)


@PROPERTY
@given(st.lists(st.tuples(st.sampled_from(["chassis", "zz-top"]), UNKNOWN_WORDS), min_size=1))
def test_statements_the_table_does_not_know_still_diff_right(
    lines: list[tuple[str, list[str]]],
) -> None:
    """Braces nest unknown statements as the device did; the `set` side cannot know that
    nesting, so the two are compared through the `set` form: nothing to change."""
    text = "".join(f"set {top} {' '.join(words)}\n" for top, words in lines)
    nested = "".join(_nest([top, *words]) for top, words in lines)
    assert remediation(text, nested, "junos") == []
    assert remediation(nested, text, "junos") == []
    assert diff_text(text, nested, "junos") == ""


def _nest(words: list[str]) -> str:
    """Each word its own block: the deepest nesting braces could give those words."""
    return "".join(f"{w} {{\n" for w in words[:-1]) + f"{words[-1]};\n" + "}\n" * (len(words) - 1)


RULES, PARAMS = resolve_profile(load_rulebook(), None, "cjis")


def _findings(config: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Each rule's outcome and the evidence texts (line numbers differ between formats)."""
    results = evaluate(Target("fw", "junos", config), RULES, PARAMS)
    return [(r.rule, str(r.status), tuple(e.text for e in r.evidence)) for r in results]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    name=st.sampled_from([p.name for p in JUNOS]), drop=st.lists(st.integers(0, 500), max_size=6)
)
def test_compliance_is_the_same_in_either_format(name: str, drop: list[int]) -> None:
    """Golden configs with random statements deactivated: the same findings in both formats."""
    root = parse((GOLDEN / name).read_text(), "junos")
    nodes = [n for _, n in root.walk()]
    for i in drop:
        nodes[i % len(nodes)].tags = frozenset({"inactive"})
    set_text = "\n".join(to_set_commands(root)) + "\n"
    assert _findings(set_text) == _findings(render_braces(root))


def test_deactivating_a_required_statement_fails_compliance() -> None:
    text = JUNOS[0].read_text()
    off = text.replace("    login {", "    inactive: login {", 1)
    assert off != text

    def failing(config: str) -> set[str]:
        return {rule for rule, status, _ in _findings(config) if status == "fail"}

    assert failing(off) > failing(text)
    assert failing("\n".join(to_set_commands(parse(off, "junos")))) == failing(off)


def test_the_shape_table_loads_and_is_consistent() -> None:
    root, anywhere = tables()
    assert {"system", "interfaces", "security", "policy-options", "firewall"} <= set(
        root.statements
    )
    assert child_shape(root, "groups").below is not None
    assert child_shape(None, "apply-groups").kind == "list"
    interfaces = child_shape(root, "interfaces").below
    assert interfaces is not None and interfaces.named is not None
    assert "apply-groups" in anywhere.statements and SHAPES_FILE.is_file()


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ({"a": "leafy"}, "unknown kind"),
        ({"a": {"_kind": "list", "b": "leaf"}}, "has no children"),
        ({"a": 3}, "expected a kind or a mapping"),
        ({"a": "leaf", "a <n>": "leaf"}, "listed twice"),
    ],
)
def test_a_malformed_shape_table_is_refused(spec: dict[str, object], reason: str) -> None:
    with pytest.raises(ShapeTableError, match=reason):
        _level(spec, "root")


SECRET_LINES = [
    'set system root-authentication encrypted-password "$6$CANARY-1"',
    'set system login user "night ops" authentication encrypted-password "$6$CANARY-2"',
    "set system tacplus-server 10.250.0.31 secret CANARY-3",
    'set protocols bgp group ISP neighbor 192.0.2.1 authentication-key "$9$CANARY-4"',
    'set system ntp authentication-key 10 type md5 value "$9$CANARY-5"',
    'set protocols ospf area 0 interface ge-0/0/0.0 authentication md5 1 key "$9$CANARY-6"',
    'set security ike policy P pre-shared-key ascii-text "$9$CANARY-7"',
    'set snmp v3 usm local-engine user nms authentication-sha authentication-key "$9$CANARY-8"',
    'set system radius-server 10.250.0.41 secret "$9$CANARY-9" ## SECRET-DATA',
]


def test_set_format_secrets_never_reach_a_diff() -> None:
    """Backups in `set` form carry secrets with or without `## SECRET-DATA`: all are masked."""
    from bluewire.sanitize import sanitize

    running = sanitize(
        "\n".join(SECRET_LINES) + '\nset interfaces ge-0/0/0 description "key 1 value x"\n', "junos"
    )
    assert "CANARY" not in running
    assert 'description "key 1 value x"' in running, "a quoted description is not a secret"
    outputs = [remediation(running, BRACES, "junos"), rollback(running, BRACES, "junos")]
    assert not any("CANARY" in line for out in outputs for line in out)
    assert "CANARY" not in diff_text(running, BRACES, "junos")


# A protected statement refuses every command but protect/unprotect, and so does everything
# inside it (Junos CLI User Guide, "Protecting the Junos OS Configuration from Modification or
# Deletion"); deleting an unprotected hierarchy keeps the protected statements inside it (Junos
# XML Management Protocol Guide, "Protect or Unprotect a Configuration Object").
PROTECTED_BASE = [
    "set system host-name fw1",
    "set system authentication-order radius",
    "set system syslog file messages any notice",
    "set policy-options policy-statement EXPORT term direct then accept",
]
EDITS = [
    "set system host-name fw2",  # a new value of a single-valued leaf
    "set system domain-name example.net",  # a new leaf
    "set system authentication-order password",  # a new list value
    "set system syslog file messages any any",  # deeper
    "delete system host-name",
    "delete system authentication-order radius",
    "delete system syslog",
    "deactivate system syslog file messages",
    "activate system syslog",
    "insert system authentication-order password before radius",
]


@pytest.mark.parametrize("edit", EDITS)
@pytest.mark.parametrize("protected", ["system", "system host-name", "system authentication-order",
                                       "system syslog"])  # fmt: skip
def test_a_protected_statement_refuses_edits_of_itself_and_inside(
    protected: str, edit: str
) -> None:
    edited = edit.split(" ", 1)[1]
    inside = (edited + " ").startswith(protected + " ")
    lines = [*PROTECTED_BASE, f"protect {protected}", edit]
    if inside:
        with pytest.raises(ConfigSyntaxError, match="is protected") as err:
            parse("\n".join(lines), "junos")
        assert err.value.line == len(lines)
        # unprotect first and the same edit goes through
        lines.insert(-1, f"unprotect {protected}")
    shown = to_set_commands(parse("\n".join(lines), "junos"))
    assert (f"protect {protected}" in shown) is not inside


def _shown(lines: list[str]) -> list[str]:
    return sorted(to_set_commands(parse("\n".join(lines), "junos")))


@pytest.mark.parametrize(
    ("protected", "deleted"),
    [
        ("system syslog", "system"),
        ("system syslog file messages", "system syslog"),
        ("system syslog file messages", "system"),
        ("system host-name", "system"),
        ("system authentication-order", "system"),
        ("policy-options policy-statement EXPORT term direct then", "policy-options"),
    ],
)
def test_deleting_a_hierarchy_keeps_the_protected_statements_inside(
    protected: str, deleted: str
) -> None:
    base = [*PROTECTED_BASE, f"protect {protected}"]
    outside = [c for c in PROTECTED_BASE if not c.startswith(f"set {deleted} ")]
    kept = [c for c in PROTECTED_BASE if c.startswith(f"set {protected} ")]
    assert kept
    assert _shown([*base, f"delete {deleted}"]) == _shown([*outside, *kept, f"protect {protected}"])
    unprotected = [*base, f"unprotect {protected}", f"delete {deleted}"]
    assert _shown(unprotected) == _shown(outside)


def test_unprotect_and_protect_work_inside_a_protected_statement() -> None:
    lines = [*PROTECTED_BASE, "protect system syslog", "protect system", "unprotect system syslog"]
    shown = _shown(lines)
    assert "protect system" in shown
    assert "protect system syslog" not in shown
