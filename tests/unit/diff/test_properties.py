"""Hypothesis: remediation and rollback round trips, refereed by the lab's grammars.

Two sources of configs: the repository's golden configs with random edits (real, large, every
platform; Junos running configs also in `set` format, as backups hold them, and with random
statements deactivated or protected, refereed by `load set` semantics), and small generated IOS
configs (interfaces, VLANs, numbered ACLs, NTP, BGP neighbors).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bluewire.config.tree import Node, parse, render_braces, to_set_commands
from bluewire.diff import rules_for
from bluewire.lab.device import ConfigRejected
from bluewire.lab.grammar import load_grammar
from tests.unit.diff.roundtrip import assert_round_trip, assert_set_round_trip

GOLDEN = Path(__file__).resolve().parents[3] / "golden_configs"


def _platform(text: str) -> str:
    if "{" in text.split("\n", 2)[1]:
        return "junos"
    if text.startswith("! Version 10"):
        return "dellos10"
    return "eos" if "service routing protocols model" in text else "ios"


CONFIGS = {p.name: p.read_text() for p in sorted(GOLDEN.glob("*.cfg"))}


def _lab_can_remove(platform: str, parents: list[str], text: str) -> bool:
    """The lab accepts bluewire's negation of `text` and keeps no line for it.

    False when the lab stores the negation (`no switchport nonegotiate`: a default the device
    shows, so a running config without either line is one no device has), and where the lab's
    grammar lacks a negation the device accepts (known: OS10 `no tacacs-server host <ip>`,
    `no radius-server host <ip>`; EOS `no username <name>`), which are then not exercised here.
    """
    negation = rules_for(platform).negate((*parents, text))
    try:
        out = load_grammar(platform).merge("", [*parents, negation])
    except ConfigRejected:
        return False
    return negation not in out


def _removable(platform: str, parents: list[str], node: Node) -> bool:
    if platform == "junos":
        return not node.children
    if node.text.startswith("no ") or "\n" in node.text:
        return False
    if node.text in rules_for(platform).structural:
        return False
    return _lab_can_remove(platform, parents, node.text)


def _edit(root: Node, platform: str, picks: list[tuple[int, int, bool]]) -> Node:
    """Remove a few lines (or re-describe them), as an engineer editing the box by hand would."""
    for where, which, redescribe in picks:
        parents = [(p, [t.text for t in path]) for p, path in _sections(root)]
        parent, path = parents[where % len(parents)]
        if not parent.children:
            continue
        node = parent.children[which % len(parent.children)]
        if redescribe and node.text.startswith("description "):
            node.text = "description edited by hand" if platform != "junos" else 'description "x"'
        elif _removable(platform, path, node) and (platform != "junos" or len(parent.children) > 1):
            parent.children.remove(node)
    return root


def _sections(root: Node) -> list[tuple[Node, list[Node]]]:
    out: list[tuple[Node, list[Node]]] = [(root, [])]

    def walk(node: Node, path: list[Node]) -> None:
        for c in node.children:
            if c.children:
                out.append((c, [*path, c]))
                walk(c, [*path, c])

    walk(root, [])
    return out


def _render(root: Node, platform: str) -> str:
    return render_braces(root) if platform == "junos" else load_grammar(platform).render(root)


PICKS = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), st.booleans()), max_size=8
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(CONFIGS)), picks=PICKS)
@example(name="d3-access-1.cfg", picks=[(0, 3497, False)])  # the OS10 mgmt port re-created
def test_round_trip_on_edited_golden_configs(name: str, picks: list[tuple[int, int, bool]]) -> None:
    golden = CONFIGS[name]
    platform = _platform(golden)
    running = _render(_edit(parse(golden, platform), platform, picks), platform)
    assert_round_trip(running, golden, platform)


JUNOS = sorted(n for n, text in CONFIGS.items() if _platform(text) == "junos")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(JUNOS), picks=PICKS, golden_as_set=st.booleans())
def test_round_trip_with_junos_running_in_set_format(
    name: str, picks: list[tuple[int, int, bool]], golden_as_set: bool
) -> None:
    """A `display set` backup as the running config; the golden config in either format."""
    golden = CONFIGS[name]
    edited = _edit(parse(golden, "junos"), "junos", picks)
    running = "\n".join(to_set_commands(edited)) + "\n"
    if golden_as_set:
        golden = "\n".join(to_set_commands(parse(golden, "junos"))) + "\n"
    assert_round_trip(running, golden, "junos")


TAGGING = st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["inactive", "protect"])))


def _tag(root: Node, tagging: list[tuple[int, str]]) -> Node:
    nodes = [n for _, n in root.walk()]
    for where, tag in tagging:
        node = nodes[where % len(nodes)]
        node.tags = node.tags ^ {tag}
    return root


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(JUNOS),
    picks=PICKS,
    tagging=TAGGING,
    golden_tagging=TAGGING,
    as_set=st.booleans(),
)
@example(name=JUNOS[0], picks=[(0, 0, False)], tagging=[], golden_tagging=[(1, "protect")],
         as_set=False)  # fmt: skip
def test_round_trip_with_junos_tags(
    name: str,
    picks: list[tuple[int, int, bool]],
    tagging: list[tuple[int, str]],
    golden_tagging: list[tuple[int, str]],
    as_set: bool,
) -> None:
    """Random statements deactivated or protected on either side (a protected statement in a
    hierarchy one side lacks must be unprotected before the delete), running in either format."""
    golden = render_braces(_tag(parse(CONFIGS[name], "junos"), golden_tagging))
    edited = _tag(_edit(parse(CONFIGS[name], "junos"), "junos", picks), tagging)
    running = render_braces(edited)
    if as_set:
        running = "\n".join(to_set_commands(edited)) + "\n"
    assert_set_round_trip(running, golden)


ENTRY = st.tuples(st.integers(1, 60), st.sampled_from(["10.0.0.0", "10.1.0.0", "192.0.2.0"]))
PORT = st.tuples(
    st.integers(1, 12),
    st.sampled_from(["desk", "camera", "printer"]),
    st.sampled_from([10, 20, 30]),
    st.booleans(),
)


@st.composite
def ios_configs(draw: st.DrawFn) -> str:
    lines = [f"hostname sw-{draw(st.integers(1, 3))}"]
    for vlan in sorted(draw(st.sets(st.sampled_from([10, 20, 30, 40]), max_size=4))):
        lines += [f"vlan {vlan}", f" name V{vlan}-{draw(st.integers(1, 2))}"]
    ports = draw(st.dictionaries(st.integers(1, 12), PORT.map(lambda p: p[1:]), max_size=6))
    for port, (role, vlan, shut) in sorted(ports.items()):
        lines += [f"interface GigabitEthernet1/0/{port}", f" description {role}"]
        lines += [f" switchport access vlan {vlan}", " switchport mode access"]
        lines += [" shutdown"] if shut else []
    entries = draw(st.dictionaries(st.integers(1, 60), ENTRY.map(lambda e: e[1]), max_size=6))
    if entries:
        lines.append("ip access-list extended VTY")
        lines += [
            f" {s * 10} permit tcp {net} 0.0.255.255 any eq 22"
            for s, net in sorted(entries.items())
        ]
        lines.append(" 1000 deny ip any any log")
    for server in sorted(draw(st.sets(st.sampled_from(["10.0.0.1", "10.0.0.2", "10.0.0.3"])))):
        lines.append(f"ntp server {server}")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(running=ios_configs(), golden=ios_configs())
def test_round_trip_on_generated_ios_configs(running: str, golden: str) -> None:
    assert_round_trip(running, golden, "ios")
