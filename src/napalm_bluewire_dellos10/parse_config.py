"""Getters that NAPALM defines as configuration, read from `show running-configuration`.

Users, NTP servers and SNMP are what the switch is configured with (NAPALM's ios and eos drivers
read them from the running config too). The full running config is used rather than the
`show running-configuration users|ntp|snmp` views because the users view masks the password
hash (`password ****`, OS10 User Guide), which get_users reports.
"""

from __future__ import annotations

import re
from typing import Any

_USER = re.compile(r"^username (\S+) password (\S+) role (\S+)(?: priv-lvl (\d+))?")
_SSHKEY = re.compile(r'^username (\S+) sshkey (?:"([^"]*)"|(.+))$')
_NTP = re.compile(r"^ntp server (\S+)( key (\d+))?( prefer)?$")
_COMMUNITY = re.compile(r"^snmp-server community (\S+) (ro|rw)(?: acl (\S+))?$")
# OS10 User Guide, `username password role`: without priv-lvl, netoperator is level 1 and the
# other built-in roles are level 15.
_ROLE_LEVEL = {"netoperator": 1}


def _lines(running: str) -> list[str]:
    return [line for line in running.splitlines() if line and not line[0].isspace()]


def users(running: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    lines = _lines(running)
    for line in lines:
        m = _USER.match(line)
        if m:
            level = int(m[4]) if m[4] else _ROLE_LEVEL.get(m[3], 15)
            out[m[1]] = {"level": level, "password": m[2], "sshkeys": []}
    for line in lines:
        k = _SSHKEY.match(line)
        if k and k[1] in out:
            out[k[1]]["sshkeys"].append(k[2] if k[2] is not None else k[3].strip())
    return out


def ntp_servers(running: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for line in _lines(running):
        m = _NTP.match(line)
        if m:
            server: dict[str, Any] = {
                "address": m[1],
                "association_type": "SERVER",
                "prefer": bool(m[4]),
            }
            if m[3]:
                server["key_id"] = int(m[3])
            out[m[1]] = server
    return out


def snmp(running: str) -> dict[str, Any]:
    """NAPALM's SNMP dict; OS10 has no SNMP chassis-id setting, so that is "unknown" (as the ios
    driver says for a setting it cannot find), and so are a missing contact and location."""
    out: dict[str, Any] = {
        "chassis_id": "unknown",
        "contact": "unknown",
        "location": "unknown",
        "community": {},
    }
    for line in _lines(running):
        for key in ("contact", "location"):
            if line.startswith(f"snmp-server {key} "):
                out[key] = line.split(" ", 2)[2].strip().strip('"')
        m = _COMMUNITY.match(line)
        if m:
            out["community"][m[1]] = {"acl": m[3] or "N/A", "mode": m[2]}
    return out
