"""The Junos lab schema (platforms/junos/schema.yaml): typos below the top are refused, real configs load."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bluewire.config.tree import parse_braces, to_set_commands
from bluewire.lab.device import ConfigRejected
from bluewire.lab.platforms.junos.grammar import JunosGrammar
from bluewire.lab.platforms.junos.schema import Level, descend, load_schema
from bluewire.lab.seed import brownfield

GOLDEN = Path(__file__).resolve().parents[3] / "golden_configs"
JUNOS_GOLDEN = ["edge-fw-1", "edge-fw-2", "cjis-fw-1", "cjis-fw-2"]

BASE = """\
system {
    host-name fw-lab;
    services {
        ssh;
    }
}
interfaces {
    ge-0/0/0 {
        unit 0 {
            family inet {
                address 10.0.0.1/31;
            }
        }
    }
}
"""

# (a typo in brace form, the bad word): one, two and more levels below the top.
BRACE_TYPOS = [
    ("system { hostnme fw1; }", "hostnme"),
    ("system { services { sshh; } }", "sshh"),
    ("system { login { usr admin { class super-user; } } }", "usr"),
    ("system { syslog { hots 10.0.0.9 { any any; } } }", "hots"),
    ("system { ntp { sever 10.0.0.1; } }", "sever"),
    ("security { zonez { security-zone trust; } }", "zonez"),
    ("security { zones { security-zne trust; } }", "security-zne"),
    ("security { zones { security-zone trust { interfaces-x { ge-0/0/0.0; } } } }", "interfaces-x"),
    ("security { policies { from-zone a to-zon b { policy p; } } }", "to-zon"),
    (
        "security { policies { from-zone a to-zone b { policy p { then { permitt; } } } } }",
        "permitt",
    ),
    ("interfaces { ge-0/0/0 { descripton x; } }", "descripton"),
    ("interfaces { ge-0/0/0 { unit 0 { famly inet; } } }", "famly"),
    ("interfaces { ge-0/0/0 { unit 0 { family inte { address 10.0.0.1/31; } } } }", "inte"),
    ("interfaces { ge-0/0/0 { unit 0 { family inet { adress 10.0.0.1/31; } } } }", "adress"),
    ("protocols { bpg { group x; } }", "bpg"),
    ("protocols { bgp { grup x { type external; } } }", "grup"),
    ("protocols { ospf { area 0.0.0.0 { interfase ge-0/0/0.0; } } }", "interfase"),
    ("routing-options { router-di 10.0.0.1; }", "router-di"),
    ("routing-options { static { rout 0.0.0.0/0 next-hop 10.0.0.1; } }", "rout"),
    ("snmp { locaton lab; }", "locaton"),
    ("snmp { v3 { usn; } }", "usn"),
    ("firewall { family inet { filtre F; } }", "filtre"),
    ("firewall { family inet { filter F { trem t { then accept; } } } }", "trem"),
    ("policy-options { prefix-lst P { 10.0.0.0/8; } }", "prefix-lst"),
    ("policy-options { policy-statement P { term t { thn accept; } } }", "thn"),
]

SET_TYPOS = [
    ("set system hostnme fw1", "hostnme"),
    ("set system services sshh", "sshh"),
    ("set system login usr admin class super-user", "usr"),
    ("set interfaces ge-0/0/0 unit 0 family inte address 10.0.0.1/31", "inte"),
    ("set interfaces ge-0/0/0 unit 0 family inet adress 10.0.0.1/31", "adress"),
    ("set security zones security-zne trust", "security-zne"),
    ("set security policies from-zone a to-zone b policy p then permitt", "permitt"),
    ("set protocols bgp grup x type external", "grup"),
    ("set routing-options statik route 0.0.0.0/0 next-hop 10.0.0.1", "statik"),
    ("set snmp contact-x ops", "contact-x"),
    ("set firewall family inet filter F trem t then accept", "trem"),
    ("set policy-options policy-statement P term t thn accept", "thn"),
    ("delete system services sshh", "sshh"),
]


@pytest.mark.parametrize(("text", "word"), BRACE_TYPOS, ids=[w for _, w in BRACE_TYPOS])
def test_replace_rejects_a_typo_below_the_top(text: str, word: str) -> None:
    with pytest.raises(ConfigRejected, match=f"^syntax error: {word}$") as err:
        JunosGrammar().replace(BASE, BASE + text)
    assert word in err.value.line.split()  # the offending statement
    assert err.value.lineno == BASE.count("\n") + 1


@pytest.mark.parametrize(("text", "word"), BRACE_TYPOS[:6], ids=[w for _, w in BRACE_TYPOS[:6]])
def test_brace_merge_rejects_a_typo_below_the_top(text: str, word: str) -> None:
    with pytest.raises(ConfigRejected, match=f"^syntax error: {word}$"):
        JunosGrammar().merge(BASE, text.splitlines())


@pytest.mark.parametrize(("command", "word"), SET_TYPOS, ids=[w for _, w in SET_TYPOS])
def test_set_rejects_a_typo_below_the_top(command: str, word: str) -> None:
    with pytest.raises(ConfigRejected, match=f"^syntax error: {word}$") as err:
        JunosGrammar().merge(BASE, ["set system host-name ok", command])
    assert (err.value.line, err.value.lineno) == (command, 2)


def test_unknown_verb_is_an_unknown_command() -> None:
    with pytest.raises(ConfigRejected, match="unknown command"):
        JunosGrammar().merge(BASE, ["sett system host-name x"])


@pytest.mark.parametrize(
    "text",
    [
        # flat and nested forms of the same statements
        "system { services ssh; }",
        "policy-options { policy-statement P { term t { then { accept; } } } }",
        "security { policies { from-zone a to-zone b { policy p { then permit; } } } }",
        # apply-groups at any level; tags; value lists; names that look like nothing known
        "system { apply-groups G; services { apply-groups G; } }",
        "inactive: system { inactive: host-name x; }",
        "system { authentication-order [ radius password ]; }",
        "interfaces { ae0 { unit 100 { vlan-id 100; family inet6 { address 2001:db8::1/64; } } } }",
        "interfaces { interface-range R { member ge-0/0/1; } }",
        # levels the schema leaves unchecked take anything
        "dynamic-profiles { anything goes here; }",
        "system { processes { whatever 1; } }",
    ],
)
def test_valid_statements_are_accepted(text: str) -> None:
    loaded = JunosGrammar().replace("", text)
    assert to_set_commands(parse_braces(loaded)) == to_set_commands(parse_braces(text))


def test_partial_delete_paths_are_accepted() -> None:
    out = JunosGrammar().merge(BASE, ["delete interfaces ge-0/0/0 unit 0 family", "delete system"])
    assert "system" not in out and "family" not in out


@pytest.mark.parametrize("name", JUNOS_GOLDEN)
def test_every_junos_golden_config_loads(name: str) -> None:
    """The golden config, its `set` form, and the brownfield drift the lab seeds all load."""
    golden = (GOLDEN / f"{name}.cfg").read_text()
    grammar = JunosGrammar()
    loaded = grammar.replace("", golden)
    assert list(parse_braces(loaded).paths()) == list(parse_braces(golden).paths())
    grammar.merge("", to_set_commands(parse_braces(golden)))
    for seed in range(10):
        drifted = brownfield(golden, "junos", seed)
        grammar.replace(golden, drifted)
        grammar.merge(golden, to_set_commands(parse_braces(drifted)))


def test_golden_file_list_is_complete() -> None:
    found = {p.stem for p in GOLDEN.glob("*.cfg") if "{" in p.read_text().split("\n", 2)[1]}
    assert found == set(JUNOS_GOLDEN)


def test_schema_is_data_with_wildcard_levels() -> None:
    top, anywhere = load_schema()
    assert {"system", "security", "interfaces", "protocols", "firewall"} <= set(top.statements)
    assert "apply-groups" in anywhere.statements
    interfaces = top.statements["interfaces"].below
    assert isinstance(interfaces, Level) and interfaces.named is not None
    family = descend(top, ["interfaces", "xe-9/9/9", "unit", "7", "family"])
    assert isinstance(family, Level) and "inet" in family.statements


_PIECES = st.sampled_from(
    [
        "system",
        "services",
        "ssh",
        "host-name",
        "x",
        '""',
        '"a b"',
        "{",
        "}",
        ";",
        "\n",
        "inactive:",
        "protect:",
        "replace:",
        "/* c */",
        "## note",
        "[",
        "]",
        "interfaces",
        "ge-0/0/0",
        "unit",
        "0",
        "set",
        "delete",
        "deactivate",
        "insert",
        "before",
        "after",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=25))
def test_any_text_loads_or_is_refused_never_crashes(pieces: list[str]) -> None:
    """Brace or `set` text of any shape: `load` succeeds or says `syntax error`, as the box."""
    text = " ".join(pieces)
    grammar = JunosGrammar()
    for attempt in (
        lambda: grammar.replace(BASE, text),
        lambda: grammar.merge(BASE, text.splitlines()),
    ):
        try:
            loaded = attempt()
        except ConfigRejected:
            continue
        assert grammar.replace("", loaded) == loaded  # what loaded is a config the box boots


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("protocols { bgp { group G { type externl; } } }", "externl"),
        ("system { services { ssh { root-login dney; } } }", "dney"),
        ("policy-options { policy-statement P { then { next trem; } } }", "trem"),
        ("system { syslog { file messages { any notcie; } } }", "notcie"),
        ("interfaces { interface-rnage R { member ge-0/0/1; } }", "interface-rnage"),
        ("groups { G { system { hostnme x; } } }", "hostnme"),
        ("routing-instances { R { routing-options { statik { route 0/0 discard; } } } }", "statik"),
        (
            "security { zones { security-zone z { host-inbound-traffic { system-services { shh; } } } } }",
            "shh",
        ),
    ],
    ids=lambda v: str(v)[:20],
)
def test_value_keywords_names_and_groups_are_checked(text: str, word: str) -> None:
    """A leaf's value keywords, typed names (interfaces) and group contents are refused when
    misspelled, as Junos refuses them."""
    with pytest.raises(ConfigRejected, match=f"^syntax error: {word}$"):
        JunosGrammar().replace("", text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "protocols { bgp { group overlay { type internal; vpn-apply-export; } } }",
            "vpn-apply-export;",
        ),
        ("system { authentication-order [ radius password ]; }", "[ radius password ];"),
        (
            "interfaces { ae1 { esi { 00:01:01:01:01:01:01:01:01:01; all-active; } } }",
            "all-active;",
        ),
        ('groups { node0 { system { host-name n0; } } }\napply-groups "${node}";', "apply-groups"),
        (
            "set system host-name a\ndeactivate system host-name\nprotect system",
            "protect: system {\n    inactive: host-name a;",
        ),
    ],
)
def test_what_devices_print_boots(text: str, shown: str) -> None:
    assert shown in JunosGrammar().replace("", text)


def test_the_status_line_of_a_capture_is_not_config() -> None:
    """`show configuration` captured on a virtual chassis ends with the CLI's `{master:0}`."""
    text = "set system host-name vc-1\n\n{master:0}\n"
    assert "host-name vc-1" in JunosGrammar().replace("", text)
    with pytest.raises(ConfigRejected):
        JunosGrammar().replace("", "set system host-name vc-1\n{mastr:0}\n")
