"""The lab's one SSH server (paramiko): CLI shells (IOS, OS10), SCP, and subsystems (NETCONF).

Real clients (netmiko, NAPALM's ios driver, the `scp` library) talk to it unchanged, so it speaks
modern SSH only (curve25519/ecdh kex, aes-ctr/gcm, hmac-sha2, an Ed25519 host key made once per
process) and sets TCP_NODELAY on every accepted socket: paramiko stalls ~40-90 ms per exchange
without it (see the napalm-wire README).

What a platform supplies is a `Shell` (one per interactive session) built by `shell_factory`:

    class MyShell:                                   # satisfies the Shell protocol
        echo = True                                  # False while a `Password:` prompt waits
        def greeting(self) -> str: return "\\r\\nhost>"   # sent when the shell opens
        def feed(self, line: str) -> str:            # one line, terminator stripped
            return "output\\r\\nhost#"                  # everything to send back, prompt last
                                                     # raise CloseSession to log out

    front = serve(device, "127.0.0.1", 0, lambda dev, session: MyShell(dev, session))

The server echoes each received line (when `shell.echo`), followed by `\\r\\n`, then sends what
`feed` returns: netmiko checks the echo before reading the output. A line ends at `\\r`, `\\n`
or `\\r\\n`. `SessionDropped` raised by the shell (from `device.step`) closes the connection without
a reply, and `shell.close()` runs whenever a session ends. Faults: a device that is down
(`unreachable`, a reboot) closes sockets at accept and every open connection is registered with
`device.open_session` so it can be cut; `refuse_login` fails password auth
(`device.check_login`); `drop_at="login"` drops the session when the shell opens.

Exec channels: `scp -t <path>` runs the SCP sink protocol (C-line, data, `\\0` acks) and stores the
upload in `device.files[scp_path(path)]` (`scp_path` defaults to stripping shell quotes); any other
exec command is fed to a fresh shell and its output returned (exit status 0).

Subsystems: `serve_subsystem(device, host, port, "netconf", handler)` offers only that subsystem
(no shell, no exec); `handler(channel, session, user)` runs the whole subsystem session, and the
SSH connection closes when it returns (NETCONF's `<close-session/>` ends the connection).
"""

from __future__ import annotations

import contextlib
import hmac
import io
import itertools
import shlex
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

import paramiko
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from paramiko.common import (
    AUTH_FAILED,
    AUTH_SUCCESSFUL,
    OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED,
    OPEN_SUCCEEDED,
)

from bluewire.lab.device import Device, SessionDropped
from bluewire.lab.transport import scp


class CloseSession(Exception):
    """Raised by a shell to end the session after sending `output` (e.g. `exit`)."""

    def __init__(self, output: str = "") -> None:
        super().__init__(output)
        self.output = output


class Shell(Protocol):
    """One interactive CLI session of a platform."""

    echo: bool

    def greeting(self) -> str:
        """Text sent when the shell opens (banner, then the first prompt)."""

    def feed(self, line: str) -> str:
        """Process one input line; return the output followed by the next prompt."""

    def close(self) -> None:
        """The session ended, however it ended (logout, a dropped or killed client, a reboot)."""


ShellFactory = Callable[[Device, str], Shell]
SubsystemHandler = Callable[[paramiko.Channel, str, str], None]  # (channel, session, user)

_READ_AHEAD = 65536

# paramiko checks each received packet's MAC in a byte-by-byte Python loop (~20 us a packet, ~0.5
# ms of lab CPU per NAPALM IOS session); compare_digest: the same constant-time answer, in C
paramiko.util.constant_time_bytes_eq = hmac.compare_digest  # type: ignore[assignment]
_HOST_KEY: paramiko.PKey | None = None
_KEY_LOCK = threading.Lock()
_SESSIONS = itertools.count(1)


def host_key() -> paramiko.PKey:
    """The process-wide Ed25519 host key (generating one per connection would cost time)."""
    global _HOST_KEY
    with _KEY_LOCK:
        if _HOST_KEY is None:
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.OpenSSH,
                serialization.NoEncryption(),
            )
            _HOST_KEY = paramiko.Ed25519Key(file_obj=io.StringIO(pem.decode()))
        return _HOST_KEY


def _default_scp_path(path: str) -> str:
    parts = shlex.split(path)
    return parts[0] if parts else path


