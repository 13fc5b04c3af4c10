"""Every getter each real NAPALM driver implements passes NAPALM's own model checks against the lab.

The checks are napalm.base.test.getters.BaseTestGetters' (its `helpers.test_model` over the
TypedDicts in `napalm.base.models`, and its "not empty" assertions), run through the real drivers
over their real protocols against a lab booted from the example network's golden configs. The
getter list is read from each driver class, so a getter a NAPALM upgrade adds is tested too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import napalm
import pytest
from napalm.base import models
from napalm.base.base import NetworkDriver
from napalm.base.test import helpers
from napalm.base.test.getters import BaseTestGetters
from ncclient.transport import session as nc_session

from bluewire.lab.clock import Clock
from bluewire.lab.fleet import Lab, LabHostSpec, start_lab
from bluewire.platforms import profile

pytestmark = pytest.mark.lab
GOLDEN = Path(__file__).resolve().parents[2] / "golden_configs"
HOSTS = {
    "dc-leaf-1": "eos",
    "hq-core-1": "ios",
    "cjis-fw-1": "junos",
    "dc-tor-1": "dellos10",
    "hq-access-1": "ios",  # gives hq-core-1 switchports with a neighbour (MAC table, VLANs)
}
TARGET = {"eos": "dc-leaf-1", "ios": "hq-core-1", "junos": "cjis-fw-1", "dellos10": "dc-tor-1"}
OPTIONAL: dict[str, dict[str, Any]] = {
    "eos": {"transport": "https"},
    "ios": {"dest_file_system": "flash:", "secret": "admin"},
}
# Lines added to the golden configs so that every getter has something to report: an IOS-EOS
# BGP session, an IOS IP SLA probe, a Junos RPM probe and NTP peer.
EXTRA = {
    "hq-core-1": [
        "router bgp 65001",
        "bgp router-id 10.254.0.1",
        "neighbor 10.0.0.1 remote-as 65010",
        "neighbor 10.0.0.1 description dc-leaf-1",
        "network 10.254.0.1 mask 255.255.255.255",
        "ip sla 1",
        "icmp-echo 10.0.0.1 source-interface Loopback0",
        "tag leaf-probe",
        "frequency 30",
        "history buckets-kept 5",
    ],
    "dc-leaf-1": ["router bgp 65010", "neighbor 10.0.0.0 remote-as 65001"],
    "cjis-fw-1": [
        "set services rpm probe csa-probe test icmp-test probe-type icmp-ping",
        "set services rpm probe csa-probe test icmp-test target address 10.0.1.0",
        "set services rpm probe csa-probe test icmp-test probe-count 5",
        "set services rpm probe csa-probe test icmp-test test-interval 30",
        "set system ntp peer 10.250.0.13",
    ],
}
# napalm's eos get_ntp_servers reads word 3 of every `ntp ...` line, so a config with NTP
# authentication (`ntp authenticate`, as the STIG requires) crashes it: a NAPALM bug, not a lab
# one. The EOS device here runs without those lines.
EOS_NTP_AUTH = ("ntp authentication-key", "ntp trusted-key", "ntp authenticate")
# (destination routed via BGP, address that answers a ping) per platform
DESTINATIONS = {
    "eos": ("10.254.0.1/32", "10.0.1.1"),
    "ios": ("10.20.200.0/24", "10.0.0.1"),
    "junos": ("10.20.200.0/24", "10.0.1.0"),
}
# Getters whose honest answer on that device is empty (BaseTestGetters wants entries).
EMPTY = {
    ("ios", "get_ipv6_neighbors_table"): "the lab runs no IPv6",
    ("junos", "get_ipv6_neighbors_table"): "the lab runs no IPv6",
    ("junos", "get_mac_address_table"): "an SRX in routed mode has no L2 table",
    ("junos", "get_vlans"): "an SRX in routed mode has no VLANs",
}


def _config(host: str) -> str:
    text = (GOLDEN / f"{host}.cfg").read_text()
    if HOSTS[host] == "eos":
        text = "".join(line for line in text.splitlines(True) if not line.startswith(EOS_NTP_AUTH))
    return text


def implemented(platform: str) -> list[str]:
    """The getters BaseTestGetters covers that this platform's driver overrides."""
    cls = napalm.get_network_driver(profile(platform).napalm_driver)
    names = {
        n.removeprefix("test_").split("_with_vrf")[0].removesuffix("_longer")
        for n in dir(BaseTestGetters)
        if n.startswith("test_")
    }
    return sorted(
        n
        for n in names
        if hasattr(cls, n) and getattr(cls, n) is not getattr(NetworkDriver, n, None)
    )


