"""Juniper Junos (SRX) lab front: NETCONF 1.0 over the SSH `netconf` subsystem.

NAPALM's junos driver (PyEZ on ncclient) and plain ncclient talk to it unchanged: server hello
with capabilities and session-id, `]]>]]>` framing (only base:1.0 is offered, so clients never
switch to chunked framing), Junos RPCs answered from the shared Device. The SSH side speaks modern
algorithms only, with the process-wide Ed25519 host key and TCP_NODELAY on every socket (paramiko
stalls without it; see the napalm-wire README).
"""

from __future__ import annotations

import itertools
import socket
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import partial
from typing import cast
from xml.sax.saxutils import escape, quoteattr

import paramiko
from paramiko.common import (
    AUTH_FAILED,
    AUTH_SUCCESSFUL,
    OPEN_FAILED_UNKNOWN_CHANNEL_TYPE,
    OPEN_SUCCEEDED,
)

from bluewire.lab import junos_oper as oper
from bluewire.lab import junos_rpc as rpc
from bluewire.lab.device import ConfigRejected, Device, LabError, SessionDropped
from bluewire.lab.sshcli import Front, QuickAck, host_key, listen

EOM = b"]]>]]>"
NS = "urn:ietf:params:xml:ns:netconf:base:1.0"
CAPABILITIES = (
    "urn:ietf:params:netconf:base:1.0",
    "urn:ietf:params:netconf:capability:candidate:1.0",
    "urn:ietf:params:netconf:capability:confirmed-commit:1.0",
    "urn:ietf:params:netconf:capability:validate:1.0",
    "urn:ietf:params:xml:ns:netconf:base:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:candidate:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:confirmed-commit:1.0",
    "urn:ietf:params:xml:ns:netconf:capability:validate:1.0",
    "http://xml.juniper.net/netconf/junos/1.0",
    "http://xml.juniper.net/dmi/system/1.0",
)
Handler = Callable[[rpc.Ctx, ET.Element], str]
HANDLERS: dict[str, Handler] = {
    "lock-configuration": rpc.lock,
    "unlock-configuration": rpc.unlock,
    "lock": rpc.lock,
    "unlock": rpc.unlock,
    "load-configuration": rpc.load,
    "get-configuration": rpc.get_configuration,
    "get-config": rpc.get_config,
    "commit-configuration": rpc.commit,
    "commit": rpc.commit,
    "discard-changes": rpc.discard_changes,
    "validate": rpc.validate,
    "get-commit-revision-information": rpc.commit_revision,
    "get-system-uptime-information": oper.uptime,
    "get-interface-information": oper.interfaces,
    "get-software-information": oper.software,
    "get-chassis-inventory": oper.chassis_inventory,
    "get-route-engine-information": oper.route_engine,
    "file-show": oper.file_show,
    "command": oper.command,
    "get-lldp-neighbors-information": oper.lldp,
    "get-instance-information": oper.instances,
    "get-bgp-neighbor-information": oper.bgp_neighbors,
    "get-bgp-summary-information": oper.bgp_summary,
}
_SESSIONS = itertools.count(1)


def serve(device: Device, host: str = "127.0.0.1", port: int = 0) -> Front:
    """Listen on host:port and serve `device` over NETCONF (one thread per connection)."""
    state = rpc.JunosState()
    return listen(device, host, port, partial(_run_transport, device, state), "netconf")


class _Server(paramiko.ServerInterface):
    """Password auth through the device; only the `netconf` subsystem is offered."""

    def __init__(self, device: Device, session: str) -> None:
        self.device = device
        self.session = session
        self.user = ""
        self.netconf = threading.Event()

    def get_allowed_auths(self, username: str) -> str:
        return "password"

    def check_auth_password(self, username: str, password: str) -> int:
        self.device.log(self.session, "login", username)
        if self.device.check_login(username, password):
            self.user = username
            return AUTH_SUCCESSFUL
        return AUTH_FAILED

    def check_channel_request(self, kind: str, chanid: int) -> int:
        return OPEN_SUCCEEDED if kind == "session" else OPEN_FAILED_UNKNOWN_CHANNEL_TYPE

    def check_channel_subsystem_request(self, channel: paramiko.Channel, name: str) -> bool:
        if name != "netconf":
            return False
        self.netconf.set()
        return True


