"""Cisco IOS-XE: SSH CLI and SCP into `flash:` for NAPALM's `ios` driver and netmiko."""

from __future__ import annotations

from bluewire.lab.grammar import load_grammar
from bluewire.lab.platforms import LabPlatform
from bluewire.lab.platforms.ios.front import serve

PLATFORM = LabPlatform(
    name="ios",
    serve=serve,
    grammar=lambda: load_grammar("ios"),
    transport="ssh",
    default_model=("C9300-48P", "17.9.4a"),
    brownfield_user="username temp-vendor privilege 15 secret 9 $9$lab$brownfield",
)
