"""The lab's HTTP(S) server (eAPI rides on it): TLS, keep-alive, faults at accept, instant stop.

`serve(device, host, port, tls, handler, state)` runs a `ThreadingHTTPServer` whose request
handler class comes from the platform; the handler finds the device and the platform's
per-device `state` on `self.server`. A self-signed certificate for 127.0.0.1 is made once per
process. TCP_NODELAY is set on every accepted socket, and the TLS handshake runs in the
connection's own thread, so a slow client never stalls the accept loop.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import ipaddress
import socket
import ssl
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Generic, TypeVar

from bluewire.lab.device import Device

S = TypeVar("S")


@functools.cache
def certificate_files() -> tuple[str, str]:
    """A self-signed EC certificate for 127.0.0.1, made once per process (EC keys are quick)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    folder = Path(tempfile.mkdtemp(prefix="bluewire-lab-tls-"))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(_certificate(key).public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


def _certificate(key: Any) -> Any:
    """A year-long self-signed certificate for `localhost` and 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bluewire-lab")])
    now = datetime.datetime.now(datetime.UTC)
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(key, hashes.SHA256())
    )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(*certificate_files())
    return ctx


class HttpServer(ThreadingHTTPServer, Generic[S]):
    """One device's HTTP server; `state` is what the platform shares between its requests."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        device: Device,
        host: str,
        port: int,
        tls: bool,
        handler: type[BaseHTTPRequestHandler],
        state: S,
    ) -> None:
        self.device = device
        self.state = state
        self.tls = tls
        self.live: set[socket.socket] = set()
        self.live_lock = threading.Lock()
        super().__init__((host, port), handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        """In the connection's own thread: faults, TCP_NODELAY, then the TLS handshake."""
        if self.device.is_down():
            request.close()
            return
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.live_lock:
            self.live.add(request)
        name = f"http:{client_address[0]}:{client_address[1]}"
        self.device.open_session(name, lambda: _shut(request))
        try:
            if self.tls:
                request = _tls_context().wrap_socket(request, server_side=True)
            super().finish_request(request, client_address)
        except (OSError, ssl.SSLError):
            pass
        finally:
            self.device.close_session(name)
            with self.live_lock:
                self.live.discard(request)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


@dataclass
class HttpFront:
    """A running HTTP(S) server for one device."""

    server: HttpServer[Any]
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
            _shut(sock)


def _accept_loop(server: HttpServer[Any], stopped: threading.Event) -> None:
    """Accept until the listening socket is shut down (instant stop, no poll interval)."""
    while not stopped.is_set():
        try:
            request, address = server.get_request()
        except OSError:
            return
        server.process_request(request, address)


def serve(
    device: Device,
    host: str,
    port: int,
    tls: bool,
    handler: type[BaseHTTPRequestHandler],
    state: S,
) -> HttpFront:
    """Start an HTTP(S) server for `device`; `.port` is the bound port."""
    server = HttpServer(device, host, port, tls, handler, state)
    if tls:
        _tls_context()
    stopped = threading.Event()
    thread = threading.Thread(
        target=_accept_loop, args=(server, stopped), name=f"http-{device.name}", daemon=True
    )
    thread.start()
    return HttpFront(server, thread, server.server_address[1], tls, stopped)
