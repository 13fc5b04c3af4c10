"""Open a page in real headless Chromium and ask it what it rendered (DevTools over a pipe).

`--remote-debugging-pipe` speaks the DevTools protocol on file descriptors 3 (in) and 4 (out),
one JSON message per NUL-terminated frame: no port is opened, no extra library is needed.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-pipe",
]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    def __init__(self, write_fd: int, read_fd: int) -> None:
        self._write, self._read = write_fd, read_fd
        self._buffer = b""
        self._next = 0
        self.session = ""

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply["result"]
                return result

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buffer += chunk
        frame, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(frame)
        return parsed

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def screenshot(self) -> bytes:
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])


def _high_pipe() -> tuple[int, int]:
    """os.pipe() with both ends at fd 10 or above."""
    ends = []
    for fd in os.pipe():
        ends.append(fcntl.fcntl(fd, fcntl.F_DUPFD, 10))
        os.close(fd)
    return ends[0], ends[1]


@contextmanager
def open_page(path: Path, width: int, height: int) -> Iterator[Page]:
    """`path` loaded in a fresh headless Chromium (its own profile), with a width x height view."""
    binary = chromium()
    assert binary, "chromium is not installed (make ci-tools installs it)"
    # Pipe ends numbered 3 or 4 (a fresh process) would be closed by the fd remapping below.
    to_browser, from_browser = _high_pipe(), _high_pipe()
    # Chromium's child processes may still write to the profile as the browser exits.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        theirs_in, theirs_out = to_browser[0], from_browser[1]
        # bash puts the pipe ends on fds 3 and 4, where Chromium looks for them (dash cannot
        # redirect fds above 9)
        remap = f'exec "$@" 3<&{theirs_in} 4>&{theirs_out} {theirs_in}<&- {theirs_out}>&-'
        proc = subprocess.Popen(
            [
                "bash",
                "-c",
                remap,
                "bash",
                binary,
                *FLAGS,
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            pass_fds=(theirs_in, theirs_out),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser[0])
        os.close(from_browser[1])
        page = Page(to_browser[1], from_browser[0])
        try:
            target = page.call("Target.createTarget", url="about:blank")["targetId"]
            page.session = page.call("Target.attachToTarget", targetId=target, flatten=True)[
                "sessionId"
            ]
            page.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=True,
            )
            page.call("Page.navigate", url=path.resolve().as_uri())
            deadline = time.monotonic() + 30
            while page.evaluate("document.readyState") != "complete":
                assert time.monotonic() < deadline, "the page did not finish loading"
                time.sleep(0.05)
            yield page
        finally:
            os.close(to_browser[1])
            os.close(from_browser[0])
            proc.terminate()
            proc.wait(timeout=30)


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
