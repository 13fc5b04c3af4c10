"""The data-driven CLI grammar engine, on a tiny inline grammar and on the EOS grammar file."""

from __future__ import annotations

import pytest

from bluewire.config import tree
from bluewire.lab.device import ConfigRejected
from bluewire.lab.fleet import platform
from bluewire.lab.grammar import CliGrammar, GrammarError, load_grammar

SPEC = {
    "platform": "ios",
    "indent": 1,
    "invalid": "% Invalid input detected at '^' marker.",
    "exit": ["exit", "exit-address-family"],
    "modes": {
        "global": {
            "commands": [
                {"match": r"^hostname \S+$", "key": 1},
                r"^ntp server \S+( prefer)?$",
                r"^(no )?ip routing$",
            ],
            "opens": [
                {"match": r"^interface (GigabitEthernet|Vlan)\S+$", "mode": "interface"},
                {"match": r"^router bgp \d+$", "mode": "bgp"},
            ],
        },
        "interface": {
            "commands": [{"match": r"^description .+$", "key": 1}, r"^shutdown$"],
            "opens": [],
        },
        "bgp": {
            "commands": [r"^neighbor \S+ remote-as \d+$"],
            "opens": [{"match": r"^address-family ipv4$", "mode": "af"}],
        },
        "af": {"commands": [r"^neighbor \S+ activate$"], "opens": []},
    },
}
RUNNING = """\
hostname r1
ntp server 10.0.0.1 prefer
ntp server 10.0.0.2
interface GigabitEthernet1
 description uplink
 shutdown
"""


@pytest.fixture
def g() -> CliGrammar:
    return CliGrammar(SPEC)


def test_merge_falls_back_to_parent_modes(g: CliGrammar) -> None:
    out = g.merge(RUNNING, ["interface GigabitEthernet1", "description new", "hostname r2"])
    assert out.splitlines()[0] == "hostname r2"
    assert " description new" in out and "uplink" not in out


def test_no_removes_by_word_prefix_in_the_right_mode(g: CliGrammar) -> None:
    out = g.merge(RUNNING, ["interface GigabitEthernet1", "no shutdown", "no ntp server 10.0.0.2"])
    assert " shutdown" not in out
    assert "10.0.0.2" not in out and "10.0.0.1" in out


def test_stored_negation_replaces_its_positive(g: CliGrammar) -> None:
    out = g.merge("ip routing\n", ["no ip routing"])
    assert out == "no ip routing\n"
    assert g.merge(out, ["ip routing"]) == "ip routing\n"


def test_exit_and_end_leave_modes(g: CliGrammar) -> None:
    cmds = [
        "router bgp 65000",
        "address-family ipv4",
        "neighbor 10.0.0.9 activate",
        "exit-address-family",
        "neighbor 10.0.0.9 remote-as 65001",
        "end",
    ]
    root = tree.parse(g.merge("", cmds), "ios")
    assert list(root.paths())[-1] == ("router bgp 65000", "neighbor 10.0.0.9 remote-as 65001")


@pytest.mark.parametrize("bad", ["hostnme x", "interface Foo1", "hostname", "no hostnme"])
def test_typos_are_rejected_with_platform_text(g: CliGrammar, bad: str) -> None:
    with pytest.raises(ConfigRejected) as info:
        g.merge(RUNNING, ["interface GigabitEthernet1", bad])
    assert str(info.value) == SPEC["invalid"]
    assert info.value.line == bad and info.value.lineno == 2


def test_replace_checks_indentation_context(g: CliGrammar) -> None:
    assert tree.parse(g.replace("", RUNNING), "ios").paths is not None
    with pytest.raises(ConfigRejected) as info:
        g.replace("", "hostname r1\n description misplaced\n")
    assert info.value.lineno == 2
    with pytest.raises(ConfigRejected):
        g.replace("", "interface GigabitEthernet1\n neighbor 1.1.1.1 activate\n")


def test_replace_keeps_the_tree(g: CliGrammar) -> None:
    again = g.replace("", RUNNING)
    assert list(tree.parse(again, "ios").paths()) == list(tree.parse(RUNNING, "ios").paths())


def test_unknown_mode_is_a_grammar_error() -> None:
    spec = {**SPEC, "modes": {"global": {"opens": [{"match": "^x$", "mode": "nowhere"}]}}}
    with pytest.raises(GrammarError):
        CliGrammar(spec)


def test_eos_grammar_round_trips_flat_and_indented() -> None:
    eos = load_grammar("eos")
    text = (
        "hostname leaf1\n!\nmanagement api http-commands\n   protocol https\n   no shutdown\n"
        "   !\n   vrf MGMT\n      no shutdown\n!\ninterface Ethernet49/1\n   mtu 9214\n"
        "   no switchport\n   ip address 10.0.0.1/31\n!\nbanner login\nhi there\nEOF\n"
    )
    indented = eos.replace("", text)
    flat = eos.merge(
        "",
        [
            *(ln.strip() for ln in text.splitlines()[:-3] if ln.strip() != "!"),
            "banner login\nhi there\nEOF",
        ],
    )
    paths = list(tree.parse(text, "eos").paths())
    assert list(tree.parse(indented, "eos").paths()) == paths
    assert list(tree.parse(flat, "eos").paths()) == paths


