"""The Nornir inventory plugin: a user's own Nornir run reaches each host through bluewire's
platform registry, as bluewire's own runs do."""

from __future__ import annotations

from nornir import InitNornir

from bluewire.platforms import profile
from bluewire.project import Project


def test_napalm_connection_uses_the_registry_driver_and_keeps_group_extras(
    example_project: Project,
) -> None:
    nr = InitNornir(
        inventory={
            "plugin": "BluewireInventory",
            "options": {"project_dir": str(example_project.root)},
        },
        logging={"enabled": False},
    )
    platforms = set()
    for host in nr.inventory.hosts.values():
        params = host.get_connection_parameters("napalm")
        assert params.platform == profile(host.platform or "").napalm_driver
        platforms.add(host.platform)
    assert {"dellos10", "eos"} <= platforms
    tor = nr.inventory.hosts["dc-tor-1"].get_connection_parameters("napalm")
    assert (tor.platform, nr.inventory.hosts["dc-tor-1"].platform) == (
        "bluewire_dellos10",
        "dellos10",
    )
    leaf = nr.inventory.hosts["dc-leaf-1"].get_connection_parameters("napalm")
    assert leaf.extras is not None and leaf.extras["optional_args"]["transport"] == "https"