def _run_transport(device: Device, state: rpc.JunosState, front: Front, conn: QuickAck) -> None:
    session = f"{device.name}-nc{next(_SESSIONS)}"
    transport = paramiko.Transport(cast(socket.socket, conn))
    transport.add_server_key(host_key())
    server = _Server(device, session)
    front._transports.append(transport)
    try:
        transport.start_server(server=server)
        channel = transport.accept(timeout=10.0)
        if channel is not None and server.netconf.wait(10.0):
            ctx = rpc.Ctx(device, state, session, server.user)
            _NetconfSession(channel, ctx).run()
    except SessionDropped:
        pass
    except (paramiko.SSHException, EOFError, OSError):
        pass
    finally:
        rpc.release(rpc.Ctx(device, state, session, server.user))
        transport.close()
        if transport in front._transports:
            front._transports.remove(transport)


class _NetconfSession:
    """Reads `]]>]]>`-framed messages from one channel and answers each RPC."""

    def __init__(self, channel: paramiko.Channel, ctx: rpc.Ctx) -> None:
        self.channel = channel
        self.ctx = ctx
        self.pending = b""
        self.id = ctx.session.rsplit("nc", 1)[-1]

    def run(self) -> None:
        self.ctx.device.step("login")
        self._send(_hello(self.id))
        while (message := self._read()) is not None:
            root = ET.fromstring(message)
            tag = _local(root.tag)
            if tag == "hello":
                continue
            if tag != "rpc":
                continue
            reply, close = self._answer(root)
            self._send(reply)
            if close:
                return

    def _read(self) -> bytes | None:
        while EOM not in self.pending:
            data = self.channel.recv(65536)
            if not data:
                return None
            self.pending += data
        message, _, self.pending = self.pending.partition(EOM)
        return message.strip() or self._read()

    def _send(self, text: str) -> None:
        self.channel.sendall(text.encode() + EOM)

    def _answer(self, root: ET.Element) -> tuple[str, bool]:
        for el in root.iter():
            el.tag = _local(el.tag)
        op = root[0] if len(root) else ET.Element("missing")
        self.ctx.device.log(self.ctx.session, "rpc", _summary(op))
        attrs = "".join(f" {k}={quoteattr(v)}" for k, v in root.attrib.items() if ":" not in k)
        head = f'<rpc-reply xmlns="{NS}"{attrs}>'
        if op.tag == "close-session":
            return f"{head}<ok/></rpc-reply>", True
        try:
            body = self._dispatch(op)
        except SessionDropped:
            raise
        except ConfigRejected as err:
            body = _load_error(err)
        except rpc.RpcFailure as err:
            body = _error(str(err), err.tag, err.bad)
        except LabError as err:
            body = _error(str(err), "operation-failed", "")
        return f"{head}{body}</rpc-reply>", False

    def _dispatch(self, op: ET.Element) -> str:
        handler = HANDLERS.get(op.tag)
        if handler is None:
            raise rpc.RpcFailure("syntax error", "operation-not-supported", op.tag)
        return handler(self.ctx, op)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _summary(op: ET.Element) -> str:
    """The RPC as logged: its XML, config payloads included (they are what a push sent)."""
    return ET.tostring(op, encoding="unicode").strip()


def _hello(session_id: str) -> str:
    caps = "".join(f"<capability>{escape(c)}</capability>" for c in CAPABILITIES)
    return (
        f'<hello xmlns="{NS}"><capabilities>{caps}</capabilities>'
        f"<session-id>{session_id}</session-id></hello>"
    )


def _error(message: str, tag: str, bad: str) -> str:
    info = f"<error-info><bad-element>{escape(bad)}</bad-element></error-info>" if bad else ""
    return (
        "<rpc-error><error-type>protocol</error-type>"
        f"<error-tag>{escape(tag)}</error-tag><error-severity>error</error-severity>"
        f"<error-message>{escape(message)}</error-message>{info}</rpc-error>"
    )


def _load_error(err: ConfigRejected) -> str:
    """A rejected config line, as Junos reports a failed `load`."""
    where = f"line {err.lineno}: " if err.lineno else ""
    return (
        "<load-configuration-results>"
        f"{_error(f'{where}{err}', 'invalid-value', err.line)}"
        "<load-error-count>1</load-error-count></load-configuration-results>"
    )
