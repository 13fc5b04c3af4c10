"""The SSH front waits for a channel's shell/exec/subsystem request as long as the channel is
open: a starved lab process used to give up after 10 s and close a NETCONF channel without its
hello, and the client waited 30 s for it (seen under heavy load)."""

from __future__ import annotations

import threading
import time
from typing import Any, cast

import paramiko

from bluewire.lab.device import Device
from bluewire.lab.transport.ssh import _Server


class _Channel:
    """What wait_request reads of a paramiko channel."""

    def __init__(self) -> None:
        self.closed = False
        self.active = True

    def get_id(self) -> int:
        return 7

    def get_transport(self) -> Any:
        return self

    def is_active(self) -> bool:
        return self.active


def _waiting(server: _Server, channel: _Channel) -> tuple[threading.Thread, list[tuple[str, str]]]:
    got: list[tuple[str, str]] = []
    thread = threading.Thread(
        target=lambda: got.append(server.wait_request(cast(paramiko.Channel, channel)))
    )
    thread.start()
    return thread, got


def _server() -> _Server:
    return _Server(cast(Device, None), "s1", "netconf")


def test_a_late_request_is_still_served() -> None:
    server, channel = _server(), _Channel()
    thread, got = _waiting(server, channel)
    time.sleep(11)  # past the 10 s the front used to give up after
    assert got == []
    assert server.check_channel_subsystem_request(cast(paramiko.Channel, channel), "netconf")
    thread.join(5)
    assert got == [("subsystem", "netconf")]


def test_the_wait_ends_when_the_channel_or_the_connection_closes() -> None:
    for what in ("closed", "active"):
        server, channel = _server(), _Channel()
        thread, got = _waiting(server, channel)
        setattr(channel, what, what == "closed")
        thread.join(5)
        assert got == [("", "")] and not thread.is_alive()
