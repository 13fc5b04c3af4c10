"""Read a lab device's running config with a client that is not NAPALM (nor bluewire).

Apply's lab tests end by proving where each device really is, old config or new, through a
second implementation of the platform's protocol: netmiko for the SSH CLIs (IOS, OS10), pyeapi
for eAPI (EOS), ncclient for NETCONF (Junos).
"""

from __future__ import annotations

import re

import pyeapi
from ncclient import manager
from netmiko import ConnectHandler

from bluewire.lab.fleet import Lab

# Lines a device prints around its config that are not config (banners of the show command),
# and `file prompt quiet`: NAPALM's ios driver sets it for its session and removes it when it
# closes, so a session that is cut or killed leaves it behind (on a real IOS box as here).
_CHROME = re.compile(
    r"^(Building configuration|Current configuration|! (Last|NVRAM) config|!Time:|## Last commit|"
    r"file prompt quiet$)"
)


def running(lab: Lab, host: str) -> str:
    """The device's running config as the independent client sees it, chrome lines removed."""
    device = lab.device(host)
    _, port = lab.address(host)
    reader = {"ios": _ios, "dellos10": _os10, "eos": _eos, "junos": _junos}[device.platform]
    text = reader(port, device.username, device.password)
    return "\n".join(line for line in text.splitlines() if not _CHROME.match(line)).strip()


def _netmiko(port: int, username: str, password: str) -> dict[str, object]:
    """Generous timeouts: the lab shares two cores with everything else a test run does."""
    return {
        "host": "127.0.0.1",
        "port": port,
        "username": username,
        "password": password,
        "conn_timeout": 30,
        "read_timeout_override": 120,
    }


def _ios(port: int, username: str, password: str) -> str:
    params = _netmiko(port, username, password)
    with ConnectHandler(device_type="cisco_ios", secret=password, **params) as conn:
        conn.enable()
        return str(conn.send_command("show running-config", read_timeout=30))


def _os10(port: int, username: str, password: str) -> str:
    params = _netmiko(port, username, password)
    with ConnectHandler(device_type="dell_os10", **params) as conn:
        return str(conn.send_command("show running-configuration", read_timeout=30))


def _eos(port: int, username: str, password: str) -> str:
    node = pyeapi.connect(
        transport="https",
        host="127.0.0.1",
        port=port,
        username=username,
        password=password,
        return_node=True,
    )
    return str(node.running_config)


def _junos(port: int, username: str, password: str) -> str:
    with manager.connect(
        host="127.0.0.1",
        port=port,
        username=username,
        password=password,
        hostkey_verify=False,
        look_for_keys=False,
        allow_agent=False,
        device_params={"name": "junos"},
        timeout=60,
    ) as m:
        reply = m.rpc('<get-configuration format="text" database="committed"/>')
        return "".join(reply.xpath("//configuration-text/text()") or [reply.xml])
