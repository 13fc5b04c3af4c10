"""Nornir task: render one host's golden config with the run's shared Renderer."""

from __future__ import annotations

from nornir.core.task import Result, Task

from bluewire.errors import BluewireError
from bluewire.inventory.model import InventoryHost
from bluewire.inventory.validate import validate_data
from bluewire.render import Renderer


def render_config(task: Task, renderer: Renderer) -> Result:
    """Render the intended config of `task.host`; a template error fails this host only."""
    host = task.host
    data, errors = validate_data(dict(host.data), {})  # restores the schema's defaults
    if errors:
        raise BluewireError(f"{host.name}: data does not validate: {errors[0]['msg']}")
    inventory_host = InventoryHost(
        name=host.name,
        hostname=host.hostname or host.name,
        platform=host.platform or "",
        groups=[g.name for g in host.groups],
        data=data,
    )
    config = renderer.render(inventory_host)
    return Result(host=host, result=config)
