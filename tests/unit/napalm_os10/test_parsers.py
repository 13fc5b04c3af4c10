"""The OS10 driver's parsers on output written in OS10's formats (OS10 User Guide examples;
the samples are ours), including the variants a real switch prints."""

from __future__ import annotations

from napalm_bluewire_dellos10 import parse_config, parse_status

IP_BRIEF = """\
Interface Name            IP-Address          OK       Method       Status     Protocol
=========================================================================================
Ethernet 1/1/1            unassigned          YES      unset        up          up
Ethernet 1/1/49:1         10.0.9.0/31         YES      manual       up          up
Management 1/1/1          10.255.7.21/24      YES      manual       up          up
Port-channel 12           192.0.2.1/29        NO       manual       up          down
Vlan 1                    unassigned          YES      unset        up          up
Loopback 0                10.254.7.1/32       YES      manual       up          up
"""
IPV6_BRIEF = """\
Interface Name       admin/protocol  IPV6 Address/Link-Local Address     IPv6 Oper Status
===================================================================================
Ethernet 1/1/1:1     up / up         fe80::eef4:bbff:fefb:f9f0/64
                                     2001:DB8:17::1/64                   Enabled
Management 1/1/1     up / up         fe80::eef4:bbff:fefb:f9ef/64        Enabled
Vlan 20              up / down       fe80::eef4:bbff:fefb:fa59/64
                                     2001:db8:20::1/64
                                     2001:db8:21::1/64                   Enabled
"""
ARP = """\
Address         Hardware address    Interface                     Egress Interface
------------------------------------------------------------------------------------
10.0.9.1        90:b1:1c:f4:a6:e6   ethernet1/1/49:1              ethernet1/1/49:1
192.0.2.14      00:50:56:AF:12:F5   vlan20                        port-channel12
"""
SYSTEM_NEW = """\
Node Id              : 1
MAC                  : e8:b5:d0:0e:0e:00
-- Unit 1 --
Status                     : up
-- Power Supplies --
PSU-ID Status Type Power(w) AvgPower(w) AvgPowerStartTime AirFlow
------------------------------------------------------------------
1      up     AC   212      205         02/01/2026-17:46  NORMAL
2      fail
     Fan  Speed(rpm)  Status
     ------------------------
     1    9180        up
-- Fan Status --
FanTray  Status  AirFlow   Fan  Speed(rpm)  Status
---------------------------------------------------
1        up      NORMAL    1    8107        up
                           2    0           down
2        down    NORMAL    1    0           down
"""
SYSTEM_OLD = """\
-- Power Supplies --
PSU-ID  Status      Type    AirFlow   Fan  Speed(rpm)  Status
----------------------------------------------------------------
1       up          AC      NORMAL    1    13312       up
2       up          AC      NORMAL    1    13280       up
-- Fan Status --
FanTray  Status      AirFlow   Fan  Speed(rpm)  Status
----------------------------------------------------------------
1        up          NORMAL    1    13195       up
"""
ENVIRONMENT = """\
Unit    State             Temperature
-------------------------------------
1       up                44
Thermal sensors
Unit   Sensor-Id        Sensor-name                               Temperature
------------------------------------------------------------------------------
1       1           CPU On-Board temp sensor                          33
1       8           NPU temp sensor                                   44
2       1           CPU On-Board temp sensor                          31
"""
TOP = """\
top - 07:10:02 up 12 days,  3:01,  1 user,  load average: 0.40, 0.41, 0.45
%Cpu(s):  6.1 us,  3.2 sy,  0.0 ni, 90.2 id,  0.0 wa,  0.0 hi,  0.5 si,  0.0 st
KiB Mem : 16331244 total, 12703020 free,  2710112 used,   918112 buff/cache
"""
RUNNING = """\
! Version 10.5.5.5
hostname t1
username admin password $6$rounds=656000$abc$def role sysadmin priv-lvl 15
username viewer password $6$x$y role netoperator
username auditor password $6$p$q role secadmin
username admin sshkey "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL admin@jump"
ntp server 10.250.0.11 key 10 prefer
ntp server 10.250.0.12
ntp server ntp.example.net key 3
snmp-server contact netops@pd.city.example
snmp-server location "HQ, 1 Main St, MDF"
snmp-server community ops-ro ro acl SNMP-RO
snmp-server community ops-rw rw
interface vlan20
 description "username fake password x role sysadmin"
"""


def test_ip_brief_keeps_assigned_addresses_only() -> None:
    assert parse_status.ip_brief(IP_BRIEF) == {
        "ethernet1/1/49:1": {"ipv4": {"10.0.9.0": {"prefix_length": 31}}},
        "mgmt1/1/1": {"ipv4": {"10.255.7.21": {"prefix_length": 24}}},
        "port-channel12": {"ipv4": {"192.0.2.1": {"prefix_length": 29}}},
        "loopback0": {"ipv4": {"10.254.7.1": {"prefix_length": 32}}},
    }
    assert parse_status.ip_brief(IP_BRIEF.splitlines()[0]) == {}


