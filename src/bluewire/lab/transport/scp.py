"""The receiving side of `scp -t` (what netmiko's and NAPALM's uploads talk to).

The SCP sink protocol: ack, read a C-line (`C<mode> <size> <name>`), the data and the client's
trailing `\\0`, ack again; T (times) and D/E (directory) lines are acknowledged and ignored.
"""

from __future__ import annotations

import paramiko

from bluewire.lab.device import Device


def _read_exact(channel: paramiko.Channel, pending: bytearray, size: int) -> bytes:
    while len(pending) < size:
        chunk = channel.recv(65536)
        if not chunk:
            raise EOFError("scp upload cut short")
        pending.extend(chunk)
    data = bytes(pending[:size])
    del pending[:size]
    return data


def _read_line(channel: paramiko.Channel, pending: bytearray) -> bytes:
    while b"\n" not in pending:
        chunk = channel.recv(65536)
        if not chunk:
            return b""
        pending.extend(chunk)
    line, _, rest = bytes(pending).partition(b"\n")
    pending[:] = rest
    return line


def sink(channel: paramiko.Channel, device: Device, path: str) -> int:
    """The receiving side of `scp -t`: ack, read C-lines and data, store the file."""
    pending = bytearray()
    channel.sendall(b"\0")
    while True:
        line = _read_line(channel, pending)
        if not line:
            return 0
        if line[:1] != b"C":
            channel.sendall(b"\0")  # T (times), D/E (dirs): accept and ignore
            continue
        _mode, size, _name = line[1:].decode().split(" ", 2)
        channel.sendall(b"\0")
        data = _read_exact(channel, pending, int(size))
        _read_exact(channel, pending, 1)  # the client's trailing \0
        device.step("load")
        with device.mutex:
            device.files[path] = data
        channel.sendall(b"\0")
