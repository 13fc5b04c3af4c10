"""The lab's platforms: one package each, all shaped alike, each exporting one `LabPlatform`.

<platform>/__init__.py  PLATFORM = LabPlatform(...): what fleet.py needs to start a device
<platform>/front.py     serve(device, host, port) -> Front: the protocol server
<platform>/session.py   one client session (a CLI shell, an eAPI request, NETCONF RPCs)
<platform>/state.py     what the box shares between sessions beyond the Device model
<platform>/show.py      operational output (show commands / RPCs) from running + topology
<platform>/grammar.yaml the config language as data (Junos: schema.yaml + grammar.py)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bluewire.lab.device import Device, Grammar


class Front(Protocol):
    """A running protocol server for one device."""

    port: int

    def stop(self) -> None: ...


class ServeFn(Protocol):
    def __call__(self, device: Device, host: str = ..., port: int = ...) -> Front: ...


@dataclass(frozen=True)
class LabPlatform:
    """What the fleet needs to know about one platform to boot and serve its devices."""

    name: str
    serve: ServeFn
    grammar: Callable[[], Grammar]
    default_model: tuple[str, str]  # (model, OS version) `show version` reports by default
    brownfield_user: str  # a hand-made local user, in the platform's own config syntax
    transport: str  # the management protocol its front speaks (`lab status` publishes it)
