"""One lab device per platform and the real client that drives it, for tests that run per platform.

Each `Target` says how to boot the platform's device, what a small merge looks like, which
interface is up, and how to open the platform's real NAPALM driver against a front. The config
texts are the platform test modules' own (one per platform).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import napalm

from bluewire.lab.device import Device
from bluewire.lab.fleet import LabHostSpec
from bluewire.platforms import profile
from tests.lab import test_dellos10, test_eos, test_ios, test_junos

PLATFORMS = ("eos", "ios", "junos", "dellos10")


@dataclass(frozen=True)
class Target:
    platform: str
    config: str
    merge: str  # a merge candidate that adds `marker`
    marker: str
    port: str  # an interface that is enabled and up
    commit_text: str  # what the wire log shows when the driver commits
    args: dict[str, Any] = field(default_factory=dict)  # NAPALM optional_args besides the port
    # optional_args that make the client notice a silently cut session quickly
    cut_args: dict[str, Any] = field(default_factory=dict)

    def spec(self, name: str = "dut") -> LabHostSpec:
        return LabHostSpec(name, self.platform, self.config)

    def driver(self, device: Device, port: int, timeout: int = 10, **extra: Any) -> Any:
        """The platform's real NAPALM driver against `port`, opened."""
        cls = napalm.get_network_driver(profile(self.platform).napalm_driver)
        args = {"port": port, **self.args, **extra}
        if self.platform == "ios":
            args["secret"] = device.enable_secret
        drv = cls(
            "127.0.0.1", device.username, device.password, timeout=timeout, optional_args=args
        )
        drv.open()
        return drv


TARGETS = {
    "eos": Target(
        "eos",
        test_eos.INITIAL,
        test_eos.MERGE,
        "merged-by-test",
        "Ethernet1",
        "commit",
        {"transport": "https"},
    ),
    "ios": Target(
        "ios",
        test_ios.BASE,
        "interface GigabitEthernet1/0/2\n description merged-by-test\n",
        "merged-by-test",
        "GigabitEthernet1/0/1",
        "running-config",
        {"dest_file_system": "flash:"},
        {"read_timeout_override": 2},  # netmiko notices a cut session only when a read times out
    ),
    "junos": Target(
        "junos",
        test_junos.BASE,
        'set interfaces ge-0/0/1 description "merged-by-test"',
        "merged-by-test",
        "ge-0/0/0",
        "<commit-configuration",
    ),
    "dellos10": Target(
        "dellos10",
        test_dellos10.BASE,
        "interface ethernet1/1/2\n description merged-by-test\n",
        "merged-by-test",
        "ethernet1/1/1",
        "commit",
    ),
}