def test_ipv6_brief_gives_each_interface_its_continuation_lines() -> None:
    table = parse_status.ipv6_brief(IPV6_BRIEF)
    assert sorted(table) == ["ethernet1/1/1:1", "mgmt1/1/1", "vlan20"]
    assert table["vlan20"]["ipv6"] == {
        "fe80::eef4:bbff:fefb:fa59": {"prefix_length": 64},
        "2001:db8:20::1": {"prefix_length": 64},
        "2001:db8:21::1": {"prefix_length": 64},
    }
    assert "2001:db8:17::1" in table["ethernet1/1/1:1"]["ipv6"]  # lower case, as NAPALM's
    assert list(table["mgmt1/1/1"]["ipv6"]) == ["fe80::eef4:bbff:fefb:f9ef"]


def test_arp_rows() -> None:
    assert parse_status.arp(ARP) == [
        {
            "interface": "ethernet1/1/49:1",
            "mac": "90:B1:1C:F4:A6:E6",
            "ip": "10.0.9.1",
            "age": -1.0,
        },
        {"interface": "vlan20", "mac": "00:50:56:AF:12:F5", "ip": "192.0.2.14", "age": -1.0},
    ]
    assert parse_status.arp(ARP.split("\n", 2)[0]) == []


def test_power_in_both_show_system_formats() -> None:
    assert parse_status.power(SYSTEM_NEW) == {
        "PSU 1": {"status": True, "output": 212.0, "capacity": -1.0},
        "PSU 2": {"status": False, "output": -1.0, "capacity": -1.0},
    }
    old = parse_status.power(SYSTEM_OLD)
    assert old == {
        "PSU 1": {"status": True, "output": -1.0, "capacity": -1.0},
        "PSU 2": {"status": True, "output": -1.0, "capacity": -1.0},
    }


def test_fans_follow_their_tray() -> None:
    assert parse_status.fans(SYSTEM_NEW) == {
        "FanTray 1 Fan 1": {"status": True},
        "FanTray 1 Fan 2": {"status": False},
        "FanTray 2 Fan 1": {"status": False},
    }
    assert parse_status.fans(SYSTEM_OLD) == {"FanTray 1 Fan 1": {"status": True}}


def test_temperatures_name_sensors_of_other_units() -> None:
    temps = parse_status.temperatures(ENVIRONMENT)
    assert temps["NPU temp sensor"] == {
        "temperature": 44.0,
        "is_alert": False,
        "is_critical": False,
    }
    assert temps["Unit 2 CPU On-Board temp sensor"]["temperature"] == 31.0
    assert len(temps) == 3
    assert parse_status.temperatures("Unit State Temperature\n1 up 44\n") == {}


def test_cpu_and_memory_from_top() -> None:
    assert parse_status.cpu_memory(TOP) == (
        9.8,
        {"available_ram": 16331244, "used_ram": 2710112},
    )
    assert parse_status.cpu_memory("") == (-1.0, {"available_ram": -1, "used_ram": -1})


def test_users_levels_and_keys() -> None:
    users = parse_config.users(RUNNING)
    assert users == {
        "admin": {
            "level": 15,
            "password": "$6$rounds=656000$abc$def",
            "sshkeys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL admin@jump"],
        },
        "viewer": {"level": 1, "password": "$6$x$y", "sshkeys": []},  # netoperator default
        "auditor": {"level": 15, "password": "$6$p$q", "sshkeys": []},
    }


def test_ntp_servers() -> None:
    assert parse_config.ntp_servers(RUNNING) == {
        "10.250.0.11": {
            "address": "10.250.0.11",
            "association_type": "SERVER",
            "prefer": True,
            "key_id": 10,
        },
        "10.250.0.12": {"address": "10.250.0.12", "association_type": "SERVER", "prefer": False},
        "ntp.example.net": {
            "address": "ntp.example.net",
            "association_type": "SERVER",
            "prefer": False,
            "key_id": 3,
        },
    }


def test_snmp_information() -> None:
    assert parse_config.snmp(RUNNING) == {
        "chassis_id": "unknown",
        "contact": "netops@pd.city.example",
        "location": "HQ, 1 Main St, MDF",
        "community": {
            "ops-ro": {"acl": "SNMP-RO", "mode": "ro"},
            "ops-rw": {"acl": "N/A", "mode": "rw"},
        },
    }
    empty = parse_config.snmp("hostname x\n")
    assert empty["community"] == {} and empty["contact"] == "unknown"
