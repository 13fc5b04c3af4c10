"""Juniper Junos (SRX) lab front: NETCONF 1.0 over the SSH `netconf` subsystem.

NAPALM's junos driver (PyEZ on ncclient) and plain ncclient talk to it unchanged: server hello
with capabilities and session-id, `]]>]]>` framing (only base:1.0 is offered, so clients never
switch to chunked framing), Junos RPCs answered from the shared Device: configuration RPCs in
session.py, operational ones in show.py. The SSH side is transport/ssh.py's `netconf` subsystem.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

import paramiko

from bluewire.lab.device import ConfigRejected, Device, LabError, SessionDropped
from bluewire.lab.platforms.junos import oper, show
from bluewire.lab.platforms.junos import session as rpc
from bluewire.lab.platforms.junos.state import Ctx, JunosState, RpcFailure
from bluewire.lab.transport import ssh
from bluewire.lab.transport.ssh import Front

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
Handler = Callable[[Ctx, ET.Element], str]
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
    "get-system-uptime-information": show.uptime,
    "get-interface-information": show.interfaces,
    "get-software-information": show.software,
    "get-chassis-inventory": show.chassis_inventory,
    "get-route-engine-information": show.route_engine,
    "file-show": show.file_show,
    "command": show.command,
    "get-lldp-neighbors-information": show.lldp,
    "get-instance-information": show.instances,
    "get-bgp-neighbor-information": show.bgp_neighbors,
    "get-bgp-summary-information": show.bgp_summary,
    "get-arp-table-information": oper.arp,
    "get-ipv6-nd-information": oper.ipv6_nd,
    "get-lldp-interface-neighbors": oper.lldp_detail,
    "get-lldp-interface-neighbors-information": oper.lldp_detail,
    "get-ethernet-switching-table-information": oper.l2_table,
    "get-bridge-mac-table": oper.l2_table,
    "get-environment-information": oper.environment,
    "get-temperature-threshold-information": oper.temperature_thresholds,
    "get-power-usage-information-detail": oper.power,
    "get-interface-optics-diagnostics-information": oper.optics,
    "get-route-information": oper.route,
    "get-probe-results": oper.probe_results,
}


def serve(device: Device, host: str = "127.0.0.1", port: int = 0) -> Front:
    """Listen on host:port and serve `device` over NETCONF (one thread per connection)."""
    state = JunosState()

    def run(channel: paramiko.Channel, session: str, user: str) -> None:
        ctx = Ctx(device, state, session, user)
        try:
            _NetconfSession(channel, ctx).run()
        finally:
            rpc.release(ctx)  # a closed or dropped session's lock and changes go with it

    return ssh.serve_subsystem(device, host, port, "netconf", run)


class _NetconfSession:
    """Reads `]]>]]>`-framed messages from one channel and answers each RPC."""

    def __init__(self, channel: paramiko.Channel, ctx: Ctx) -> None:
        self.channel = channel
        self.ctx = ctx
        self.pending = b""
        found = re.search(r"(\d+)$", ctx.session)
        self.id = found[1] if found else "1"

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
        except RpcFailure as err:
            body = _error(str(err), err.tag, err.bad)
        except LabError as err:
            body = _error(str(err), "operation-failed", "")
        return f"{head}{body}</rpc-reply>", False

    def _dispatch(self, op: ET.Element) -> str:
        handler = HANDLERS.get(op.tag)
        if handler is None:
            raise RpcFailure("syntax error", "operation-not-supported", op.tag)
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