CASES = [(p, g) for p in TARGET for g in implemented(p)]


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    nc_session.TICK = 0.005  # ncclient polls every 100 ms when idle otherwise
    specs = [LabHostSpec(h, p, _config(h)) for h, p in HOSTS.items()]
    lab = start_lab(specs, Clock(60))
    for host, lines in EXTRA.items():
        device = lab.devices[host]
        device.running = device.grammar.merge(device.running, lines)
    yield lab
    lab.stop()


@pytest.fixture(scope="module")
def drivers(lab: Lab) -> Iterator[dict[str, Any]]:
    opened: dict[str, Any] = {}
    for platform, host in TARGET.items():
        args = {"port": lab.address(host)[1], **OPTIONAL.get(platform, {})}
        drv = napalm.get_network_driver(profile(platform).napalm_driver)(
            "127.0.0.1", "admin", "admin", 20, args
        )
        drv.open()
        opened[platform] = drv
    yield opened
    for drv in opened.values():
        drv.close()


def call(driver: Any, platform: str, getter: str) -> Any:
    route, ping = DESTINATIONS.get(platform, ("", ""))
    args = {
        "get_route_to": {"destination": route},
        "ping": {"destination": ping},
        "traceroute": {"destination": ping},
    }.get(getter, {})
    return getattr(driver, getter)(**args)


@pytest.mark.parametrize(("platform", "getter"), CASES, ids=[f"{p}-{g}" for p, g in CASES])
def test_getter_passes_napalms_model_check(
    drivers: dict[str, Any], platform: str, getter: str
) -> None:
    result = call(drivers[platform], platform, getter)
    check = CHECKS.get(getter)
    assert check is not None, f"no model check for {getter}: add one (BaseTestGetters has it)"
    if (platform, getter) not in EMPTY:
        assert result, f"{platform} {getter} returned nothing"
    check(result)


# ------------------------------------------------------------------ BaseTestGetters' checks
def _each(model: Any, rows: Any, subset: bool = False) -> None:
    for row in rows:
        assert helpers.test_model(model, row, allow_subset=subset), row


def _values(model: Any, table: dict[str, Any], subset: bool = False) -> None:
    _each(model, table.values(), subset)


def _environment(env: dict[str, Any]) -> None:
    _values(models.FanDict, env["fans"])
    _values(models.PowerDict, env["power"])
    _values(models.TemperatureDict, env["temperature"])
    _values(models.CPUDict, env["cpu"])
    assert helpers.test_model(models.MemoryDict, env["memory"])


def _bgp(bgp: dict[str, Any]) -> None:
    assert "global" in bgp
    for vrf in bgp.values():
        assert isinstance(vrf["router_id"], str)
        _values(models.PeerDict, vrf["peers"])
        for peer in vrf["peers"].values():
            _values(models.AFDict, peer["address_family"])


def _bgp_detail(detail: dict[str, Any]) -> None:
    for vrf, by_as in detail.items():
        assert isinstance(vrf, str)
        for remote_as, peers in by_as.items():
            assert isinstance(remote_as, int)
            _each(models.PeerDetailsDict, peers)


def _bgp_config(config: dict[str, Any]) -> None:
    for group in config.values():
        assert helpers.test_model(models.BGPConfigGroupDict, group), group
        _values(models.BGPConfigNeighborDict, group.get("neighbors", {}))


