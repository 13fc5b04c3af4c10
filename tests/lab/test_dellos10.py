"""Dell OS10 lab device: the shared NAPALM conformance suite through bluewire's own OS10 driver,
netmiko `dell_os10` as a second client, OS10's transaction mode, and each fault kind."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import napalm
import pytest
from napalm.base.exceptions import CommitError, ConnectionException
from netmiko import ConnectHandler

from bluewire.lab.clock import Clock
from bluewire.lab.device import Device
from bluewire.lab.grammar import load_grammar
from bluewire.lab.platforms.dellos10 import front as os10
from bluewire.platforms import profile
from tests.lab.conformance import Candidates, NapalmConformance, config_paths, wait_for

BASE = """\
hostname lab-os10
ip domain-name pd.city.example
ntp server 10.250.0.11
logging server 10.250.0.21 tcp 514 severity log-info
interface ethernet1/1/1
 description server
 no shutdown
 switchport access vlan 200
!
interface ethernet1/1/2
 shutdown
!
interface vlan200
 description EVIDENCE
 no shutdown
!
router bgp 65010
 router-id 10.254.1.2
 neighbor 10.0.1.3
  description cjis-fw-2
  remote-as 65020
  no shutdown
"""
REPLACE = """\
hostname lab-os10-new
ip domain-name pd.city.example
ntp server 10.250.0.11
interface ethernet1/1/1
 description server-renamed
 no shutdown
 switchport access vlan 200
!
interface ethernet1/1/2
 no shutdown
!
router bgp 65010
 router-id 10.254.1.2
 neighbor 10.0.1.3
  description cjis-fw-2
  remote-as 65020
  no shutdown
!
ntp server 10.250.0.12
"""


def make_device() -> Device:
    grammar = load_grammar("dellos10")
    return Device(
        "lab-os10",
        "dellos10",
        grammar,
        grammar.replace("", BASE),
        Clock(scale=60),
        model="S5248F-ON",
        os_version="10.5.5.5",
    )


def open_driver(device: Device, port: int, timeout: int = 10) -> Any:
    driver_cls = napalm.get_network_driver(profile("dellos10").napalm_driver)
    args = {"port": port}
    driver = driver_cls("127.0.0.1", "admin", "admin", timeout=timeout, optional_args=args)
    driver.open()
    return driver


@pytest.mark.lab
class TestDellOS10Conformance(NapalmConformance):
    platform = "dellos10"

    def same(self, a: str, b: str) -> bool:
        """Same lines, in any order: OS10 has no replace, the CLI appends a re-added block at the
        end (the real switch prints its own canonical order), so order is not the driver's."""
        return sorted(config_paths(a, self.platform)) == sorted(config_paths(b, self.platform))

    @pytest.fixture
    def device(self) -> Iterator[Device]:
        dev = make_device()
        front = os10.serve(dev)
        dev.lab_port = front.port  # type: ignore[attr-defined]
        yield dev
        dev.cancel_pending()
        front.stop()

    @pytest.fixture
    def driver(self, device: Device) -> Iterator[Any]:
        drv = open_driver(device, device.lab_port)  # type: ignore[attr-defined]
        yield drv
        drv.close()

    def test_commit_without_confirm_reverts(
        self, driver: Any, device: Device, candidates: Candidates
    ) -> None:
        """OS10 reverts by rebooting: the driver's session dies with the reload, so the check
        after the revert opens a new one once the switch is back (as a real client must)."""
        before = device.running
        driver.load_replace_candidate(config=candidates.replace)
        driver.commit_config(revert_in=self.revert_in)
        assert self.same(device.running, candidates.replace)
        assert wait_for(lambda: device.pending is None and self.same(device.running, before))
        assert wait_for(lambda: not device.is_down())
        fresh = open_driver(device, device.lab_port)  # type: ignore[attr-defined]
        try:
            assert not fresh.has_pending_commit()
        finally:
            fresh.close()

    @pytest.fixture
    def candidates(self) -> Candidates:
        return Candidates(
            merge="ntp server 10.250.0.99\n",
            merge_marker="ntp server 10.250.0.99",
            replace=REPLACE,
            invalid="ntp servr 10.250.0.99",
        )


def netmiko_session(port: int) -> Any:
    return ConnectHandler(
        device_type="dell_os10", host="127.0.0.1", port=port, username="admin", password="admin"
    )


@pytest.mark.lab
def test_netmiko_send_config_set_applies_immediately(os10_switch: tuple[Device, int]) -> None:
    device, port = os10_switch
    conn = netmiko_session(port)
    try:
        out = conn.send_config_set(
            ["interface ethernet 1/1/2", "description uplink", "no shutdown"]
        )
        assert "% Error" not in out
        assert "(conf-if-eth1/1/2)#" in out
        block = device.running.split("interface ethernet1/1/2\n", 1)[1].split("!", 1)[0]
        assert block.splitlines() == [" no shutdown", " description uplink"]
        assert "% Error: Unrecognized command." in conn.send_config_set(["hostnme x"])
        conn.save_config()
        assert device.startup == device.running
    finally:
        conn.disconnect()


@pytest.mark.lab
def test_transaction_mode_keeps_running_until_commit(os10_switch: tuple[Device, int]) -> None:
    device, port = os10_switch
    before = device.running
    conn = netmiko_session(port)
    try:
        conn.send_command("start transaction")
        conn.send_config_set(["ntp server 10.9.9.9"])
        assert device.running == before
        assert "ntp server 10.9.9.9" in conn.send_command("show candidate-configuration")
        assert "+ntp server 10.9.9.9" in conn.send_command(
            "show diff candidate-configuration running-configuration"
        )
        conn.send_command("commit")
        assert "ntp server 10.9.9.9" in device.running
    finally:
        conn.disconnect()


