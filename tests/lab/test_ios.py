"""The lab IOS-XE front against the real NAPALM `ios` driver and netmiko `cisco_ios`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import napalm
import pytest
from napalm.base.exceptions import ConnectionException, MergeConfigException
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException, ReadTimeout

from bluewire.lab.device import Device
from bluewire.lab.fleet import LabHostSpec
from bluewire.lab.grammar import load_grammar
from tests.lab.conformance import Candidates, NapalmConformance
from tests.lab.conftest import StartDevice

# `archive` makes commit-confirm possible and `ip scp server enable` lets NAPALM upload
# candidates, as on a real box; `file prompt quiet` is what NAPALM itself adds during a session.
BASE = """\
version 17.9
hostname lab-sw1
!
ip domain name lab.example
ip scp server enable
file prompt quiet
!
interface GigabitEthernet1/0/1
 description uplink
 ip address 10.0.0.1 255.255.255.254
!
interface GigabitEthernet1/0/2
 shutdown
!
archive
 path flash:archive
 maximum 10
!
line vty 0 4
 transport input ssh
!
"""
REPLACE = BASE.replace("description uplink", "description core uplink").replace(
    " shutdown\n", " description spare\n"
)


def ios_spec() -> LabHostSpec:
    return LabHostSpec("lab-sw1", "ios", load_grammar("ios").replace("", BASE))


def ios_driver(device: Device, port: int, password: str = "admin", **extra: Any) -> Any:
    driver_cls = napalm.get_network_driver("ios")
    args = {"port": port, "secret": device.enable_secret, "dest_file_system": "flash:", **extra}
    return driver_cls("127.0.0.1", device.username, password, timeout=10, optional_args=args)


@pytest.fixture
def ios_lab(start_lab_device: StartDevice) -> tuple[Device, int]:
    device, front = start_lab_device(ios_spec())
    return device, front.port


@pytest.mark.lab
class TestIosConformance(NapalmConformance):
    platform: ClassVar[str] = "ios"
    ignore_lines: ClassVar[tuple[str, ...]] = ("file prompt quiet",)
    # A held config lock: `configure terminal` is refused, netmiko cannot enter config mode.
    lock_errors: ClassVar[tuple[type[BaseException], ...]] = (ValueError, MergeConfigException)

    @pytest.fixture
    def device(self, ios_lab: tuple[Device, int]) -> Device:
        return ios_lab[0]

    @pytest.fixture
    def driver(self, ios_lab: tuple[Device, int]) -> Iterator[Any]:
        drv = ios_driver(*ios_lab)
        drv.open()
        yield drv
        drv.close()

    @pytest.fixture
    def candidates(self) -> Candidates:
        return Candidates(
            merge="interface GigabitEthernet1/0/2\n description merged by lab\n",
            merge_marker="description merged by lab",
            replace=REPLACE,
            invalid="interface GigabitEthernet1/0/2\n descriptoin typo\n",
        )


@pytest.mark.lab
def test_get_facts_and_interfaces(ios_lab: tuple[Device, int]) -> None:
    device, port = ios_lab
    drv = ios_driver(device, port)
    drv.open()
    try:
        facts = drv.get_facts()
        interfaces = drv.get_interfaces()
    finally:
        drv.close()
    assert facts["hostname"] == "lab-sw1"
    assert facts["fqdn"] == "lab-sw1.lab.example"
    assert facts["model"] == device.model
    assert facts["serial_number"] == device.serial
    assert device.os_version in facts["os_version"]
    assert facts["interface_list"] == ["GigabitEthernet1/0/1", "GigabitEthernet1/0/2"]
    assert interfaces["GigabitEthernet1/0/1"]["description"] == "uplink"
    assert interfaces["GigabitEthernet1/0/2"]["is_enabled"] is False


@pytest.mark.lab
def test_close_removes_file_prompt_quiet_added_by_napalm(ios_lab: tuple[Device, int]) -> None:
    device, port = ios_lab
    device.running = load_grammar("ios").replace("", BASE.replace("file prompt quiet\n", ""))
    drv = ios_driver(device, port)
    drv.open()
    drv.load_merge_candidate(config="interface GigabitEthernet1/0/2\n description x\n")
    drv.commit_config()
    assert "file prompt quiet" in device.running
    drv.close()
    assert "file prompt quiet" not in device.running
    assert device.startup and "description x" in device.startup


@pytest.mark.lab
def test_netmiko_send_config_set(ios_lab: tuple[Device, int]) -> None:
    device, port = ios_lab
    params = {"username": "admin", "password": "admin", "secret": "admin", "port": port}
    with ConnectHandler(device_type="cisco_ios", host="127.0.0.1", **params) as conn:
        conn.enable()
        output = conn.send_config_set(
            ["interface GigabitEthernet1/0/2", "description from netmiko", "no shutdown"]
        )
        assert "Invalid" not in output
        bad = conn.send_config_set(["hostnme typo"])
        assert "% Invalid input detected" in bad
        assert conn.find_prompt() == "lab-sw1#"
    assert "hostnme" not in device.running
    assert "interface GigabitEthernet1/0/2\n description from netmiko\n" in device.running


@pytest.mark.lab
def test_refused_login(ios_lab: tuple[Device, int]) -> None:
    device, port = ios_lab
    device.faults.refuse_login = True
    # NAPALM's ios driver lets netmiko's auth error through (only timeouts become ConnectionException).
    with pytest.raises((ConnectionException, NetmikoAuthenticationException)):
        ios_driver(device, port).open()
    with pytest.raises(NetmikoAuthenticationException):
        ConnectHandler(
            device_type="cisco_ios", host="127.0.0.1", port=port, username="admin", password="x"
        )


@pytest.mark.lab
def test_dropped_at_commit_leaves_running(ios_lab: tuple[Device, int]) -> None:
    device, port = ios_lab
    before = device.running
    drv = ios_driver(device, port, read_timeout_override=2)
    drv.open()
    drv.load_replace_candidate(config=REPLACE)
    device.faults.drop_at = "commit"
    # The box goes silent: netmiko notices only when its read times out, as with a real drop.
    with pytest.raises((OSError, EOFError, ConnectionException, ReadTimeout)):
        drv.commit_config()
    assert device.running == before


@pytest.mark.lab
def test_rejected_commit(ios_lab: tuple[Device, int]) -> None:
    from napalm.base.exceptions import ReplaceConfigException

    device, port = ios_lab
    before = device.running
    device.faults.reject_commit = "commit rejected by lab fault"
    drv = ios_driver(device, port)
    drv.open()
    try:
        drv.load_replace_candidate(config=REPLACE)
        with pytest.raises(ReplaceConfigException, match="commit rejected by lab fault"):
            drv.commit_config()
        drv.load_merge_candidate(config="interface GigabitEthernet1/0/2\n description y\n")
        with pytest.raises(MergeConfigException):
            drv.commit_config()
        assert device.running == before
    finally:
        device.faults.reject_commit = None
        drv.close()


@pytest.mark.lab
def test_golden_style_merge_with_banner_and_typos() -> None:
    from bluewire.lab.platforms.ios.commit import accepted_lines

    grammar = load_grammar("ios")
    text = "banner motd ^C\nAuthorized use only\n^C\nhostnme x\ninterface Foo1\nhostname ok\n"
    good, bad = accepted_lines(grammar, text)
    assert good == ["banner motd ^C\nAuthorized use only\n^C", "hostname ok"]
    assert bad == ["hostnme x", "interface Foo1"]


@pytest.mark.lab
def test_merge_replaces_single_valued_commands(ios_lab: tuple[Device, int]) -> None:
    device, port = ios_lab
    drv = ios_driver(device, port)
    drv.open()
    try:
        drv.load_merge_candidate(
            config="interface GigabitEthernet1/0/1\n ip address 10.0.0.5 255.255.255.254\n"
        )
        drv.commit_config()
    finally:
        drv.close()
    assert " ip address 10.0.0.5 255.255.255.254" in device.running
    assert "10.0.0.1 255.255.255.254" not in device.running


@pytest.mark.lab
def test_delete_force_removes_a_flash_file(ios_lab: tuple[Device, int]) -> None:
    """`delete /force` (bluewire removes NAPALM's candidate file with it after a device diff)."""
    device, port = ios_lab
    device.files["flash:/candidate_config.txt"] = b"hostname x\n"
    params = {"username": "admin", "password": "admin", "secret": "admin", "port": port}
    with ConnectHandler(device_type="cisco_ios", host="127.0.0.1", **params) as conn:
        conn.enable()
        assert conn.send_command("delete /force flash:candidate_config.txt").strip() == ""
        assert "No such file" in conn.send_command("delete /force flash:candidate_config.txt")
    assert "flash:/candidate_config.txt" not in device.files
