"""Dell SmartFabric OS10: SSH CLI and SCP into `home://` for bluewire's `dellos10` driver."""

from __future__ import annotations

from bluewire.lab.grammar import load_grammar
from bluewire.lab.platforms import LabPlatform
from bluewire.lab.platforms.dellos10.front import serve

PLATFORM = LabPlatform(
    name="dellos10",
    serve=serve,
    grammar=lambda: load_grammar("dellos10"),
    transport="ssh",
    default_model=("S5248F-ON", "10.5.5.5"),
    brownfield_user="username temp-vendor password $6$lab$brownfield role sysadmin",
)
