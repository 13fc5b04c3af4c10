"""The one platform registry: which platforms exist and the facts every layer needs about each.

A platform's identity (how its config nests, how NAPALM and Ansible reach it, which lab front
simulates it) is declared once here, in the spirit of hier_config's `Platform` enum plus driver
lookup. Behaviour *per concern* stays as data where that concern lives (diff rules, sanitizer
YAML, risk patterns, compliance YAML, lab grammars), keyed by `Platform`;
tests/unit/test_platforms.py checks that each of those tables covers every platform.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Literal


class Platform(StrEnum):
    IOS = "ios"
    EOS = "eos"
    JUNOS = "junos"
    DELLOS10 = "dellos10"


class Dialect(StrEnum):
    """How a config nests: by leading spaces, or Junos-style `{ }` and `;`."""

    INDENT = "indent"
    BRACES = "braces"


def _frozen(args: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(args or {}))


@dataclass(frozen=True)
class PlatformProfile:
    platform: Platform
    dialect: Dialect
    indent: int  # spaces per nesting level as the device shows its config (braces: 4)
    banner: Literal["delimiter", "eof"]  # banner ends at its delimiter, or at a line `EOF`
    # NAPALM's driver name (get_network_driver); the connect layer passes it to Nornir as the
    # napalm connection's platform, so it may differ from the platform name.
    napalm_driver: str
    # optional_args bluewire always passes this driver (inventory connection_options win).
    napalm_args: Mapping[str, Any] = field(default_factory=_frozen)
    enable: bool = False  # the driver needs an enable secret (optional_args["secret"])
    # Ansible (bluewire.inventory.ansible): how a bundled collection reaches the device.
    ansible_network_os: str = ""
    ansible_connection: str = ""
    ansible_port_var: str = "ansible_port"  # httpapi reads its own port variable
    # Further connection variables the platform always needs (enable mode, HTTPS).
    ansible_vars: Mapping[str, Any] = field(default_factory=_frozen)
    lab_front: str = ""  # the lab package whose `PLATFORM` record simulates this platform

    @property
    def braces(self) -> bool:
        return self.dialect is Dialect.BRACES

    @property
    def ansible_collection(self) -> str:
        """The collection providing `ansible_network_os` (`cisco.ios` for `cisco.ios.ios`)."""
        return self.ansible_network_os.rpartition(".")[0]


PROFILES: Mapping[Platform, PlatformProfile] = MappingProxyType(
    {
        Platform.IOS: PlatformProfile(
            Platform.IOS,
            Dialect.INDENT,
            indent=1,
            banner="delimiter",
            napalm_driver="ios",
            napalm_args=_frozen({"dest_file_system": "flash:"}),
            enable=True,
            ansible_network_os="cisco.ios.ios",
            ansible_connection="ansible.netcommon.network_cli",
            ansible_vars=_frozen({"ansible_become": True, "ansible_become_method": "enable"}),
            lab_front="bluewire.lab.platforms.ios",
        ),
        Platform.EOS: PlatformProfile(
            Platform.EOS,
            Dialect.INDENT,
            indent=3,
            banner="eof",
            napalm_driver="eos",
            napalm_args=_frozen({"transport": "https"}),
            ansible_network_os="arista.eos.eos",
            ansible_connection="ansible.netcommon.httpapi",
            ansible_port_var="ansible_httpapi_port",
            ansible_vars=_frozen({"ansible_httpapi_use_ssl": True}),  # as NAPALM: eAPI over HTTPS
            lab_front="bluewire.lab.platforms.eos",
        ),
        Platform.JUNOS: PlatformProfile(
            Platform.JUNOS,
            Dialect.BRACES,
            indent=4,
            banner="delimiter",
            napalm_driver="junos",
            ansible_network_os="junipernetworks.junos.junos",
            ansible_connection="ansible.netcommon.netconf",
            lab_front="bluewire.lab.platforms.junos",
        ),
        Platform.DELLOS10: PlatformProfile(
            Platform.DELLOS10,
            Dialect.INDENT,
            indent=1,
            banner="delimiter",
            # bluewire's own driver (napalm_bluewire_dellos10): the name `dellos10` is the
            # unmaintained community driver's (`napalm_dellos10` on PyPI).
            napalm_driver="bluewire_dellos10",
            # The `ansible` package (checked: 12.3.0) bundles no OS10 collection (only
            # dellemc.enterprise_sonic, openmanage, powerflex, unity), so these name the Galaxy
            # collection dellemc.os10; without it network_cli has no OS10 terminal/cliconf plugin
            # and `bluewire playbook run` skips these hosts (README, "Ansible").
            ansible_network_os="dellemc.os10.os10",
            ansible_connection="ansible.netcommon.network_cli",
            lab_front="bluewire.lab.platforms.dellos10",
        ),
    }
)
NAMES: tuple[str, ...] = tuple(p.value for p in Platform)


def profile(platform: str) -> PlatformProfile:
    """The profile of `platform`; ValueError for a name that is not a platform.

    Inventory validation rejects unknown platforms first, so past it this cannot fail.
    """
    try:
        return PROFILES[Platform(platform)]
    except ValueError:
        raise ValueError(f"unknown platform {platform!r} (known: {', '.join(NAMES)})") from None


def _aliases() -> dict[str, str]:
    """Names other tools give our platforms (netutils' maps of Netmiko, Ansible and Scrapli
    names) -> the bluewire name: `cisco_ios`, `cisco_xe`, `arista_eos`, `cisco.ios.ios`..."""
    from netutils import lib_mapper as m

    ours = {norm: n for norm, n in m.NAPALM_LIB_MAPPER_REVERSE.items() if n in NAMES}
    ours |= {
        m.ANSIBLE_LIB_MAPPER.get(p.ansible_network_os, ""): str(n) for n, p in PROFILES.items()
    }
    ours.pop("", None)
    aliases = dict(ours)
    for mapper in (m.NETMIKO_LIB_MAPPER, m.ANSIBLE_LIB_MAPPER, m.SCRAPLI_LIB_MAPPER):
        for name, norm in mapper.items():
            if norm in ours:
                aliases.setdefault(name.lower(), ours[norm])
    return aliases


def suggest(name: str) -> str | None:
    """The bluewire platform a user most likely meant by `name` (`cisco_ios` -> `ios`), if any."""
    text = name.strip().lower()
    if text in NAMES:
        return text
    hit = _aliases().get(text)
    if hit:
        return hit
    close = difflib.get_close_matches(text, NAMES, n=1, cutoff=0.75)
    return close[0] if close else None