def _interfaces_ip(table: dict[str, Any]) -> None:
    for entry in table.values():
        _values(models.InterfacesIPDictEntry, entry.get("ipv4", {}))
        _values(models.InterfacesIPDictEntry, entry.get("ipv6", {}))


def _snmp(snmp: dict[str, Any]) -> None:
    assert helpers.test_model(models.SNMPDict, snmp)
    _values(models.SNMPCommunityDict, snmp["community"])


def _probes(probes: dict[str, Any], model: Any) -> None:
    for tests in probes.values():
        _values(model, tests)


def _ping(result: dict[str, Any]) -> None:
    success = result.get("success")
    assert isinstance(success, dict), result
    assert helpers.test_model(models.PingDict, success)
    _each(models.PingResultDictEntry, success.get("results", []))


def _traceroute(result: dict[str, Any]) -> None:
    success = result.get("success")
    assert isinstance(success, dict), result
    for hop in success.values():
        _values(models.TracerouteDict, hop.get("probes", {}))


def _users(users: dict[str, Any]) -> None:
    _values(models.UsersDict, users)
    assert all(0 <= u["level"] <= 15 or u["level"] == 20 for u in users.values())


def _optics(optics: dict[str, Any]) -> None:
    for name, data in optics.items():
        assert isinstance(name, str)
        for channel in data["physical_channels"]["channel"]:
            assert isinstance(channel["index"], int) and len(channel) == 2
            for field in ("input_power", "output_power", "laser_bias_current"):
                assert all(isinstance(v, float) for v in channel["state"][field].values())


def _instances(instances: dict[str, Any]) -> None:
    for instance in instances.values():
        assert helpers.test_model(models.NetworkInstanceDict, instance)
        assert helpers.test_model(models.NetworkInstanceStateDict, instance["state"])
        assert helpers.test_model(models.NetworkInstanceInterfacesDict, instance["interfaces"])


def _routes(routes: dict[str, Any]) -> None:
    for entries in routes.values():
        assert entries, routes
        _each(models.RouteDict, entries)


CHECKS: dict[str, Callable[[Any], None]] = {
    "is_alive": lambda r: helpers.test_model(models.AliveDict, r) or pytest.fail(str(r)),
    "get_facts": lambda r: helpers.test_model(models.FactsDict, r) or pytest.fail(str(r)),
    "get_config": lambda r: helpers.test_model(models.ConfigDict, r) or pytest.fail(str(r)),
    "get_interfaces": lambda r: _values(models.InterfaceDict, r),
    "get_interfaces_counters": lambda r: _values(models.InterfaceCounterDict, r),
    "get_interfaces_ip": _interfaces_ip,
    "get_lldp_neighbors": lambda r: [_each(models.LLDPNeighborDict, v) for v in r.values()],
    "get_lldp_neighbors_detail": lambda r: [
        _each(models.LLDPNeighborDetailDict, v) for v in r.values()
    ],
    "get_environment": _environment,
    "get_bgp_neighbors": _bgp,
    "get_bgp_neighbors_detail": _bgp_detail,
    "get_bgp_config": _bgp_config,
    "get_arp_table": lambda r: _each(models.ARPTableDict, r),
    "get_ipv6_neighbors_table": lambda r: _each(models.IPV6NeighborDict, r),
    "get_ntp_peers": lambda r: _values(models.NTPPeerDict, r, subset=True),
    "get_ntp_servers": lambda r: _values(models.NTPServerDict, r, subset=True),
    "get_ntp_stats": lambda r: _each(models.NTPStats, r),
    "get_mac_address_table": lambda r: _each(models.MACAdressTable, r),
    "get_route_to": _routes,
    "get_snmp_information": _snmp,
    "get_probes_config": lambda r: _probes(r, models.ProbeTestDict),
    "get_probes_results": lambda r: _probes(r, models.ProbeTestResultDict),
    "ping": _ping,
    "traceroute": _traceroute,
    "get_users": _users,
    "get_optics": _optics,
    "get_network_instances": _instances,
    "get_vlans": lambda r: _values(models.VlanDict, r),
}
