"""`python -m bluewire.lab.daemon`: the background process behind `bluewire lab up`.

Starts one device per inventory host (in this process, or over `--procs` child processes: see
shards.py), writes the state file, and serves a small control API on 127.0.0.1 (`POST /fault`)
until it receives SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

from bluewire.errors import BluewireError
from bluewire.inventory.load import load_inventory
from bluewire.lab.clock import Clock
from bluewire.lab.faults import FaultError
from bluewire.lab.fleet import HOST, LabHostSpec, platform, start_lab
from bluewire.lab.seed import brownfield
from bluewire.lab.shards import Shards
from bluewire.lab.state import LAB_PASSWORD, LAB_USERNAME, LabEndpoint, LabState, state_path
from bluewire.platforms import profile
from bluewire.project import Project


def lab_specs(project: Project, seed: str, limits: list[str] | None) -> list[LabHostSpec]:
    """One spec per host, booted with its golden config (or a drifted copy of it)."""
    inventory = load_inventory(project)
    hosts = inventory.select(limits)
    missing = [h.name for h in hosts if not project.golden_path(h.name).is_file()]
    if missing:
        raise BluewireError(
            f"no golden config for {', '.join(missing)} (golden_configs/<host>.cfg): "
            "run `bluewire render` first"
        )
    specs = []
    for host in hosts:
        config = project.golden_path(host.name).read_text(encoding="utf-8")
        if seed == "brownfield":
            config = brownfield(config, host.platform, host.name)
        specs.append(
            LabHostSpec(
                name=host.name,
                platform=host.platform,
                config=config,
                username=host.username or LAB_USERNAME,
                password=LAB_PASSWORD,
                model=str(host.data.get("model") or ""),
                os_version=str(host.data.get("os_version") or ""),
            )
        )
    return specs


class Served(Protocol):
    """The lab this process serves: in-process (`fleet.Lab`) or over processes (`Shards`)."""

    def address(self, name: str) -> tuple[str, int]: ...

    def fault(self, host: str, kind: str, value: str | None) -> None: ...

    def stop(self) -> None: ...


def serve(specs: list[LabHostSpec], procs: int, time_scale: float) -> Served:
    """The lab in this process (`procs` 1) or spread over `procs` child processes."""
    clock = Clock(time_scale)
    return start_lab(specs, clock) if procs <= 1 else Shards(specs, procs, time_scale)


def _control_server(lab: Served, token: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            """`/whoami`: lets `lab down` check a PID is still this lab before signalling it."""
            body = json.dumps({"pid": os.getpid(), "token": token}).encode()
            self.send_response(200 if self.path == "/whoami" else 404)
            self.end_headers()
            self.wfile.write(body if self.path == "/whoami" else b"")

        def do_POST(self) -> None:
            body: dict[str, Any] = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            try:
                lab.fault(body["host"], body["kind"], body.get("value"))
                self.send_response(204)
            except (KeyError, FaultError) as exc:
                self.send_response(400)
                self.end_headers()
                self.wfile.write(str(exc).encode())
                return
            self.end_headers()

        def log_message(self, *_: Any) -> None:
            return

    server = ThreadingHTTPServer((HOST, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def endpoint(spec: LabHostSpec, port: int) -> LabEndpoint:
    """How a plain NAPALM user reaches `spec`'s device: driver, credentials, optional_args."""
    prof = profile(spec.platform)
    args: dict[str, Any] = {"port": port, **prof.napalm_args}
    if prof.enable:
        args["secret"] = spec.password  # the lab's enable secret is its password
    return LabEndpoint(
        spec.name,
        spec.platform,
        HOST,
        port,
        spec.username,
        spec.password,
        platform(spec.platform).transport,
        prof.napalm_driver,
        args,
    )


def publish_state(
    project: Project,
    lab: Served,
    specs: list[LabHostSpec],
    control_port: int,
    seed: str,
    time_scale: float = 1.0,
    token: str = "",
) -> Path:
    """Write the state file that `lab status` and `--lab` read; this process owns the lab."""
    endpoints = {s.name: endpoint(s, lab.address(s.name)[1]) for s in specs}
    path = state_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = LabState(os.getpid(), control_port, seed, endpoints, time_scale, token=token)
    path.write_text(state.to_json(), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(prog="bluewire-lab-daemon")
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--seed", choices=("golden", "brownfield"), default="golden")
    parser.add_argument("--limit", action="append")
    parser.add_argument("--time-scale", type=float, default=1.0)
    parser.add_argument("--procs", type=int, default=1, help="processes serving the devices")
    parser.add_argument("--lock-fd", type=int, help="the daemon lock `lab up` took, kept open")
    args = parser.parse_args()
    project = Project(args.project.resolve())
    try:
        specs = lab_specs(project, args.seed, args.limit)
    except BluewireError as exc:  # `lab up` checked first; a change since then ends up here
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    lab = serve(specs, args.procs, args.time_scale)
    token = secrets.token_hex(16)
    control = _control_server(lab, token)
    path = publish_state(
        project, lab, specs, control.server_address[1], args.seed, args.time_scale, token
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    control.shutdown()
    lab.stop()
    path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