@dataclass
class Front:
    """A running SSH server; `port` is the bound port."""

    port: int
    _sock: socket.socket
    _stop: threading.Event = field(default_factory=threading.Event)
    _transports: list[paramiko.Transport] = field(default_factory=list)

    def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._sock.close()
        for transport in list(self._transports):
            transport.close()


class _Server(paramiko.ServerInterface):
    """Per-connection auth and channel-request policy: a CLI (shell, exec) or one subsystem."""

    def __init__(self, device: Device, session: str, subsystem: str | None) -> None:
        self.device = device
        self.session = session
        self.subsystem = subsystem
        self.user = ""
        self.requests: dict[int, tuple[str, str]] = {}
        self.ready = threading.Condition()

    def get_allowed_auths(self, username: str) -> str:
        return "password"

    def check_auth_password(self, username: str, password: str) -> int:
        self.device.log(self.session, "login", username)
        if self.device.check_login(username, password):
            self.user = username
            return AUTH_SUCCESSFUL
        return AUTH_FAILED

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return OPEN_SUCCEEDED
        return OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_pty_request(self, *args: object) -> bool:
        return True

    def check_channel_window_change_request(self, *args: object) -> bool:
        return True

    def check_channel_shell_request(self, channel: paramiko.Channel) -> bool:
        return self._note(channel, "shell", "")

    def check_channel_exec_request(self, channel: paramiko.Channel, command: bytes) -> bool:
        return self._note(channel, "exec", command.decode(errors="replace"))

    def check_channel_subsystem_request(self, channel: paramiko.Channel, name: str) -> bool:
        return name == self.subsystem and self._note(channel, "subsystem", name)

    def _note(self, channel: paramiko.Channel, kind: str, command: str) -> bool:
        if (kind == "subsystem") != (self.subsystem is not None):
            return False  # a NETCONF-only front offers no shell, a CLI front no subsystem
        with self.ready:
            self.requests[channel.get_id()] = (kind, command)
            self.ready.notify_all()
        return True

    def wait_request(self, channel: paramiko.Channel) -> tuple[str, str]:
        """The shell, exec or subsystem request of `channel`, for as long as the channel is open.

        No deadline: on a starved machine the request may come late, and giving up closed the
        channel without a NETCONF hello (the client then waited 30 s for it)."""
        key = channel.get_id()
        with self.ready:
            while key not in self.requests:
                if channel.closed or not channel.get_transport().is_active():
                    return ("", "")
                self.ready.wait(1.0)
            return self.requests.pop(key)


