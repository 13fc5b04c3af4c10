"""Junos brace details: comments are annotations, tags are attributes, bad input is refused.

Configs written from the Junos CLI User Guide's descriptions of `show configuration` output
(`## Last commit`, `## SECRET-DATA` after a secret, `/* annotate */` comments, `inactive:` and
`protect:` statements, `## Warning:` lines for ignored or deprecated statements).
"""

from __future__ import annotations

import pytest

from bluewire.config.junos import detect_format
from bluewire.config.tree import (
    ConfigSyntaxError,
    Node,
    active,
    parse,
    parse_braces,
    render_braces,
    to_set_commands,
)

SHOWN = """\
## Last commit: 2026-03-02 17:41:09 UTC by netops
version 23.4R2-S1;
system {
    host-name fw-east;
    root-authentication {
        encrypted-password "$6$CANARY-ROOT$x"; ## SECRET-DATA
    }
    /* break-glass only: see the runbook */
    login {
        user breakglass {
            uid 2001;
            class super-user;
            authentication {
                encrypted-password "$6$CANARY-USER$y"; ## SECRET-DATA
            }
        }
    }
    ## Warning: 'ftp' is deprecated
    services {
        inactive: ftp;
        ssh;
    }
}
protect: interfaces {
    inactive: ge-0/0/1 {
        unit 0 {
            family inet {
                address 198.51.100.1/24 /* temporary */;
            }
        }
    }
}
"""


def _find(root: Node, *texts: str) -> Node:
    node = root
    for text in texts:
        found = node.child(text)
        assert found is not None, (
            f"{text!r} not under {node.text!r}: {[c.text for c in node.children]}"
        )
        node = found
    return node


def test_trailing_comments_belong_to_the_statement_before_them() -> None:
    root = parse(SHOWN, "junos")
    password = _find(root, "system", "root-authentication", 'encrypted-password "$6$CANARY-ROOT$x"')
    assert password.notes == ("## SECRET-DATA",)
    assert [c.text for c in _find(root, "system", "login", "user breakglass").children] == [
        "uid 2001",
        "class super-user",
        "authentication",
    ]
    assert root.notes == ("## Last commit: 2026-03-02 17:41:09 UTC by netops",)
    assert all("#" not in text for path in root.paths() for text in path)


def test_comments_on_their_own_line_annotate_the_next_statement() -> None:
    root = parse(SHOWN, "junos")
    assert _find(root, "system", "login").notes == ("/* break-glass only: see the runbook */",)
    assert _find(root, "system", "services").notes == ("## Warning: 'ftp' is deprecated",)


def test_an_annotation_before_the_terminator_makes_no_empty_node() -> None:
    root = parse(SHOWN, "junos")
    family = _find(root, "interfaces", "ge-0/0/1", "unit 0", "family inet")
    assert [(c.text, c.notes) for c in family.children] == [
        ("address 198.51.100.1/24", ("/* temporary */",))
    ]
    bare = parse("system {\n    /* nothing to see */;\n    host-name a;\n}\n", "junos")
    assert [c.text for c in _find(bare, "system").children] == ["host-name a"]
    assert all(text for path in bare.paths() for text in path)


def test_tags_are_attributes_never_words() -> None:
    root = parse(SHOWN, "junos")
    interfaces = _find(root, "interfaces")
    assert interfaces.tags == {"protect"}
    assert _find(interfaces, "ge-0/0/1").inactive
    assert _find(root, "system", "services", "ftp").inactive
    words = [w for path in root.paths() for text in path for w in text.split()]
    assert not {"inactive:", "protect:", "replace:"} & set(words)
    assert "deactivate interfaces ge-0/0/1" in to_set_commands(root)
    assert "protect interfaces" in to_set_commands(root)
    assert not any(":" in c.split()[1] for c in to_set_commands(root) if c.startswith("set "))


