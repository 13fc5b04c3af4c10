"""bluewire's OS10 getters report what the switch is configured with and what its links see,
through the real driver over SSH against two lab switches joined by a /31 link.
(tests/lab/test_getters.py checks every getter against NAPALM's models; this checks values.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bluewire.lab.clock import Clock
from bluewire.lab.fleet import Lab, LabHostSpec, start_lab
from tests.lab.conformance import wait_for
from tests.lab.test_dellos10 import BASE, open_driver

A = BASE.replace("hostname lab-os10", "hostname os10-a") + (
    "username ops password $6$lab$opshash role netoperator\n"
    'username ops sshkey "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 ops@jump"\n'
    "username root2 password $6$lab$roothash role sysadmin priv-lvl 15\n"
    "ntp server 10.250.0.12 key 7 prefer\n"
    "snmp-server contact noc@pd.city.example\n"
    'snmp-server location "DC row 4, rack 2"\n'
    "snmp-server community lab-ro ro acl SNMP-RO\n"
    "interface ethernet1/1/49\n no shutdown\n no switchport\n ip address 10.0.9.0/31\n"
    " ipv6 address 2001:db8:9::/127\n"
    "interface mgmt1/1/1\n no shutdown\n ip address 10.255.7.21/24\n"
    "management route 0.0.0.0/0 10.255.7.254\n"
)
B = (
    "hostname os10-b\n"
    "interface ethernet1/1/50\n no shutdown\n no switchport\n ip address 10.0.9.1/31\n"
)


@pytest.fixture
def lab() -> Iterator[Lab]:
    specs = [LabHostSpec("os10-a", "dellos10", A), LabHostSpec("os10-b", "dellos10", B)]
    lab = start_lab(specs, Clock(60))
    yield lab
    lab.stop()


def driver(lab: Lab, host: str) -> Any:
    return open_driver(lab.devices[host], lab.address(host)[1])


@pytest.mark.lab
def test_addresses_arp_and_config_getters(lab: Lab) -> None:
    a, b = driver(lab, "os10-a"), driver(lab, "os10-b")
    try:
        ips = a.get_interfaces_ip()
        assert ips["ethernet1/1/49"]["ipv4"] == {"10.0.9.0": {"prefix_length": 31}}
        v6 = ips["ethernet1/1/49"]["ipv6"]
        assert v6["2001:db8:9::"] == {"prefix_length": 127}
        assert [k for k in v6 if k.startswith("fe80::")]  # the link-local address too
        assert ips["mgmt1/1/1"] == {"ipv4": {"10.255.7.21": {"prefix_length": 24}}}
        assert "vlan200" not in ips  # no address, no entry

        arp = {row["ip"]: row for row in a.get_arp_table()}
        peer_mac = b.get_interfaces()["ethernet1/1/50"]["mac_address"]
        assert arp["10.0.9.1"]["interface"] == "ethernet1/1/49"
        assert arp["10.0.9.1"]["mac"] == peer_mac.upper()
        assert arp["10.255.7.254"]["interface"] == "mgmt1/1/1"  # the management gateway

        users = a.get_users()
        assert users["ops"] == {
            "level": 1,
            "password": "$6$lab$opshash",
            "sshkeys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 ops@jump"],
        }
        assert users["root2"]["level"] == 15
        ntp = a.get_ntp_servers()
        assert sorted(ntp) == ["10.250.0.11", "10.250.0.12"]
        assert ntp["10.250.0.12"]["prefer"] and ntp["10.250.0.12"]["key_id"] == 7
        assert a.get_snmp_information() == {
            "chassis_id": "unknown",
            "contact": "noc@pd.city.example",
            "location": "DC row 4, rack 2",
            "community": {"lab-ro": {"acl": "SNMP-RO", "mode": "ro"}},
        }
    finally:
        a.close()
        b.close()


@pytest.mark.lab
def test_arp_follows_the_link(lab: Lab) -> None:
    """Shut the far end and its ARP entry goes: the getter reads the switch, not the config."""
    a, b = driver(lab, "os10-a"), driver(lab, "os10-b")
    try:
        assert "10.0.9.1" in {row["ip"] for row in a.get_arp_table()}
        b.load_merge_candidate(config="interface ethernet1/1/50\n shutdown\n")
        b.commit_config()
        assert wait_for(lambda: "10.0.9.1" not in {r["ip"] for r in a.get_arp_table()})
        assert not a.get_interfaces()["ethernet1/1/49"]["is_up"]
    finally:
        a.close()
        b.close()


@pytest.mark.lab
def test_environment_reports_the_chassis(lab: Lab) -> None:
    a = driver(lab, "os10-a")
    try:
        env = a.get_environment()
    finally:
        a.close()
    assert len(env["fans"]) == 8 and all(f["status"] for f in env["fans"].values())
    assert sorted(env["power"]) == ["PSU 1", "PSU 2"]
    assert all(p["status"] and p["output"] > 0 for p in env["power"].values())
    assert len(env["temperature"]) == 5
    assert all(20 < t["temperature"] < 80 for t in env["temperature"].values())
    assert 0 <= env["cpu"][0]["%usage"] <= 100
    assert 0 < env["memory"]["used_ram"] < env["memory"]["available_ram"]
