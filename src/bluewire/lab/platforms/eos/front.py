"""Arista EOS lab front: eAPI JSON-RPC (`POST /command-api`, `runCmds`) over HTTP or HTTPS.

pyeapi (and so NAPALM's eos driver) talks to it unchanged: Basic auth, keep-alive HTTP/1.1, a
JSON-RPC error 1002 naming the failing command (the server itself is `transport/http.py`).
Each request runs as one `session.EosCli` over the device's shared `state.EosState`, and is one
round trip: the `latency` fault charges it once, not once per command it carries.
"""

from __future__ import annotations

import base64
import json
from http.server import BaseHTTPRequestHandler
from typing import Any

from bluewire.lab.device import Device, SessionDropped
from bluewire.lab.platforms.eos.session import CommandFailed, EosCli
from bluewire.lab.platforms.eos.state import EosState
from bluewire.lab.transport import http
from bluewire.lab.transport.http import HttpFront, HttpServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: HttpServer[EosState]

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the device's wire log records what matters."""

    def do_POST(self) -> None:
        device = self.server.device
        body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
        device.round_trip()  # one HTTP request, one wait, however many commands it carries
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
        device.log(self._client(), "login", user, round_trip=False)
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
    device.log(client, "rpc", json.dumps(cmds), round_trip=False)
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


def serve(device: Device, host: str = "127.0.0.1", port: int = 0, tls: bool = True) -> HttpFront:
    """Start eAPI for `device` (HTTPS unless `tls=False`); `.port` is the bound port."""
    return http.serve(device, host, port, tls, _Handler, EosState())
