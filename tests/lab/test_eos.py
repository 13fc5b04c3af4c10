"""EOS lab device through the real NAPALM eos driver (pyeapi over HTTPS/HTTP), pyeapi, faults."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import napalm
import pyeapi
import pytest
from napalm.base.exceptions import MergeConfigException
from napalm.eos import eos as napalm_eos
from pyeapi.eapilib import CommandError
from pyeapi.eapilib import ConnectionError as EapiConnectionError

from bluewire.lab.device import Device
from bluewire.lab.fleet import Front, LabHostSpec
from tests.lab.conformance import Candidates, NapalmConformance, wait_for
from tests.lab.conftest import StartDevice

pytestmark = pytest.mark.lab

INITIAL = """\
hostname leaf1
dns domain pd.city.example
ip name-server vrf MGMT 10.250.0.53
!
ntp server vrf MGMT 10.250.0.11 prefer key 10
ntp server vrf MGMT 10.250.0.12 key 10
!
username breakglass privilege 15 role network-admin secret sha512 %%SECRET:local_breakglass%%
!
banner login
Authorized use only.
EOF
!
vrf instance MGMT
!
management api http-commands
   protocol https
   no shutdown
   !
   vrf MGMT
      no shutdown
!
vlan 210
   name RMS-SERVERS
!
interface Ethernet1
   description dc-tor-1 ethernet1/1/49
   switchport mode trunk
   switchport trunk allowed vlan 10,210
!
interface Ethernet2
   description spare
   shutdown
!
interface Management1
   vrf MGMT
   ip address 10.255.2.1/24
!
ip routing
no ip routing vrf MGMT
!
router bgp 65010
   router-id 10.254.1.1
   neighbor 10.0.1.1 remote-as 65020
   neighbor 10.0.1.1 description cjis-fw-1