def listen(
    device: Device, host: str, port: int, handle: Callable[[Front, QuickAck], None], name: str
) -> Front:
    """Accept TCP connections for `device` (TCP_NODELAY, quick ACKs) and hand each to `handle`.

    The one listener of every SSH front (CLI shells and subsystems): an `unreachable` fault closes
    connections at once, as a dead box would.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    front = Front(port=sock.getsockname()[1], _sock=sock)

    def accept_loop() -> None:
        while not front._stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            if device.is_down():
                conn.close()
                continue
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=handle, args=(front, QuickAck(conn)), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True, name=f"{name}-{device.name}").start()
    return front


def serve(
    device: Device,
    host: str = "127.0.0.1",
    port: int = 0,
    shell_factory: ShellFactory | None = None,
    scp_path: Callable[[str], str] = _default_scp_path,
) -> Front:
    """Listen on host:port and serve `device` through shells from `shell_factory`."""
    if shell_factory is None:
        raise ValueError("serve() needs a shell_factory")
    handler = _Connection(device, shell_factory, scp_path)
    return listen(device, host, port, handler.run_transport, "ssh")


def serve_subsystem(
    device: Device, host: str, port: int, name: str, handler: SubsystemHandler
) -> Front:
    """Listen on host:port and serve `device` through the SSH subsystem `name` only."""
    connection = _Connection(device, None, _default_scp_path, (name, handler))
    return listen(device, host, port, connection.run_transport, name)


class QuickAck:
    """A socket that ACKs at once after every read (Linux TCP_QUICKACK resets itself), reading ahead.

    Clients that keep Nagle on (ncclient, netmiko's paramiko channel) hold each small write until
    our ACK arrives; with delayed ACKs that stall is up to 40 ms per exchange (measured on the
    NETCONF front: open 13-109 ms -> 7-17 ms). Every SSH front wraps its accepted sockets in this.

    paramiko reads a packet in 2-3 small recv calls, each a setsockopt + poll + recv here (~10 us,
    ~55 calls per NAPALM IOS session): one read of what has arrived serves them (one reader only).
    """

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._quickack = getattr(socket, "TCP_QUICKACK", None)
        self._ahead = b""
        self._at = 0

    def recv(self, size: int) -> bytes:
        if self._at >= len(self._ahead):
            if self._quickack is not None:
                with contextlib.suppress(OSError):
                    self._sock.setsockopt(socket.IPPROTO_TCP, self._quickack, 1)
            self._ahead, self._at = self._sock.recv(max(size, _READ_AHEAD)), 0
        out = self._ahead[self._at : self._at + size]
        self._at += len(out)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


@dataclass
class _Connection:
    device: Device
    shell_factory: ShellFactory | None
    scp_path: Callable[[str], str]
    subsystem: tuple[str, SubsystemHandler] | None = None

    def run_transport(self, front: Front, conn: QuickAck) -> None:
        kind = self.subsystem[0] if self.subsystem else "ssh"
        session = f"{self.device.name}-{kind}{next(_SESSIONS)}"
        transport = paramiko.Transport(cast(socket.socket, conn))
        transport.add_server_key(host_key())
        server = _Server(self.device, session, self.subsystem[0] if self.subsystem else None)
        front._transports.append(transport)
        self.device.open_session(session, transport.close)
        try:
            transport.start_server(server=server)
            while transport.is_active() and not front._stop.is_set():
                channel = transport.accept(timeout=1.0)
                if channel is not None:
                    args = (transport, server, channel, session)
                    threading.Thread(target=self.run_channel, args=args, daemon=True).start()
        except (paramiko.SSHException, EOFError, OSError):
            pass
        finally:
            self.device.close_session(session)
            if transport in front._transports:
                front._transports.remove(transport)

    def run_channel(
        self,
        transport: paramiko.Transport,
        server: _Server,
        channel: paramiko.Channel,
        session: str,
    ) -> None:
        kind, command = server.wait_request(channel)
        try:
            if kind == "subsystem" and self.subsystem is not None:
                self.subsystem[1](channel, session, server.user)
                transport.close()
            elif kind == "shell" and self.shell_factory is not None:
                self.device.step("login")
                self.run_shell(channel, self.shell_factory(self.device, session))
            elif kind == "exec" and self.shell_factory is not None:
                self.run_exec(channel, command, session, self.shell_factory)
            channel.close()
        except SessionDropped:
            transport.close()
        except (OSError, EOFError, paramiko.SSHException):
            channel.close()

    def run_shell(self, channel: paramiko.Channel, shell: Shell) -> None:
        try:
            _ShellSession(channel, shell).run()
        finally:
            shell.close()

    def run_exec(
        self, channel: paramiko.Channel, command: str, session: str, factory: ShellFactory
    ) -> None:
        words = command.split()
        if words[:1] == ["scp"] and "-t" in words:
            target = command.split("-t", 1)[1].strip().removeprefix("-- ").strip()
            path = self.scp_path(target)
            self.device.log(session, "scp", f"write {path}")
            status = scp.sink(channel, self.device, path)
        else:
            shell = factory(self.device, session)
            shell.greeting()
            try:
                output = shell.feed(command)
            except CloseSession as close:
                output = close.output
            finally:
                shell.close()
            channel.sendall(output.encode())
            status = 0
        channel.send_exit_status(status)


class _ShellSession:
    """Turns a byte stream into lines for a Shell, echoing as a terminal would."""

    def __init__(self, channel: paramiko.Channel, shell: Shell) -> None:
        self.channel = channel
        self.shell = shell
        self.buffer = ""
        self.after_cr = False

    def run(self) -> None:
        self.channel.sendall(self.shell.greeting().encode())
        while True:
            data = self.channel.recv(65536)
            if not data:
                return
            for char in data.decode(errors="replace"):
                if self._take(char):
                    return

    def _take(self, char: str) -> bool:
        """Add one character; True when the shell closed the session."""
        if char == "\n" and self.after_cr:
            self.after_cr = False
            return False
        self.after_cr = char == "\r"
        if char in "\r\n":
            line, self.buffer = self.buffer, ""
            return self._line(line)
        if char.isprintable() or char == "\t":
            self.buffer += char
        return False

    def _line(self, line: str) -> bool:
        echo = line if self.shell.echo else ""
        try:
            output = self.shell.feed(line)
        except CloseSession as close:
            self.channel.sendall((echo + "\r\n" + close.output).encode())
            return True
        self.channel.sendall((echo + "\r\n" + output).encode())
        return False
