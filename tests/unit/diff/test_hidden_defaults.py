"""Defaults a device never shows in its running config (IOS/EOS `no shutdown` on a port).

A golden config may state such a default; the device's running config then lacks the line even
though the port is at it. Negating it would leave the default: the rollback of a golden `no
shutdown` used to be `shutdown`, which shuts a port that is up. Each platform's `hidden` rows
say which lines are such defaults (OS10 prints `no shutdown`, so there it is an ordinary line;
Junos shows every statement configured and has none). Every case goes both ways through the
lab; the class of the golden fixtures `<platform>/hidden-defaults` is covered here line by line.
"""

from __future__ import annotations

import pytest

from bluewire.diff import diff_text, remediation, rollback, rules_for
from bluewire.diff.rules import Hidden, Match, PlatformRules
from tests.unit.diff.roundtrip import assert_round_trip, assert_set_round_trip

PORT = {"ios": "interface GigabitEthernet1/0/5", "eos": "interface Ethernet5",
        "dellos10": "interface ethernet1/1/5"}  # fmt: skip
PAD = {"ios": " ", "eos": "   ", "dellos10": " "}
# what a port shows besides its description (OS10 prints `no shutdown`)
SHOWN = {"ios": [], "eos": [], "dellos10": ["no shutdown"]}
HIDDEN = [
    (platform, line)
    for platform in PORT
    for rule in rules_for(platform).hidden
    for line in sorted(rule.lines)
]
# the line a device shows when the port is not at the hidden default
OPPOSITE = {"no shutdown": "shutdown", "switchport": "no switchport"}


def _port(platform: str, *lines: str) -> str:
    body = ["description edge", *SHOWN[platform], *lines]
    return f"hostname h1\n{PORT[platform]}\n" + "".join(f"{PAD[platform]}{x}\n" for x in body)


def _opposite(line: str) -> str:
    return OPPOSITE.get(line, "no " + line)


def test_the_platforms_hide_the_port_defaults_their_references_name() -> None:
    """Pinned as data: a line added here needs a fixture line; OS10 prints `no shutdown`."""
    assert {p: sorted(x for q, x in HIDDEN if q == p) for p in PORT} == {
        "ios": sorted(["no shutdown", "switchport", "cdp enable", "lldp transmit",
                       "lldp receive", "ip redirects", "ip unreachables", "ip proxy-arp"]),
        "eos": sorted(["no shutdown", "switchport", "lldp transmit", "lldp receive"]),
        "dellos10": sorted(["switchport", "lldp transmit", "lldp receive"]),
    }  # fmt: skip
    assert rules_for("junos").hidden == ()


@pytest.mark.parametrize(("platform", "line"), HIDDEN, ids=lambda v: str(v))
def test_a_golden_default_is_neither_sent_nor_negated(platform: str, line: str) -> None:
    """The running config lacks the default because the device never shows it: nothing to do
    either way, and the plan after an apply stays empty."""
    running, golden = _port(platform), _port(platform, line)
    assert remediation(running, golden, platform) == []
    assert rollback(running, golden, platform) == []
    assert diff_text(running, golden, platform) == ""
    assert_round_trip(running, golden, platform)
    assert_round_trip(golden, running, platform)


@pytest.mark.parametrize(("platform", "line"), HIDDEN, ids=lambda v: str(v))
def test_the_shown_opposite_of_a_default_is_undone_and_set_again(platform: str, line: str) -> None:
    """Running `shutdown`, golden `no shutdown`: remediation un-shuts the port (the negation of
    `shutdown`); the rollback shuts it again. The golden may also leave the default out."""
    opposite = _opposite(line)
    running = _port(platform, opposite)
    for golden in (_port(platform, line), _port(platform)):
        assert remediation(running, golden, platform) == [PORT[platform], PAD[platform] + line]
        assert rollback(running, golden, platform) == [PORT[platform], PAD[platform] + opposite]
        assert f"-{PAD[platform]}{opposite}" in diff_text(running, golden, platform)
        assert_round_trip(running, golden, platform)


