"""The lab Cisco IOS-XE front: SSH CLI (`session.IosShell`) with SCP into `flash:`.

netmiko `cisco_ios` and NAPALM's `ios` driver use it unchanged; see session.py for the CLI and
commit.py for the archive commands their commits go through.
"""

from __future__ import annotations

from bluewire.lab.device import Device
from bluewire.lab.platforms.ios import show
from bluewire.lab.platforms.ios.session import IosShell
from bluewire.lab.platforms.ios.state import IosState
from bluewire.lab.transport import ssh
from bluewire.lab.transport.ssh import Front


def serve(device: Device, host: str = "127.0.0.1", port: int = 0) -> Front:
    """Serve `device` as an IOS-XE switch over SSH (with SCP into flash:)."""
    state = IosState()
    return ssh.serve(
        device,
        host,
        port,
        lambda dev, session: IosShell(dev, session, state),
        scp_path=show.flash_key,
    )
