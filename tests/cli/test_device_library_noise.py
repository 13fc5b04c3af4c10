"""A device that answers but does not speak SSH is one error row, not a driver traceback.

paramiko reports a failed handshake from its transport thread through logging; with no handler
configured, Python's last-resort handler printed it on stderr (`Exception (client): Error reading
SSH protocol banner` and two tracebacks) next to bluewire's own one-line error.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bluewire.project import Project


@pytest.fixture
def not_ssh() -> Iterator[int]:
    """A loopback port that accepts connections and closes them without a word."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    server.close()


def _point_at(project: Project, host: str, port: int) -> None:
    """`host` reached at 127.0.0.1:port (its management address stays in its data)."""
    hosts = project.inventory_dir / "hosts.yaml"
    text = hosts.read_text()
    start = text.index(f"\n{host}:\n") + 1
    line = re.compile(r"  hostname: \S+\n").search(text, start)
    assert line is not None
    point = f"  hostname: 127.0.0.1\n  port: {port}\n"
    hosts.write_text(text[: line.start()] + point + text[line.end() :])


@pytest.mark.parametrize("host", ["hq-core-1", "dc-tor-1", "edge-fw-1"])  # IOS, OS10, Junos
def test_a_port_that_does_not_speak_ssh_is_one_line(
    example_project: Project, not_ssh: int, host: str, tmp_path: Path
) -> None:
    _point_at(example_project, host, not_ssh)
    env = {
        **os.environ,
        "BLUEWIRE_DEVICE_USERNAME": "netops",
        "BLUEWIRE_DEVICE_PASSWORD": "not-a-real-password",
        "BLUEWIRE_ENABLE_SECRET": "not-a-real-secret",
    }
    args = ["--project", str(example_project.root), "plan", "--no-comment", f"--limit={host}"]
    done = subprocess.run(
        [sys.executable, "-m", "bluewire", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "Exception (client)" not in done.stderr
    assert f"{host}: failed: could not connect" in done.stderr
