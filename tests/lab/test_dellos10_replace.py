"""bluewire's OS10 driver replaces whole configs through the real driver against the lab switch:
the diff engine's commands, entered mode by mode, give the target (a physical port the target
leaves out stays, at its defaults)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bluewire.config import tree
from bluewire.diff import rules_for
from bluewire.diff.ports import at_defaults
from bluewire.lab.device import Device
from bluewire.lab.platforms.dellos10 import front as os10
from tests.lab.conformance import config_paths
from tests.lab.test_dellos10 import BASE, make_device, open_driver

REPO = Path(__file__).resolve().parents[2]
TOR = (REPO / "golden_configs" / "dc-tor-1.cfg").read_text()


def golden(host: str) -> str:
    return (REPO / "golden_configs" / f"{host}.cfg").read_text()


def paths(text: str, skip: frozenset[str] = frozenset()) -> list[tuple[str, ...]]:
    return sorted(p for p in config_paths(text, "dellos10") if p[0] not in skip)


def drop_block(text: str, opener: str) -> str:
    """`text` without the section `opener` (its line, its indented lines and the `!` after)."""
    out, n = re.subn(rf"^{re.escape(opener)}\n(?: .*\n)*!\n", "", text, flags=re.M)
    assert n == 1, opener
    return out


def replace_on_lab(running: str, target: str) -> Device:
    """Start a switch on `running`, replace it with `target` through the driver, commit."""
    device = make_device()
    device.set_running(device.grammar.replace("", running))
    front = os10.serve(device)
    driver = open_driver(device, front.port, timeout=30)
    try:
        driver.load_replace_candidate(config=target)
        assert driver.compare_config()
        driver.commit_config()
        driver.load_replace_candidate(config=device.running)
        assert driver.compare_config() == ""  # nothing left to do
        driver.discard_config()
    finally:
        driver.close()
        front.stop()
    return device


def left_out_ports(running: str, target: str) -> frozenset[str]:
    """The physical ports of `running` that `target` leaves out."""
    rules = rules_for("dellos10")
    present = {n.text for n in tree.parse(target, "dellos10").children}
    return frozenset(
        n.text
        for n in tree.parse(running, "dellos10").children
        if rules.port((n.text,)) is not None and n.text not in present
    )


def assert_replaced(device: Device, running: str, target: str) -> None:
    """The switch runs `target`, and each port `target` leaves out is there, at its defaults."""
    kept = left_out_ports(running, target)
    assert paths(device.running, kept) == paths(target)
    rules = rules_for("dellos10")
    ports = {n.text: n for n in tree.parse(device.running, "dellos10").children if n.text in kept}
    assert ports.keys() == kept
    for name, node in ports.items():
        port = rules.port((name,))
        assert port is not None and at_defaults(node, port, rules.structural), name


# (running, target): a golden config changed the ways a merge request changes one.
CASES: dict[str, tuple[str, str]] = {
    "ports-55-56-left-out": (
        TOR,
        drop_block(drop_block(TOR, "interface ethernet1/1/55"), "interface ethernet1/1/56"),
    ),
    "vlan-deleted": (TOR, drop_block(TOR, "interface vlan998")),
    "banner-and-description": (
        TOR,
        TOR.replace("Unauthorized use", "Any unauthorized use").replace(
            '"evidence storage array"', '"evidence array B"'
        ),
    ),
    "port-settings-removed": (TOR, TOR.replace(" storm-control multicast 5000\n", "", 1)),
    "other-host": (TOR, golden("dc-tor-2")),
    "same-role-access": (golden("d3-access-1"), golden("d5-access-1")),
}


@pytest.mark.lab
@pytest.mark.parametrize(("running", "target"), CASES.values(), ids=CASES.keys())
def test_replace_a_golden_config(running: str, target: str) -> None:
    assert running != target
    assert_replaced(replace_on_lab(running, target), running, target)


@pytest.mark.lab
@pytest.mark.parametrize(("old", "new"), [("dc-tor-1", "d3-access-1"), ("d3-access-1", "dc-tor-1")])
def test_replace_across_roles(old: str, new: str) -> None:
    """Ports go from L3 (LAG members) to L2 trunks and back, and trunks lose or gain their
    untagged VLAN (`no switchport access vlan`)."""
    assert_replaced(replace_on_lab(golden(old), golden(new)), golden(old), golden(new))


@pytest.mark.lab
def test_a_global_command_after_a_section_lands_globally() -> None:
    """`errdisable recovery interval` is valid globally and (as `errdisable recovery ...`) inside
    an interface: after a section the driver closes it with `exit`, so the line lands where the
    text puts it, not in the section the CLI would fall back from."""
    target = BASE.replace(
        "interface vlan200\n", "errdisable recovery interval 300\n!\ninterface vlan200\n"
    ).replace(" description server\n", " description server-2\n")
    device = replace_on_lab(BASE, target)
    assert ("errdisable recovery interval 300",) in config_paths(device.running, "dellos10")
    assert paths(device.running) == paths(target)
