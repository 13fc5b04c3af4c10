"""Change a lab device behind the pipeline's back, as an engineer at its console would: netmiko.

    python ci/lab_change.py HOST COMMAND...     (HOST: an IOS host of the running lab)

Used by `make demo` (ci/demo.sh) to give `bluewire drift` something to find.
"""

from __future__ import annotations

import sys

from netmiko import ConnectHandler

from bluewire.lab.state import require_state
from bluewire.project import find_project_root


def main(host: str, commands: list[str]) -> None:
    endpoint = require_state(find_project_root()).endpoints[host]
    if endpoint.platform != "ios":
        raise SystemExit(f"{host} is {endpoint.platform}; this helper speaks IOS")
    conn = ConnectHandler(
        device_type="cisco_ios",
        host=endpoint.address,
        port=endpoint.port,
        username=endpoint.username,
        password=endpoint.password,
        secret=endpoint.password,
    )
    try:
        conn.enable()
        print(conn.send_config_set(commands), file=sys.stderr)
    finally:
        conn.disconnect()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