"""
REPLACE = (
    INITIAL.replace("description spare", "description RMS server 2")
    .replace(
        "vlan 210\n   name RMS-SERVERS",
        "vlan 210\n   name RMS-SERVERS\n!\nvlan 220\n   name CAMERA-VMS",
    )
    .replace("ntp server vrf MGMT 10.250.0.12 key 10\n", "")
)
MERGE = "interface Ethernet2\n   description merged-by-test\n"


def eos_driver(front: Front, tls: bool = True) -> Any:
    driver_cls = napalm.get_network_driver("eos")
    args = {"transport": "https" if tls else "http", "port": front.port}
    return driver_cls("127.0.0.1", "admin", "admin", timeout=10, optional_args=args)


@pytest.fixture
def eos_pair(start_lab_device: StartDevice) -> tuple[Device, Front]:
    return start_lab_device(LabHostSpec("leaf1", "eos", INITIAL))


class TestEosConformance(NapalmConformance):
    platform = "eos"

    @pytest.fixture
    def device(self, eos_pair: tuple[Device, Front]) -> Device:
        return eos_pair[0]

    @pytest.fixture
    def driver(
        self, eos_pair: tuple[Device, Front], monkeypatch: pytest.MonkeyPatch
    ) -> Iterator[Any]:
        # NAPALM retries a held lock for 10 s before giving up; one try is enough here.
        real = napalm_eos.EOSDriver._obtain_lock
        monkeypatch.setattr(
            napalm_eos.EOSDriver, "_obtain_lock", lambda self, wait_time=None: real(self, None)
        )
        driver = eos_driver(eos_pair[1])
        driver.open()
        yield driver
        driver.close()

    @pytest.fixture
    def candidates(self) -> Candidates:
        return Candidates(MERGE, "merged-by-test", REPLACE, "interface Ethernet1\nhostnme typo")


# ---------------------------------------------------------------- more of NAPALM
def test_plain_http_transport_and_getters(eos_pair: tuple[Device, Front]) -> None:
    device, _ = eos_pair
    from bluewire.lab.platforms.eos.front import serve

    front = serve(device, tls=False)
    try:
        driver = eos_driver(front, tls=False)
        driver.open()
        interfaces = driver.get_interfaces()
        assert interfaces["Ethernet2"]["is_enabled"] is False
        assert interfaces["Ethernet1"]["is_up"] is True
        assert driver.get_lldp_neighbors()["Ethernet1"][0]["hostname"] == "dc-tor-1"
        bgp = driver.get_bgp_neighbors()
        assert bgp["global"]["peers"]["10.0.1.1"]["remote_as"] == 65020
        driver.close()
    finally:
        front.stop()


def test_shutdown_brings_interface_down(eos_pair: tuple[Device, Front]) -> None:
    driver = eos_driver(eos_pair[1])
    driver.open()
    driver.load_merge_candidate(config="interface Ethernet1\n   shutdown\n")
    driver.commit_config()
    assert driver.get_interfaces()["Ethernet1"]["is_up"] is False
    driver.close()


def test_banner_round_trips(eos_pair: tuple[Device, Front]) -> None:
    device, front = eos_pair
    driver = eos_driver(front)
    driver.open()
    driver.load_replace_candidate(
        config=INITIAL.replace("Authorized use only.", "Keep out.\nReally.")
    )
    driver.commit_config()
    assert "banner login\nKeep out.\nReally.\nEOF" in device.running
    driver.close()


# ---------------------------------------------------------------- another real client: pyeapi
def test_pyeapi_config_and_session(eos_pair: tuple[Device, Front]) -> None:
    device, front = eos_pair
    node = pyeapi.connect(
        transport="https",
        host="127.0.0.1",
        port=front.port,
        username="admin",
        password="admin",
        return_node=True,
    )
    assert node.version.startswith("4.")
    node.config(["interface Ethernet2", "description via-pyeapi"])
    assert "description via-pyeapi" in device.running
    node.configure_session()
    node.config(["hostname leaf7"])
    assert "hostname leaf7" in node.diff()
    node.abort()
    assert "hostname leaf1" in device.running
    with pytest.raises(CommandError) as info:
        node.config(["interface Foo1"])
    assert info.value.error_code == 1002
    assert "interface Foo1" in str(info.value)


# ---------------------------------------------------------------- faults as a client sees them
def test_refused_login(eos_pair: tuple[Device, Front]) -> None:
    device, front = eos_pair
    device.faults.refuse_login = True
    with pytest.raises(EapiConnectionError, match="Unauthorized"):
        eos_driver(front).open()


def test_unreachable(eos_pair: tuple[Device, Front]) -> None:
    device, front = eos_pair
    device.faults.unreachable = True
    with pytest.raises(EapiConnectionError):
        eos_driver(front).open()


def test_dropped_at_commit_leaves_running(eos_pair: tuple[Device, Front]) -> None:
    device, front = eos_pair
    before = device.running
    driver = eos_driver(front)
    driver.open()
    driver.load_replace_candidate(config=REPLACE)
    device.faults.drop_at = "commit"
    with pytest.raises(EapiConnectionError):
        driver.commit_config()
    assert device.running == before


def test_rejected_commit(eos_pair: tuple[Device, Front]) -> None:
    device, front = eos_pair
    device.faults.reject_commit = "% Commit failed: hardware resources exhausted"
    driver = eos_driver(front)
    driver.open()
    driver.load_merge_candidate(config=MERGE)
    with pytest.raises(CommandError, match="hardware resources exhausted"):
        driver.commit_config()
    assert "merged-by-test" not in device.running


def test_forgotten_confirm_reverts(eos_pair: tuple[Device, Front]) -> None:
    device, front = eos_pair
    before = device.running
    device.faults.forget_confirm = True
    driver = eos_driver(front)
    driver.open()
    driver.load_replace_candidate(config=REPLACE)
    driver.commit_config(revert_in=60)
    driver.confirm_commit()
    assert wait_for(lambda: device.running == before)


def test_slow_commit_and_latency_still_work(eos_pair: tuple[Device, Front]) -> None:
    device, front = eos_pair
    device.faults.slow_commit_s = 6  # lab seconds: 0.1 s real
    device.faults.latency_s = 0.6
    driver = eos_driver(front)
    driver.open()
    driver.load_merge_candidate(config=MERGE)
    driver.commit_config()
    assert "merged-by-test" in device.running


def test_invalid_command_error_shape(eos_pair: tuple[Device, Front]) -> None:
    driver = eos_driver(eos_pair[1])
    driver.open()
    with pytest.raises(MergeConfigException, match=r"1002.*hostnme"):
        driver.load_merge_candidate(config="hostnme x")
    driver.close()