@pytest.mark.parametrize("platform", sorted(PORT))
def test_a_port_shut_in_the_golden_config_is_shut_and_reopened(platform: str) -> None:
    running = _port(platform)
    shut = running.replace("no shutdown", "shutdown")  # OS10 shows its port up
    golden = shut if shut != running else _port(platform, "shutdown")
    pad = PAD[platform]
    assert remediation(running, golden, platform) == [PORT[platform], pad + "shutdown"]
    assert rollback(running, golden, platform) == [PORT[platform], pad + "no shutdown"]
    assert_round_trip(running, golden, platform)


@pytest.mark.parametrize("platform", ["ios", "eos"])
def test_a_new_port_keeps_the_golden_defaults(platform: str) -> None:
    """A section the running config lacks is sent whole: the default lines are harmless there."""
    name = "interface Loopback7"
    golden = f"hostname h1\n{name}\n{PAD[platform]}no shutdown\n"
    assert remediation("hostname h1\n", golden, platform) == [name, PAD[platform] + "no shutdown"]
    assert rollback("hostname h1\n", golden, platform) == [f"no {name}"]


def test_no_shutdown_outside_a_port_is_an_ordinary_line_on_eos() -> None:
    """EOS prints `no shutdown` where the default is off (management APIs): it is negated."""
    running = "management api http-commands\n   no shutdown\n"
    golden = "management api http-commands\n   shutdown\n"
    assert rollback(running, golden, "eos") == ["management api http-commands", "   no shutdown"]
    assert remediation(running, golden, "eos") == ["management api http-commands", "   shutdown"]
    assert_round_trip(running, golden, "eos")


def test_junos_shows_every_statement_so_disable_is_an_ordinary_one() -> None:
    running = "interfaces {\n    ge-0/0/5 {\n        description edge;\n    }\n}\n"
    golden = "interfaces {\n    ge-0/0/5 {\n        disable;\n        description edge;\n    }\n}\n"
    assert remediation(running, golden, "junos") == ["set interfaces ge-0/0/5 disable"]
    assert rollback(running, golden, "junos") == ["delete interfaces ge-0/0/5 disable"]
    assert_round_trip(running, golden, "junos")
    assert_set_round_trip(running, golden)


def test_hidden_lines_are_found_by_the_section_they_sit_in() -> None:
    """A row names its section: the same words elsewhere are ordinary lines."""
    rules = PlatformRules(
        platform="t",
        hidden=(Hidden(path=(Match(startswith="interface "),), lines=frozenset({"no shutdown"})),
                Hidden(path=(Match(startswith="interface Gi"),), lines=frozenset({"cdp enable"})),
                Hidden(path=(), lines=frozenset({"ip routing"}))),
    )  # fmt: skip
    assert rules.hidden_at(("interface Gi1",)) == {"no shutdown", "cdp enable"}
    assert rules.hidden_at(("interface Vlan1",)) == {"no shutdown"}
    assert rules.hidden_at(()) == {"ip routing"}
    assert rules.hidden_at(("router bgp 1",)) == frozenset()
    assert rules.hidden_at(("interface Gi1", "vrrp 1")) == frozenset()


def test_only_a_level_that_differs_looks_its_hidden_defaults_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The lookup costs a rule walk per section: unchanged sections (most of a plan) skip it."""
    calls: list[tuple[str, ...]] = []
    lookup = PlatformRules.hidden_at

    def counted(self: PlatformRules, section: tuple[str, ...]) -> frozenset[str]:
        calls.append(section)
        return lookup(self, section)

    monkeypatch.setattr(PlatformRules, "hidden_at", counted)
    ports = "".join(f"interface GigabitEthernet1/0/{i}\n description p{i}\n" for i in range(40))
    golden = ports.replace(" description p7\n", " description p7\n no shutdown\n")
    assert remediation(ports, golden, "ios") == []
    assert calls == [("interface GigabitEthernet1/0/7",)]
