"""Junos `load set` in the lab, through NAPALM's junos driver: what a push of `set` commands
leaves is shaped as the device shows it (`then accept;`, value lists, tags), so a golden config
written the device's way shows no drift after the push."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import napalm
import pytest
from napalm.base.exceptions import MergeConfigException
from ncclient.transport import session as nc_session

from bluewire.config.tree import parse
from bluewire.lab.device import Device
from bluewire.lab.fleet import Front, LabHostSpec

BASE = """\
system {
    host-name fw-lab;
    services {
        ssh;
    }
}
interfaces {
    ge-0/0/5 {
        description spare;
    }
}
protocols {
    bgp {
        group ISP-B {
            type external;
            peer-as 64501;
            neighbor 198.51.100.1;
        }
    }
}
"""
StartDevice = Callable[[LabHostSpec], tuple[Device, Front]]


@pytest.fixture(autouse=True)
def fast_ncclient(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nc_session, "TICK", 0.005)


@pytest.fixture
def driver(start_lab_device: StartDevice) -> Iterator[Any]:
    _, front = start_lab_device(LabHostSpec("fw-lab", "junos", BASE))
    cls = napalm.get_network_driver("junos")
    drv = cls("127.0.0.1", "admin", "admin", timeout=10, optional_args={"port": front.port})
    drv.open()
    yield drv
    drv.close()


def push(driver: Any, commands: list[str]) -> str:
    driver.load_merge_candidate(config="\n".join(commands))
    driver.commit_config()
    return str(driver.get_config(retrieve="running")["running"])


# (set commands, the statement as the device shows it, at its place in braces)
SHAPES = [
    (
        ["set policy-options policy-statement P term t then accept"],
        ("policy-options", "policy-statement P", "term t", "then accept"),
    ),
    (
        [
            "set system authentication-order radius",
            "set system authentication-order password",
        ],
        ("system", "authentication-order [ radius password ]"),
    ),
    (
        [
            "set security policies from-zone a to-zone b policy p match source-address any",
            "set security policies from-zone a to-zone b policy p match destination-address any",
            "set security policies from-zone a to-zone b policy p match application any",
            "set security policies from-zone a to-zone b policy p then permit",
        ],
        ("security", "policies", "from-zone a to-zone b", "policy p", "then", "permit"),
    ),
    (
        ["set system ntp server 192.0.2.1 prefer"],
        ("system", "ntp", "server 192.0.2.1 prefer"),
    ),
    (
        ["set system syslog host 192.0.2.9 any any"],
        ("system", "syslog", "host 192.0.2.9", "any any"),
    ),
]


@pytest.mark.lab
@pytest.mark.parametrize(("commands", "shown"), SHAPES, ids=[s[1][-1] for s in SHAPES])
def test_load_set_builds_what_the_device_shows(
    driver: Any, commands: list[str], shown: tuple[str, ...]
) -> None:
    running = push(driver, commands)
    assert shown in set(parse(running, "junos").paths())


@pytest.mark.lab
def test_tags_are_pushed_and_kept(driver: Any) -> None:
    running = push(
        driver,
        [
            "deactivate protocols bgp group ISP-B",
            "deactivate interfaces ge-0/0/5",
            "protect system",
        ],
    )
    assert "inactive: group ISP-B {" in running
    assert "inactive: ge-0/0/5 {" in running
    assert "protect: system {" in running
    running = push(driver, ["activate protocols bgp group ISP-B", "unprotect system"])
    assert "inactive: group ISP-B" not in running and "group ISP-B {" in running
    assert "protect:" not in running and "inactive: ge-0/0/5 {" in running


@pytest.mark.lab
def test_insert_moves_a_term(driver: Any) -> None:
    running = push(
        driver,
        [
            "set firewall family inet filter F term a then accept",
            "set firewall family inet filter F term b then discard",
            "insert firewall family inet filter F term b before term a",
        ],
    )
    assert running.index("term b {") < running.index("term a {")


@pytest.mark.lab
@pytest.mark.parametrize(
    "bad",
    [
        "deactivate protocols bpg group ISP-B",
        "set protocols bgp group ISP-B vpn-aply-export",
        'set system host-name "unterminated',
        "frobnicate system",
    ],
)
def test_a_bad_set_line_is_refused_and_nothing_changes(driver: Any, bad: str) -> None:
    before = driver.get_config(retrieve="running")["running"]
    with pytest.raises(MergeConfigException):
        driver.load_merge_candidate(config=f"set system host-name changed\n{bad}\n")
    driver.discard_config()
    assert driver.get_config(retrieve="running")["running"] == before
