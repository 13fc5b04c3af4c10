"""Nornir for device work: credentials from the environment, NAPALM options as Nornir resolves them."""

from __future__ import annotations

import napalm
import pytest

from bluewire.device.connect import make_nornir
from bluewire.errors import DeviceError
from bluewire.inventory.load import load_inventory
from bluewire.lab.state import LabEndpoint
from bluewire.platforms import NAMES, profile
from bluewire.project import Project

driver_module = "napalm_bluewire_dellos10."


def test_group_napalm_options_survive_and_credentials_come_from_the_environment(
    example_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BLUEWIRE_DEVICE_PASSWORD", "from-env")
    monkeypatch.setenv("BLUEWIRE_ENABLE_SECRET", "enable-from-env")
    inventory = load_inventory(example_project)
    nr = make_nornir(inventory, ["hq-core-1", "dc-leaf-1"])
    assert sorted(nr.inventory.hosts) == ["dc-leaf-1", "hq-core-1"]
    ios = nr.inventory.hosts["hq-core-1"]
    args = ios.get_connection_parameters("napalm").extras["optional_args"]
    assert args["global_delay_factor"] == 1  # from groups.yaml `ios`
    assert args["dest_file_system"] == "flash:"
    assert args["secret"] == "enable-from-env"
    assert ios.password == "from-env" and ios.hostname == "10.255.1.1"
    eos = nr.inventory.hosts["dc-leaf-1"].get_connection_parameters("napalm")
    assert eos.extras["optional_args"]["transport"] == "https"


def test_lab_endpoints_replace_addresses_and_credentials(
    example_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BLUEWIRE_DEVICE_PASSWORD", "real-password")
    endpoints = {
        h: LabEndpoint(h, p, "127.0.0.1", port, "netops", "lab-pw")
        for h, p, port in (("hq-core-1", "ios", 10022), ("edge-fw-1", "junos", 10830))
    }
    nr = make_nornir(load_inventory(example_project), sorted(endpoints), endpoints=endpoints)
    for name, endpoint in endpoints.items():
        host = nr.inventory.hosts[name]
        assert (host.hostname, host.port) == ("127.0.0.1", endpoint.port)
        assert (host.username, host.password) == ("netops", "lab-pw")
        args = host.get_connection_parameters("napalm").extras["optional_args"]
        assert args["port"] == endpoint.port
        assert ("secret" in args) == (endpoint.platform == "ios")  # IOS enable = lab password


def test_a_host_the_lab_does_not_simulate_is_an_input_error(example_project: Project) -> None:
    endpoints = {"hq-core-1": LabEndpoint("hq-core-1", "ios", "127.0.0.1", 10022, "u", "p")}
    with pytest.raises(DeviceError, match="no stand-in device for dc-leaf-1, edge-fw-1"):
        make_nornir(
            load_inventory(example_project),
            ["hq-core-1", "dc-leaf-1", "edge-fw-1"],
            endpoints=endpoints,
        )


@pytest.mark.parametrize("lab", [False, True])
def test_each_host_connects_through_its_platforms_napalm_driver(
    example_project: Project, lab: bool
) -> None:
    """The inventory says `platform: dellos10`; Nornir's napalm connection gets the registry's
    driver name (bluewire's own `bluewire_dellos10`, not Dell's `napalm_dellos10`), for real
    devices and for the lab alike, and NAPALM resolves that name."""
    inventory = load_inventory(example_project)
    names = sorted(inventory.hosts)
    endpoints = {
        h: LabEndpoint(h, inventory.hosts[h].platform, "127.0.0.1", 10000 + i, "netops", "pw")
        for i, h in enumerate(names)
    }
    nr = make_nornir(inventory, names, endpoints=endpoints if lab else None)
    seen = set()
    for host in nr.inventory.hosts.values():
        driver = host.get_connection_parameters("napalm").platform
        assert driver == profile(host.platform or "").napalm_driver
        assert napalm.get_network_driver(driver).__module__.startswith(("napalm.", driver_module))
        seen.add(host.platform)
    assert seen == set(NAMES)  # the example inventory has every platform
    assert profile("dellos10").napalm_driver == "bluewire_dellos10"
