"""The lab Dell OS10 front: SSH CLI (`session.Os10Shell`) with SCP uploads into `home://`."""

from __future__ import annotations

from bluewire.lab.device import Device
from bluewire.lab.grammar import load_grammar
from bluewire.lab.platforms.dellos10.session import Os10Shell
from bluewire.lab.platforms.dellos10.state import Os10State
from bluewire.lab.transport import ssh
from bluewire.lab.transport.ssh import Front


def serve(device: Device, host: str = "127.0.0.1", port: int = 0) -> Front:
    """Serve `device` as an OS10 switch over SSH (CLI shell + SCP into `home://`)."""
    state = Os10State(device, load_grammar("dellos10"))
    return ssh.serve(
        device,
        host,
        port,
        shell_factory=lambda dev, session: Os10Shell(state, session),
        scp_path=scp_home_path,
    )


def scp_home_path(target: str) -> str:
    """An SCP upload lands in the user's home directory: `home://<file name>`."""
    name = target.strip().strip("'\"").rstrip("/").rsplit("/", 1)[-1]
    return f"home://{name}"