@pytest.mark.lab
def test_copy_home_file_merges_into_running(os10_switch: tuple[Device, int]) -> None:
    device, port = os10_switch
    device.files["home://extra.cfg"] = b"interface vlan300\n description NEW\n"
    conn = netmiko_session(port)
    try:
        assert "Copy completed" in conn.send_command("copy home://extra.cfg running-configuration")
        assert "interface vlan300\n description NEW" in device.running
        assert "hostname lab-os10" in device.running  # a merge: nothing else removed
    finally:
        conn.disconnect()


@pytest.mark.lab
def test_getters(os10_switch: tuple[Device, int]) -> None:
    device, port = os10_switch
    driver = open_driver(device, port)
    try:
        ifaces = driver.get_interfaces()
        assert ifaces["ethernet1/1/1"]["is_enabled"] and ifaces["ethernet1/1/1"]["is_up"]
        assert not ifaces["ethernet1/1/2"]["is_enabled"]
        assert driver.get_lldp_neighbors() == {}
        bgp = driver.get_bgp_neighbors()["global"]
        assert bgp["router_id"] == "10.254.1.2"
        peer = bgp["peers"]["10.0.1.3"]
        assert peer["remote_as"] == 65020 and peer["description"] == "cjis-fw-2"
        assert not peer["is_up"]
    finally:
        driver.close()


@pytest.mark.lab
def test_fault_forget_confirm_reboots_into_saved_config(os10_switch: tuple[Device, int]) -> None:
    device, port = os10_switch
    device.faults.forget_confirm = True
    driver = open_driver(device, port)
    try:
        driver.load_merge_candidate(config="ntp server 10.9.9.9\n")
        driver.commit_config(revert_in=60)
        driver.confirm_commit()  # `reload cancel` is lost; the reload still comes
        assert wait_for(lambda: device.pending is None)
        assert device.uptime_s() < 5
    finally:
        driver.close()


@pytest.mark.lab
@pytest.mark.parametrize("fault", ["refuse_login", "unreachable"])
def test_fault_login(os10_switch: tuple[Device, int], fault: str) -> None:
    device, port = os10_switch
    setattr(device.faults, fault, True)
    with pytest.raises(ConnectionException):
        open_driver(device, port)


@pytest.mark.lab
def test_fault_reject_commit(os10_switch: tuple[Device, int]) -> None:
    device, port = os10_switch
    before = device.running
    device.faults.reject_commit = "commit failed: validation error"
    driver = open_driver(device, port)
    try:
        driver.load_merge_candidate(config="ntp server 10.9.9.9\n")
        with pytest.raises(CommitError, match="validation error"):
            driver.commit_config()
        assert device.running == before
        assert device.lock_owner is None
    finally:
        driver.close()


@pytest.mark.lab
def test_fault_drop_at_commit(os10_switch: tuple[Device, int]) -> None:
    device, port = os10_switch
    before = device.running
    device.faults.drop_at = "commit"
    driver = open_driver(device, port, timeout=1)  # the dropped session is noticed at read time
    try:
        driver.load_merge_candidate(config="ntp server 10.9.9.9\n")
        with pytest.raises(ConnectionException):
            driver.commit_config()
        assert device.running == before
    finally:
        driver.close()


@pytest.mark.lab
def test_fault_slow_commit_and_latency_still_commit(os10_switch: tuple[Device, int]) -> None:
    device, port = os10_switch
    device.faults.slow_commit_s = 6.0  # lab seconds: 0.1 s real
    device.faults.latency_s = 0.3
    driver = open_driver(device, port)
    try:
        driver.load_merge_candidate(config="ntp server 10.9.9.9\n")
        driver.commit_config()
        assert "ntp server 10.9.9.9" in device.running
    finally:
        driver.close()


@pytest.mark.lab
@pytest.mark.parametrize("end", ["logout", "killed"])
def test_an_ended_session_frees_its_lock_and_candidate(
    os10_switch: tuple[Device, int], end: str
) -> None:
    """A session that locked and started a transaction, then went away (however), leaves no lock
    and no half-made candidate behind: the next client can load and commit."""
    device, port = os10_switch
    before = device.running
    conn = netmiko_session(port)
    conn.send_command("lock")
    conn.send_command("start transaction")
    conn.send_config_set(["ntp server 10.9.9.9"])
    assert device.lock_owner is not None
    if end == "logout":
        conn.disconnect()
    else:  # the client process dies: its TCP connection just goes away
        conn.remote_conn.get_transport().sock.close()
    assert wait_for(lambda: device.lock_owner is None and not device.sessions)
    driver = open_driver(device, port)
    try:
        assert driver.compare_config() == ""  # the dead session's candidate is gone
        driver.load_merge_candidate(config="ntp server 10.250.0.99\n")
        driver.commit_config()
    finally:
        driver.close()
    assert "ntp server 10.250.0.99" in device.running
    assert "10.9.9.9" not in device.running and before != device.running


@pytest.mark.lab
def test_a_reload_is_downtime(os10_switch: tuple[Device, int]) -> None:
    """The revert reload cuts every session and keeps the switch unreachable for a while."""
    device, port = os10_switch
    watcher = netmiko_session(port)
    driver = open_driver(device, port)
    try:
        driver.load_merge_candidate(config="ntp server 10.9.9.9\n")
        driver.commit_config(revert_in=60)
        assert wait_for(lambda: device.is_down())
        assert wait_for(lambda: not device.sessions)  # the watcher's session too
        with pytest.raises(ConnectionException):
            open_driver(device, port, timeout=3)
        assert wait_for(lambda: not device.is_down())
        assert "10.9.9.9" not in device.running
    finally:
        driver.close()
        watcher.disconnect()
    open_driver(device, port).close()
