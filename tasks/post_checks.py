"""Your own post-checks: plain Nornir tasks that apply runs after a commit, before confirming.

The hook: every task in `CHECKS` runs on each changed host once the change is committed (its
revert timer running) and bluewire's own checks have passed. A task that returns
`Result(failed=True)` or raises makes apply roll the host back. Open the device with
`task.host.get_connection(FRESH, task.nornir.config)`: a session opened after the commit, so the
check sees the device as a new login would. A check that does not concern a host returns a plain
`Result` (it passes).

To add one: write `def my_check(task: Task) -> Result`, with a docstring saying what outage it
guards against, and append it to `CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable

from nornir.core.task import Result, Task

from bluewire.device.connect import FRESH


def dispatch_svis_up(task: Task) -> Result:
    """Every SVI of a 911-dispatch VLAN (VLAN role `dispatch`) is up after the change.

    CAD consoles and radio gateways use these SVIs as their gateway: a change that leaves one
    down stops dispatch even when every uplink and routing session looks healthy.
    """
    roles = {v.get("id"): v.get("role") for v in task.host.data.get("vlans") or []}
    wanted = [
        f"Vlan{s['vlan']}"
        for s in task.host.data.get("svis") or []
        if roles.get(s["vlan"]) == "dispatch"
    ]
    if not wanted:
        return Result(host=task.host, result="no dispatch SVI on this host")
    interfaces = task.host.get_connection(FRESH, task.nornir.config).get_interfaces()
    down = [name for name in wanted if not interfaces.get(name, {}).get("is_up")]
    if down:
        return Result(host=task.host, failed=True, result=f"dispatch SVI not up: {', '.join(down)}")
    return Result(host=task.host, result=f"{', '.join(wanted)} up")


CHECKS: list[Callable[[Task], Result]] = [dispatch_svis_up]