def _golden(platform: str) -> list[tuple[str, str]]:
    from bluewire.inventory.load import load_inventory
    from bluewire.project import find_project_root
    from bluewire.render import Renderer, render_hosts

    project = find_project_root()
    hosts = [h for h in load_inventory(project).hosts.values() if h.platform == platform]
    rendered = list(render_hosts(Renderer(project.templates_dir), hosts))
    assert [(x.host, x.error) for x in rendered if x.error or not x.config] == []
    return [(x.host, x.config or "") for x in rendered]


def _napalm_lines(config: str) -> list[str]:
    """What NAPALM's eos driver sends: stripped lines, no `!`, the banner as one command."""
    out: list[str] = []
    lines = iter(config.splitlines())
    for raw in lines:
        line = raw.strip()
        if line.startswith("banner "):
            body = []
            for more in lines:
                if more.strip() == "EOF":
                    break
                body.append(more)
            out.append("\n".join([line, *body, "EOF"]))
        elif line and not line.startswith("!"):
            out.append(line)
    return out


def test_eos_golden_configs_are_accepted_both_ways() -> None:
    eos = load_grammar("eos")
    golden = _golden("eos")
    assert golden, "the example network renders no eos golden config (a template regression?)"
    for host, config in golden:
        paths = list(tree.parse(config, "eos").paths())
        assert list(tree.parse(eos.replace("", config), "eos").paths()) == paths, host
        flat = eos.merge("", _napalm_lines(config))
        assert list(tree.parse(flat, "eos").paths()) == paths, host


def test_no_removes_the_positive_even_when_a_rule_spells_the_negation() -> None:
    ios = load_grammar("ios")
    running = (
        "service pad\nlogging console informational\n"
        "interface GigabitEthernet1/0/1\n cdp enable\n description x\n"
    )
    out = ios.merge(
        running,
        ["no service pad", "no logging console", "interface GigabitEthernet1/0/1", "no cdp enable"],
    )
    paths = list(tree.parse(out, "ios").paths())
    assert ("service pad",) not in paths and ("no service pad",) in paths
    assert not any(p[0].startswith("logging console") for p in paths)
    iface = "interface GigabitEthernet1/0/1"
    assert (iface, "cdp enable") not in paths and (iface, "no cdp enable") in paths
    again = ios.merge(out, ["no service pad", "interface GigabitEthernet1/0/1", "no cdp enable"])
    assert again == out


def test_set_keeps_a_stored_negation_of_a_different_setting() -> None:
    os10 = load_grammar("dellos10")
    mgmt = "interface mgmt1/1/1"
    out = os10.merge(f"{mgmt}\n no ip address dhcp\n", [mgmt, "ip address 10.0.0.5/24"])
    paths = list(tree.parse(out, "dellos10").paths())
    assert (mgmt, "no ip address dhcp") in paths and (mgmt, "ip address 10.0.0.5/24") in paths
    out = os10.merge(f"{mgmt}\n no ip address\n", [mgmt, "ip address 10.0.0.5/24"])
    assert list(tree.parse(out, "dellos10").paths()) == [
        (mgmt,),
        (mgmt, "ip address 10.0.0.5/24"),
    ]


def test_no_of_a_complete_command_keeps_longer_commands() -> None:
    """`no ip dhcp snooping` turns snooping off; `ip dhcp snooping vlan ...` stays, as on IOS."""
    ios = load_grammar("ios")
    running = "ip dhcp snooping vlan 400,410\nip dhcp snooping\nlogging console informational\n"
    out = ios.merge(running, ["no ip dhcp snooping", "no logging console"])
    paths = list(tree.parse(out, "ios").paths())
    assert ("ip dhcp snooping vlan 400,410",) in paths
    assert ("ip dhcp snooping",) not in paths
    assert not any(p[0] == "logging console informational" for p in paths)


@pytest.mark.parametrize("name", ["ios", "eos", "dellos10"])
def test_no_with_the_key_words_removes_a_keyed_setting(name: str) -> None:
    """`no username temp-vendor` is how a user is deleted on IOS, EOS and OS10 (the diff
    engine negates a keyed setting by its key); a typo in the keyword is still refused."""
    grammar = load_grammar(name)
    user = platform(name).brownfield_user
    assert user.startswith("username temp-vendor ")
    out = grammar.merge(f"hostname sw1\n{user}\n", ["no username temp-vendor"])
    assert list(tree.parse(out, name).paths()) == [("hostname sw1",)]
    with pytest.raises(ConfigRejected):
        grammar.merge(f"hostname sw1\n{user}\n", ["no usrname temp-vendor"])


def test_os10_mgmt_port_keeps_dhcp_off_next_to_a_static_address() -> None:
    """OS10 prints `no ip address dhcp` on a mgmt port with a static address: it is stored."""
    os10 = load_grammar("dellos10")
    mgmt = "interface mgmt1/1/1"
    out = os10.merge("", [mgmt, "no ip address dhcp", "ip address 10.0.0.5/24", "no shutdown"])
    assert list(tree.parse(out, "dellos10").paths()) == [
        (mgmt,),
        (mgmt, "no ip address dhcp"),
        (mgmt, "ip address 10.0.0.5/24"),
        (mgmt, "no shutdown"),
    ]
    assert os10.merge(f"{mgmt}\n no ip address dhcp\n", [mgmt, "ip address dhcp"]) == (
        f"{mgmt}\n ip address dhcp\n!\n"
    )
