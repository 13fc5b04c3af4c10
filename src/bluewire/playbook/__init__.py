"""Ansible playbooks on bluewire's inventory: the catalog, the per-host result model, its views."""
