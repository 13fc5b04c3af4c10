"""Juniper Junos (SRX): NETCONF over SSH for NAPALM's `junos` driver (PyEZ) and ncclient."""

from __future__ import annotations

from bluewire.lab.platforms import LabPlatform
from bluewire.lab.platforms.junos.front import serve
from bluewire.lab.platforms.junos.grammar import JunosGrammar

PLATFORM = LabPlatform(
    name="junos",
    serve=serve,
    grammar=JunosGrammar,
    transport="netconf",
    default_model=("SRX345", "22.4R3-S2"),
    brownfield_user=(
        "system { login { user temp-vendor { class super-user; "
        'authentication { encrypted-password "$6$lab$brownfield"; } } } }'
    ),
)