def test_several_tags_and_replace_on_one_statement() -> None:
    root = parse("protect: inactive: system {\n    replace: syslog {\n  file f;\n }\n}\n", "junos")
    system = _find(root, "system")
    assert system.tags == {"protect", "inactive"} and system.label == "protect: inactive: system"
    assert _find(system, "syslog").tags == {"replace"} and _find(system, "syslog").label == "syslog"


def test_render_and_parse_keep_tags_and_annotations() -> None:
    """`/* */` annotations are config (the `annotate` command) and render; `#` comments do not."""
    root = parse(SHOWN, "junos")
    again = parse(render_braces(root), "junos")

    def shown(tree: Node) -> list[tuple[str, tuple[str, ...]]]:
        return [(n.label, tuple(x for x in n.notes if x.startswith("/*"))) for _, n in tree.walk()]

    assert shown(again) == shown(root)
    assert "CANARY-ROOT" in render_braces(root) and "##" not in render_braces(root)


def test_active_leaves_out_inactive_statements() -> None:
    root = parse(SHOWN, "junos")
    running = active(root)
    assert _find(running, "interfaces").children == []
    assert [c.text for c in _find(running, "system", "services").children] == ["ssh"]
    plain = parse("system {\n    host-name a;\n}\n", "junos")
    assert active(plain) is plain


def test_the_lab_form_keeps_tags_in_the_text() -> None:
    """`parse_braces` defaults are what the device lab reads its stored config with."""
    root = parse_braces("inactive: system {\n    replace: host-name a;\n}\n")
    assert [c.text for _, c in root.walk()] == ["inactive: system", "replace: host-name a"]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("hostname sw1\ninterface Gi1/0/1\n description x\n", 1, "not terminated"),
        ("system {\n    host-name a;\n", 1, "never closed"),
        ("system {\n    host-name a;\n}\n}\n", 4, "without a matching"),
        ("system {\n    host-name a\n}\n", 2, "not terminated before '}'"),
        ('system {\n    host-name "a;\n}\n', 2, "unterminated quoted string"),
        ("system {\n    /* open\n}\n", 2, "unterminated /*"),
        ("system {\n    { host-name a; }\n}\n", 2, "without a statement"),
        ("system {\n    host-name a;\n}\nset system domain-name b\n", 4, "mixed formats"),
        ("system {\n    host-name a;\n}\nset system domain-name b;\n", 4, "mixed formats"),
        ("set system host-name a\nsystem {\n    domain-name b;\n}\n", 2, "mixed formats"),
        ("set system host-name a\nsystem domain-name b;\n", 2, "mixed formats"),
        ("set system host-name a\nfrobnicate system\n", 2, "unknown command 'frobnicate'"),
        ("set system host-name a\nset\n", 2, "needs a statement path"),
        ('set system login message "unterminated\n', 1, "unterminated quoted string"),
        ("set system host-name a\ninsert system authentication-order\n", 2, "insert needs"),
    ],
)
def test_garbage_and_mixed_formats_are_refused_with_their_line(
    text: str, line: int, reason: str
) -> None:
    with pytest.raises(ConfigSyntaxError, match=reason) as err:
        parse(text, "junos")
    assert err.value.line == line
    assert str(err.value.located("running/fw.cfg")).startswith(f"running/fw.cfg:{line}: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## Last commit: x\nset version 1\n", "set"),
        ("# RANCID header\n\ndelete system\n", "set"),
        ("deactivate interfaces ge-0/0/1\n", "set"),
        ("version 1;\nsystem {\n}\n", "braces"),
        ("/* top */\nsystem { host-name a; }\n", "braces"),
        ("", "braces"),
    ],
)
def test_format_is_told_by_the_first_statement(text: str, expected: str) -> None:
    assert detect_format(text) == expected


def test_comment_only_and_empty_configs_are_empty_trees() -> None:
    for text in ("", "\n\n", "## Last commit: 2026-01-01\n", "# Oxidized header\n"):
        assert parse(text, "junos").children == []
