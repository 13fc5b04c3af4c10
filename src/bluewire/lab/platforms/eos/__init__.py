"""Arista EOS: eAPI (JSON-RPC over HTTPS) for NAPALM's `eos` driver and pyeapi."""

from __future__ import annotations

from bluewire.lab.grammar import load_grammar
from bluewire.lab.platforms import LabPlatform
from bluewire.lab.platforms.eos.front import serve

PLATFORM = LabPlatform(
    name="eos",
    serve=serve,
    grammar=lambda: load_grammar("eos"),
    transport="https",
    default_model=("DCS-7050SX3-48YC8", "4.31.2F"),  # NAPALM needs EOS >= 4.23
    brownfield_user=(
        "username temp-vendor privilege 15 role network-admin secret sha512 $6$lab$brownfield"
    ),
)
