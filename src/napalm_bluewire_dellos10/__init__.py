"""bluewire's NAPALM driver for Dell SmartFabric OS10: `get_network_driver("bluewire_dellos10")`.

Why this name. NAPALM finds a driver by import path (napalm/base/__init__.py, get_network_driver):
a plain name `x` is tried as `custom_napalm.x` (site-local), `napalm.x` (core), then `napalm_x`
(community). The community package napalm-dellos10 on PyPI is importable as `napalm_dellos10`, so a
driver shipped under that name breaks whichever of the two is installed second. This package's
name, `napalm_bluewire_dellos10`, is its own: the driver name is `bluewire_dellos10`, found by the
community rule. `custom_napalm` stays free for a site's own drivers.

The inventory still says `platform: dellos10`. bluewire's platform registry (bluewire.platforms,
`napalm_driver`) maps the platform onto this driver, and bluewire's connect layer and its Nornir
inventory plugin give Nornir that name as the napalm connection's platform.

Why not standalone. The driver imports bluewire's diff engine (replace.py): the commands it types
for a replace are the plan's remediation for the host, so there is one diff engine, not two
(ARCHITECTURE.md, "The OS10 NAPALM driver"). It ships inside the bluewire distribution.
"""

from napalm_bluewire_dellos10.driver import DellOS10Driver

__all__ = ["DellOS10Driver"]
