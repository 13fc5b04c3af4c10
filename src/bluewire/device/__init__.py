"""The NAPALM boundary: connecting, translating device exceptions, and device operations.

Nornir tasks (`bluewire.tasks`) are thin wrappers over `ops`; nothing above this package talks
to a NAPALM driver, and nothing else turns a NAPALM/netmiko/ncclient exception into text.
"""
