"""Junos lab front: NAPALM conformance, plain ncclient, and each fault as a client sees it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import napalm
import pytest
from jnpr.junos.exception import (
    CommitError,
    ConnectAuthError,
    ConnectClosedError,
    ConnectRefusedError,
)
from napalm.base.exceptions import (
    ConnectionException,
    MergeConfigException,
    ReplaceConfigException,
)
from ncclient import manager
from ncclient.operations.rpc import RPCError
from ncclient.transport import session as nc_session

from bluewire.config.tree import parse_braces
from bluewire.lab.device import ConfigRejected, Device
from bluewire.lab.fleet import Front, LabHostSpec
from bluewire.lab.platforms.junos.grammar import JunosGrammar, compare
from tests.lab.conformance import Candidates, NapalmConformance, wait_for

BASE = """\
version 22.4R3-S2;
system {
    host-name fw-lab;
    domain-name pd.example.net;
    ntp {
        server 192.0.2.10;
    }
    services {
        ssh;
        netconf {
            ssh;
        }
    }
}
interfaces {
    ge-0/0/0 {
        description "uplink to isp";
        unit 0 {
            family inet {
                address 198.51.100.2/30;
            }
        }
    }
    ge-0/0/1 {
        disable;
        unit 0 {
            family inet {
                address 10.0.0.1/24;
            }
        }
    }
}
routing-options {
    router-id 10.255.0.1;
    autonomous-system 65001;
}
protocols {
    bgp {
        group isp {
            type external;
            peer-as 64500;
            neighbor 198.51.100.1 {
                description isp-a;
            }
        }
    }
}
"""
REPLACE = BASE.replace("host-name fw-lab;", "host-name fw-lab-2;").replace(
    "server 192.0.2.10;", "server 192.0.2.10;\n        server 192.0.2.11;"
)
StartDevice = Callable[[LabHostSpec], tuple[Device, Front]]


@pytest.fixture(autouse=True)
def fast_ncclient(monkeypatch: pytest.MonkeyPatch) -> None:
    """ncclient polls its send queue every 100 ms when idle; poll faster so the suite is quick."""
    monkeypatch.setattr(nc_session, "TICK", 0.005)


@pytest.fixture
def lab(start_lab_device: StartDevice) -> tuple[Device, Front]:
    return start_lab_device(LabHostSpec("fw-lab", "junos", BASE))


def open_driver(front: Front, **optional: Any) -> Any:
    cls = napalm.get_network_driver("junos")
    driver = cls(
        "127.0.0.1", "admin", "admin", timeout=10, optional_args={"port": front.port, **optional}
    )
    driver.open()
    return driver


@pytest.mark.lab
class TestJunosConformance(NapalmConformance):
    platform = "junos"

    @pytest.fixture
    def device(self, lab: tuple[Device, Front]) -> Device:
        return lab[0]

    @pytest.fixture
    def driver(self, lab: tuple[Device, Front]) -> Iterator[Any]:
        driver = open_driver(lab[1])
        yield driver
        driver.close()

    @pytest.fixture
    def candidates(self) -> Candidates:
        return Candidates(
            merge="set system ntp server 192.0.2.99",
            merge_marker="192.0.2.99",
            replace=REPLACE,
            invalid="set sytem host-name typo",
        )


# ------------------------------------------------------------------------------ grammar
@pytest.mark.lab
def test_grammar_rejects_unknown_stanza_and_bad_braces() -> None:
    grammar = JunosGrammar()
    for bad in ("sytem { host-name x; }", "system { host-name x; ", "system { host-name x }"):
        with pytest.raises(ConfigRejected):
            grammar.replace(BASE, bad)
    with pytest.raises(ConfigRejected, match="unknown command"):
        grammar.merge(BASE, ["sett system host-name x"])


@pytest.mark.lab
def test_set_and_delete_follow_the_running_shape() -> None:
    grammar = JunosGrammar()
    out = grammar.merge(
        BASE,
        [
            "set interfaces ge-0/0/2 unit 0 family inet address 10.9.0.1/24",
            "set system host-name fw-renamed",
            "delete interfaces ge-0/0/1",
        ],
    )
    paths = set(parse_braces(out).paths())
    assert ("interfaces", "ge-0/0/2", "unit 0", "family inet", "address 10.9.0.1/24") in paths
    assert ("system", "host-name fw-renamed") in paths
    assert ("system", "host-name fw-lab") not in paths
    assert not any(p[:2] == ("interfaces", "ge-0/0/1") for p in paths)
    diff = compare(BASE, out)
    assert "[edit system]\n-  host-name fw-lab;\n+  host-name fw-renamed;" in diff


@pytest.mark.lab
@pytest.mark.parametrize(
    ("config", "word"),
    [
        ("set system hostnme fw1", "hostnme"),
        ("set system services sshh", "sshh"),
        ("set interfaces ge-0/0/0 unit 0 family inte address 10.0.0.1/31", "inte"),
        ("system {\n    services {\n        sshh;\n    }\n}\n", "sshh"),
    ],
)
def test_typo_below_the_top_is_rejected_through_napalm(
    lab: tuple[Device, Front], config: str, word: str
) -> None:
    """A real SRX answers `syntax error`: NAPALM raises and nothing reaches the candidate."""
    device, front = lab
    before = device.running
    driver = open_driver(front)
    try:
        with pytest.raises(MergeConfigException, match=f"syntax error: {word}"):
            driver.load_merge_candidate(config=config)
        assert driver.compare_config() == ""
        typo = BASE.replace("family inet {", "family inte {", 1)
        with pytest.raises(ReplaceConfigException, match="syntax error: inte"):
            driver.load_replace_candidate(config=typo)
        assert device.running == before
    finally:
        driver.discard_config()
        driver.close()


# ------------------------------------------------------------------------------ getters
@pytest.mark.lab
def test_getters_follow_the_config(lab: tuple[Device, Front]) -> None:
    front = lab[1]
    driver = open_driver(front)
    try:
        facts = driver.get_facts()
        assert (facts["hostname"], facts["fqdn"]) == ("fw-lab", "fw-lab.pd.example.net")
        assert (facts["model"], facts["os_version"]) == ("SRX345", "22.4R3-S2")
        ifaces = driver.get_interfaces()
        assert ifaces["ge-0/0/0"]["is_up"] and ifaces["ge-0/0/0"]["description"] == "uplink to isp"
        assert not ifaces["ge-0/0/1"]["is_enabled"] and not ifaces["ge-0/0/1"]["is_up"]
        peer = driver.get_bgp_neighbors()["global"]["peers"]["198.51.100.1"]
        assert (peer["remote_as"], peer["local_as"], peer["is_up"]) == (64500, 65001, True)
        assert driver.get_lldp_neighbors() == {}
        driver.load_merge_candidate(config="delete interfaces ge-0/0/1 disable")
        driver.commit_config()
        assert driver.get_interfaces()["ge-0/0/1"]["is_up"]
    finally:
        driver.close()


# ------------------------------------------------------------------------------ ncclient
@pytest.mark.lab
def test_ncclient_lock_load_commit(lab: tuple[Device, Front]) -> None:
    device, front = lab
    with manager.connect(
        host="127.0.0.1",
        port=front.port,
        username="admin",
        password="admin",
        hostkey_verify=False,
        look_for_keys=False,
        allow_agent=False,
        device_params={"name": "junos"},
    ) as m:
        m.lock()
        m.load_configuration(action="set", config=["set system ntp server 192.0.2.77"])
        diff = m.compare_configuration()
        assert "+  server 192.0.2.77;" in diff.xpath("//configuration-output")[0].text
        m.commit(comment="via ncclient")
        m.unlock()
        assert "server 192.0.2.77" in device.running
        with pytest.raises(RPCError):
            m.load_configuration(action="set", config=["set nonsense here"])
        assert "<host-name>fw-lab</host-name>" in m.get_config(source="running").data_xml


# ------------------------------------------------------------------------------ faults
@pytest.mark.lab
def test_refused_login(lab: tuple[Device, Front]) -> None:
    device, front = lab
    device.faults.refuse_login = True
    with pytest.raises((ConnectionException, ConnectAuthError)):
        open_driver(front)


@pytest.mark.lab
def test_session_dropped_at_commit(lab: tuple[Device, Front]) -> None:
    device, front = lab
    before = device.running
    driver = open_driver(front)
    driver.load_replace_candidate(config=REPLACE)
    device.faults.drop_at = "commit"
    with pytest.raises(ConnectClosedError):
        driver.commit_config()
    assert device.running == before
    assert wait_for(lambda: device.lock_owner is None)  # the lock dies with the session


@pytest.mark.lab
def test_rejected_commit_raises(lab: tuple[Device, Front]) -> None:
    device, front = lab
    before = device.running
    device.faults.reject_commit = "configuration check-out failed"
    driver = open_driver(front)
    try:
        driver.load_replace_candidate(config=REPLACE)
        with pytest.raises(CommitError, match="check-out failed"):
            driver.commit_config()
        assert device.running == before
    finally:
        driver.discard_config()
        driver.close()


@pytest.mark.lab
def test_forgotten_confirm_reverts(lab: tuple[Device, Front]) -> None:
    device, front = lab
    before = device.running
    device.faults.forget_confirm = True
    driver = open_driver(front)
    try:
        driver.load_replace_candidate(config=REPLACE)
        driver.commit_config(revert_in=60)
        driver.confirm_commit()  # ignored by the fault: the timer still fires
        assert wait_for(lambda: device.pending is None and device.running == before)
        assert not driver.has_pending_commit()
    finally:
        driver.close()


@pytest.mark.lab
def test_unreachable_device(lab: tuple[Device, Front]) -> None:
    device, front = lab
    device.faults.unreachable = True
    with pytest.raises((ConnectionException, ConnectRefusedError)):  # napalm lets this one through
        open_driver(front)


@pytest.mark.lab
def test_every_rendered_junos_golden_config_is_accepted(lab: tuple[Device, Front]) -> None:
    """What bluewire pushes must load: each junos golden config replaces, commits and reads back."""
    from bluewire.inventory.load import load_inventory
    from bluewire.project import find_project_root
    from bluewire.render import Renderer, render_hosts

    root = find_project_root()
    hosts = [h for h in load_inventory(root).hosts.values() if h.platform == "junos"]
    rendered = list(render_hosts(Renderer(root.templates_dir), hosts))
    assert hosts, "the example network has no junos host"
    assert [(r.host, r.error) for r in rendered if r.error] == []
    driver = open_driver(lab[1])
    try:
        for result in rendered:
            driver.load_replace_candidate(config=result.config)
            driver.commit_config()
            running = driver.get_config(retrieve="running")["running"]
            assert list(parse_braces(running).paths()) == list(
                parse_braces(result.config).paths()
            ), result.host
    finally:
        driver.close()
