"""Arista EOS lab front: eAPI JSON-RPC (`POST /command-api`, `runCmds`) over HTTP or HTTPS.

pyeapi (and so NAPALM's eos driver) talks to it unchanged: Basic auth, keep-alive HTTP/1.1, a
JSON-RPC error 1002 naming the failing command, and a self-signed certificate made at start.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import functools
import ipaddress
import json
import socket
import ssl
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bluewire.lab.device import Device, SessionDropped
from bluewire.lab.eos_cli import CommandFailed, EosCli, EosState


@functools.cache
def certificate_files() -> tuple[str, str]:
    """A self-signed EC certificate for 127.0.0.1, made once per process (EC keys are quick)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bluewire-lab")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder = Path(tempfile.mkdtemp(prefix="bluewire-lab-tls-"))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(*certificate_files())
    return ctx


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the device's wire log records what matters."""

    def do_POST(self) -> None:
        device = self.server.device
        body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
        if not self._authorized(device):
            self._send(401, b'{"error": "Unauthorized"}', reason="Unauthorized")
            return
        try:
            reply = _rpc(device, self.server.state, self._client(), body)
        except SessionDropped:
            self.close_connection = True
            self.connection.close()
            return
        self._send(200, json.dumps(reply).encode())

    def _client(self) -> str:
        return f"eapi:{self.client_address[0]}:{self.client_address[1]}"

    def _authorized(self, device: Device) -> bool:
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return False
        user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
        try:
            device.step("login")
        except SessionDropped:
            return False
        device.log(self._client(), "login", user)
        return device.check_login(user, password)

    def _send(self, status: int, data: bytes, reason: str | None = None) -> None:
        self.send_response(status, reason)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _rpc(device: Device, state: EosState, client: str, body: bytes) -> dict[str, Any]:
    request = json.loads(body or b"{}")
    rid = request.get("id")
    params = request.get("params", {})
    if request.get("method") != "runCmds":
        error = {"code": -32601, "message": f"Method not found: {request.get('method')}"}
        return {"jsonrpc": "2.0", "id": rid, "error": error}
    fmt = params.get("format", "json")
    cmds = [_command(c) for c in params.get("cmds", [])]
    device.log(client, "rpc", json.dumps(cmds))
    cli = EosCli(device, state, client)
    try:
        return {"jsonrpc": "2.0", "id": rid, "result": cli.run(cmds, fmt)}
    except CommandFailed as exc:
        return {"jsonrpc": "2.0", "id": rid, "error": _error(exc, cmds, fmt)}


def _command(cmd: Any) -> str:
    """A command, with a multi-line `input` (a banner) folded in as EOS shows it."""
    if isinstance(cmd, dict):
        text, extra = str(cmd.get("cmd", "")), str(cmd.get("input", ""))
        if text.startswith("banner ") and extra:
            return f"{text}\n{extra.rstrip(chr(10))}\nEOF"
        return text
    return str(cmd)


def _error(exc: CommandFailed, cmds: list[str], fmt: str) -> dict[str, Any]:
    done: dict[str, Any] = {"output": ""} if fmt == "text" else {}
    data = [dict(done) for _ in cmds[: exc.index]]
    data.append({"errors": [str(exc)]})
    failed = cmds[exc.index].split("\n", 1)[0] if exc.index < len(cmds) else ""
    what = "invalid command" if exc.code == 1002 else "could not run command"
    message = f"CLI command {exc.index + 1} of {len(cmds)} '{failed}' failed: {what}"
    return {"code": exc.code, "message": message, "data": data}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, device: Device, host: str, port: int, tls: bool) -> None:
        self.device = device
        self.state = EosState()  # config sessions, shared by every connection to this device
        self.tls = tls
        self.live: set[socket.socket] = set()
        self.live_lock = threading.Lock()
        super().__init__((host, port), _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        """In the connection's own thread: faults, TCP_NODELAY, then the TLS handshake."""
        faults = self.device.faults
        if faults.unreachable:
            request.close()
            return
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.live_lock:
            self.live.add(request)
        try:
            if self.tls:
                request = _tls_context().wrap_socket(request, server_side=True)
            super().finish_request(request, client_address)
        except (OSError, ssl.SSLError):
            pass
        finally:
            with self.live_lock:
                self.live.discard(request)


@dataclass
class EosFront:
    """A running eAPI server for one device."""

    server: _Server
    thread: threading.Thread
    port: int
    tls: bool
    stopped: threading.Event = field(default_factory=threading.Event)

    def stop(self) -> None:
        if self.stopped.is_set():
            return
        self.stopped.set()
        with contextlib.suppress(OSError):
            self.server.socket.shutdown(socket.SHUT_RDWR)
        self.server.socket.close()
        with self.server.live_lock:
            live = list(self.server.live)
        for sock in live:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _accept_loop(server: _Server, stopped: threading.Event) -> None:
    """Accept until the listening socket is shut down (instant stop, no poll interval)."""
    while not stopped.is_set():
        try:
            request, address = server.get_request()
        except OSError:
            return
        server.process_request(request, address)


def serve(device: Device, host: str = "127.0.0.1", port: int = 0, tls: bool = True) -> EosFront:
    """Start eAPI for `device` (HTTPS unless `tls=False`); `.port` is the bound port."""
    server = _Server(device, host, port, tls)
    if tls:
        _tls_context()
    stopped = threading.Event()
    thread = threading.Thread(
        target=_accept_loop, args=(server, stopped), name=f"eapi-{device.name}", daemon=True
    )
    thread.start()
    return EosFront(server, thread, server.server_address[1], tls, stopped)
