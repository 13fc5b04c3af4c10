"""Nornir for device work: credentials from the environment, NAPALM options as Nornir resolves them."""

from __future__ import annotations

import pytest

from bluewire.connect import make_nornir
from bluewire.inventory.load import load_inventory
from bluewire.project import Project


def test_group_napalm_options_survive_and_credentials_come_from_the_environment(
    example_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BLUEWIRE_DEVICE_PASSWORD", "from-env")
    monkeypatch.setenv("BLUEWIRE_ENABLE_SECRET", "enable-from-env")
    inventory = load_inventory(example_project)
    nr = make_nornir(example_project, inventory, ["hq-core-1", "dc-leaf-1"], lab=False)
    assert sorted(nr.inventory.hosts) == ["dc-leaf-1", "hq-core-1"]
    ios = nr.inventory.hosts["hq-core-1"]
    args = ios.get_connection_parameters("napalm").extras["optional_args"]
    assert args["global_delay_factor"] == 1  # from groups.yaml `ios`
    assert args["dest_file_system"] == "flash:"
    assert args["secret"] == "enable-from-env"
    assert ios.password == "from-env" and ios.hostname == "10.255.1.1"
    eos = nr.inventory.hosts["dc-leaf-1"].get_connection_parameters("napalm")
    assert eos.extras["optional_args"]["transport"] == "https"
