"""bluewire: network-as-code for Cisco IOS-XE, Arista EOS, Juniper Junos and Dell OS10."""

from __future__ import annotations

__version__ = "0.1.0"
