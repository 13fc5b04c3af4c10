"""EXEC-mode commands of the lab OS10 shell (`show`, `copy`, `commit`, `lock`, `reload in` ...).

Split from os10.py to keep modules small; see os10.py for what OS10 offers and why.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from bluewire.lab import os10_show as show
from bluewire.lab.device import ConfigRejected, LabError
from bluewire.lab.sshcli import CloseSession

if TYPE_CHECKING:
    from bluewire.lab.device import Device
    from bluewire.lab.os10 import Os10State

_MAC = "14:18:77:15:c3:e8"
_RELOAD_IN = re.compile(r"^reload in (?:(\d+):)?(\d+)$")


class ExecMixin:
    """EXEC commands; the shell class provides the attributes below."""

    state: Os10State
    device: Device
    session: str
    transaction: bool
    context: list[tuple[str, str]] | None

    def exec_command(self, text: str) -> str:
        text = text.split(" | ")[0].strip()  # `| no-more` and friends: output is never paged
        simple: dict[str, Callable[[], str]] = {
            "terminal length 0": lambda: "",
            "show version": lambda: show.show_version(self.device),
            "show inventory": lambda: show.show_inventory(self.device),
            "show running-configuration": lambda: self._config_text(self.device.running),
            "show startup-configuration": lambda: self._config_text(self.device.startup),
            "show candidate-configuration": lambda: self._config_text(self.state.base()),
            "show diff candidate-configuration running-configuration": self._diff,
            "show interface status": lambda: show.show_interface_status(self.device.running),
            "show interface": lambda: show.show_interface(self.device.running, _MAC),
            "show lldp neighbors": lambda: show.show_lldp_neighbors(
                self.device, self.state.topology
            ),
            "show ip bgp summary": lambda: show.show_ip_bgp_summary(
                self.device, self.state.topology
            ),
            "dir home": lambda: show.show_dir(self.device.files, "home"),
            "dir config": lambda: show.show_dir(self.device.files, "config"),
            "start transaction": self._start_transaction,
            "commit": self._commit,
            "discard": self._discard,
            "lock": self._lock,
            "unlock": self._unlock,
            "write memory": self._save,
            "reload cancel": self._reload_cancel,
            "exit": self._logout,
        }
        if text in simple:
            return simple[text]()
        if text in ("configure terminal", "configure", "conf t"):
            self.context = []
            return ""
        if text.startswith("terminal "):
            return ""
        if text.startswith("copy "):
            return self._copy(text.split()[1:])
        if _RELOAD_IN.match(text):
            return self._reload_in(text)
        raise ConfigRejected("% Error: Unrecognized command.", text)

    # ------------------------------------------------------------------ config views
    def _config_text(self, text: str) -> str:
        return f"! Version {self.device.os_version}\n!\n{text}"

    def _diff(self) -> str:
        old = self.device.running.splitlines()
        new = self.state.base().splitlines()
        lines = difflib.unified_diff(old, new, "running-configuration", "candidate", lineterm="")
        return "\n".join(lines) + ("\n" if self.state.dirty() else "")

    # ------------------------------------------------------------------ transactions
    def _start_transaction(self) -> str:
        self.device.step("load")
        self.transaction = True
        return ""

    def _commit(self) -> str:
        self.device.check_unlocked(self.session)
        self.state.commit(self.session)
        self.transaction = False
        return ""

    def _discard(self) -> str:
        with self.state.mutex:
            self.state.candidate = None
        self.transaction = False
        return ""

    def _lock(self) -> str:
        if self.state.dirty():
            raise LabError("Candidate configuration has uncommitted changes.")
        self.device.lock(self.session)
        return ""

    def _unlock(self) -> str:
        self.device.unlock(self.session)
        return ""

    def _logout(self) -> str:
        self.device.unlock(self.session)
        raise CloseSession("")

    # ------------------------------------------------------------------ files and saving
    def _save(self) -> str:
        self.device.save()
        return ""

    def _copy(self, args: list[str]) -> str:
        if len(args) < 2:
            raise ConfigRejected("% Error: Unrecognized command.", "copy")
        src, dst = args[0], args[1]
        if src == "running-configuration" and dst in (
            "startup-configuration",
            "config://startup.xml",
        ):
            return self._save()
        if src == "running-configuration":
            self._write_file(dst, self.device.running.encode())
            return ""
        data = self._read_file(src)
        if dst == "running-configuration":
            return self._merge_file(data.decode(errors="replace"))
        if dst in ("startup-configuration", "config://startup.xml"):
            with self.device.mutex:
                self.device.startup = data.decode(errors="replace")
            return ""
        self._write_file(dst, data)
        return ""

    def _read_file(self, url: str) -> bytes:
        data = self.device.files.get(url)
        if data is None:
            raise LabError(f"{url}: No such file or directory")
        return data

    def _write_file(self, url: str, data: bytes) -> None:
        if not re.match(r"^(home|config)://[\w.-]+$", url):
            raise LabError(f"Invalid destination {url}")
        with self.device.mutex:
            self.device.files[url] = data

    def _merge_file(self, text: str) -> str:
        """Execute the file line by line in configuration mode; stop at the first bad line."""
        saved, self.context = self.context, []
        try:
            for lineno, raw in enumerate(text.splitlines(), 1):
                line = raw.strip()
                if line and not line.startswith("!"):
                    try:
                        self.config_command(line)  # type: ignore[attr-defined]
                    except ConfigRejected as exc:
                        raise ConfigRejected(
                            f"{exc} (line {lineno}: {line})", line, lineno
                        ) from exc
                if self.context is None:
                    self.context = []
        finally:
            self.context = saved
        return "Copy completed\n"

    # ------------------------------------------------------------------ reload timer
    def _reload_in(self, text: str) -> str:
        m = _RELOAD_IN.match(text)
        assert m is not None
        minutes = int(m[1] or 0) * 60 + int(m[2])
        if minutes < 1:
            raise LabError("Invalid reload time.")
        self.state.schedule_reload(minutes * 60.0, self.session)
        return f"System is scheduled to reload in {minutes} minute(s).\n"

    def _reload_cancel(self) -> str:
        self.device.step("confirm")
        if self.device.pending is None:
            raise LabError("No reload is scheduled.")
        self.device.confirm()  # `forget_confirm`: ignored silently, the reload still happens
        return ""
