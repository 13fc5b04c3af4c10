"""bluewire's NAPALM driver for Dell OS10, importable as `napalm_dellos10`.

`napalm.get_network_driver("dellos10")` imports the module `napalm_dellos10` and takes the
NetworkDriver subclass it finds there; the distribution maps that top-level name onto this package.
"""

from bluewire.napalm_dellos10.driver import DellOS10Driver

__all__ = ["DellOS10Driver"]
