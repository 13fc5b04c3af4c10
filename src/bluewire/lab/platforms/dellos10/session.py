"""One Dell SmartFabric OS10 CLI session, as netmiko `dell_os10` and bluewire's driver see it.

What is modelled is what the OS10 10.5/10.6 User Guide documents (CLI Basics: "Candidate
configuration", "Copy running configuration", and the EXEC command reference):

- Configuration is immediate by default. `start transaction` switches *this session* to
  transaction mode: changes go to the candidate configuration, which all sessions share
  (`state.Os10State`); `commit` applies it (and ends transaction mode), `discard` drops it. A
  change made in immediate mode commits the shared candidate too, as the guide warns.
- `lock`/`unlock` (EXEC) stop other sessions from changing config; `lock` fails while the
  candidate holds uncommitted changes.
- `show candidate-configuration`, `show diff candidate-configuration running-configuration`.
- `copy home://f running-configuration` *merges* the file, executing it line by line (lines
  before a failure stay applied); `copy running-configuration startup-configuration` and
  `write memory` save; files live in `home://` and `config://` (SCP uploads land in `home://`),
  `dir home` lists them and `delete home://f` removes one; they survive a reload.
- OS10 has **no** configuration rollback, checkpoint or commit-confirm command. The only
  device-side timer is `reload in <minutes>` / `reload cancel`: a reboot loads the startup
  config, so "save the old config, commit without saving, schedule a reload" is the OS10 way to
  get a change that undoes itself. The lab reboot restores running from startup, drops the
  candidate and the lock and resets the uptime.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from bluewire.lab.device import ConfigRejected, LabError, SessionDropped
from bluewire.lab.grammar import ModeStack
from bluewire.lab.platforms.dellos10 import show, show_status
from bluewire.lab.platforms.dellos10.state import Os10State
from bluewire.lab.transport.ssh import CloseSession

UNRECOGNIZED = "% Error: Unrecognized command."
_SPACED = re.compile(r"^(no )?interface (ethernet|vlan|port-channel|loopback|mgmt) (\S+)$")
_BANNER = re.compile(r"^banner (login|motd|exec) \S+")
_RELOAD_IN = re.compile(r"^reload in (?:(\d+):)?(\d+)$")
_STARTUP = ("startup-configuration", "config://startup.xml")


def normalize(line: str) -> str:
    """OS10 stores `interface ethernet 1/1/1` as `interface ethernet1/1/1`."""
    m = _SPACED.match(line)
    return f"{m[1] or ''}interface {m[2]}{m[3]}" if m else line


class Os10Shell:
    """One CLI session: EXEC and CONFIGURATION modes, immediate or transaction-based."""

    echo = True

    def __init__(self, state: Os10State, session: str) -> None:
        self.state = state
        self.device = state.device
        self.session = session
        self.transaction = False
        self.modes: ModeStack | None = None  # None: EXEC
        self.banner: list[str] | None = None  # a banner being typed, up to its delimiter

    # ------------------------------------------------------------------ Shell protocol
    def greeting(self) -> str:
        return f"\r\n{self.prompt()}"

    def feed(self, line: str) -> str:
        text = line.strip()
        self.device.log(self.session, "cmd", text)
        try:
            out = self.dispatch(text)
        except (CloseSession, SessionDropped):
            raise
        except ConfigRejected as exc:
            out = f"{exc}\n"
        except LabError as exc:
            out = f"% Error: {exc}\n"
        body = out.replace("\r\n", "\n").replace("\n", "\r\n")
        return f"{body}{self.prompt()}"

    def close(self) -> None:
        self.state.release(self.session)

    def prompt(self) -> str:
        m = re.search(r"^hostname (\S+)$", self.device.running, re.M)
        host = m[1] if m else "OS10"
        return f"{host}# " if self.modes is None else f"{host}({self.modes.prompt})# "

    # ------------------------------------------------------------------ dispatch
    def dispatch(self, text: str) -> str:
        if not text or text.startswith("!"):
            return ""
        if self.modes is None:
            return self.exec_command(text)
        if text.startswith("do "):
            return self.exec_command(text[3:].strip())
        return self.config_command(self.modes, text)

    def config_command(self, modes: ModeStack, text: str) -> str:
        if self.banner is not None or _BANNER.match(text):
            self._banner_line(modes, text)
        elif text == "end" or (text == "exit" and len(modes.frames) == 1):
            self.modes = None
        elif text == "exit":
            modes.exit()
        else:
            self.apply(modes, normalize(text))
        return ""

    def _banner_line(self, modes: ModeStack, text: str) -> None:
        """OS10 reads `banner login <c>` and the lines after it up to the delimiter <c>."""
        lines = [*(self.banner or []), text]
        delim = lines[0].split()[2]
        if len(lines) == 1 and delim not in text.split(None, 3)[3:]:
            self.banner = lines
            return
        if len(lines) > 1 and delim not in text:
            self.banner = lines
            return
        self.banner = None
        self.apply(modes, "\n".join(lines))

    def apply(self, modes: ModeStack, line: str) -> None:
        """Place `line` the way the CLI does (fall back to parent modes), then store it."""
        first = line.split("\n", 1)[0]
        found = modes.locate(first)
        if found is None:
            raise ConfigRejected(self.state.grammar.invalid, first)
        depth, rule = found
        with self.state.mutex:
            self.device.check_unlocked(self.session)
            lines = [*modes.openers(depth), line]
            self.state.change(self.session, self.state.grammar.merge(self.state.base(), lines))
            if not self.transaction:
                self.state.commit(self.session)
        modes.enter(depth, first, rule)

    # ------------------------------------------------------------------ EXEC mode
    def exec_command(self, text: str) -> str:
        text = text.split(" | ")[0].strip()  # `| no-more` and friends: output is never paged
        simple = _SIMPLE.get(text)
        if simple is not None:
            return simple(self)
        if text in ("configure terminal", "configure", "conf t"):
            self.modes = ModeStack(self.state.grammar)
            return ""
        if text.startswith("terminal "):
            return ""
        if text.startswith("copy "):
            return self._copy(text.split()[1:])
        if text.startswith("delete "):
            return self._delete(text.split(None, 1)[1].strip())
        if _RELOAD_IN.match(text):
            return self._reload_in(text)
        raise ConfigRejected(UNRECOGNIZED, text)

    def config_text(self, text: str) -> str:
        return f"! Version {self.device.os_version}\n!\n{text}"

    def diff(self) -> str:
        old = self.device.running.splitlines()
        new = self.state.base().splitlines()
        lines = difflib.unified_diff(old, new, "running-configuration", "candidate", lineterm="")
        return "\n".join(lines) + ("\n" if self.state.dirty() else "")

    def start_transaction(self) -> str:
        self.device.step("load")
        self.transaction = True
        return ""

    def commit(self) -> str:
        self.device.check_unlocked(self.session)
        self.state.commit(self.session)
        self.transaction = False
        return ""

    def discard(self) -> str:
        self.state.discard()
        self.transaction = False
        return ""

    def lock(self) -> str:
        if self.state.dirty():
            raise LabError("Candidate configuration has uncommitted changes.")
        self.device.lock(self.session)
        return ""

    def unlock(self) -> str:
        self.device.unlock(self.session)
        return ""

    def logout(self) -> str:
        self.device.unlock(self.session)
        raise CloseSession("")

    def save(self) -> str:
        self.device.save()
        return ""

    # ------------------------------------------------------------------ files
    def _copy(self, args: list[str]) -> str:
        if len(args) < 2:
            raise ConfigRejected(UNRECOGNIZED, "copy")
        src, dst = args[0], args[1]
        if src == "running-configuration" and dst in _STARTUP:
            return self.save()
        if src == "running-configuration":
            self._write_file(dst, self.device.running.encode())
            return ""
        data = self._read_file(src)
        if dst == "running-configuration":
            return self._merge_file(data.decode(errors="replace"))
        if dst in _STARTUP:
            with self.device.mutex:
                self.device.startup = data.decode(errors="replace")
            return ""
        self._write_file(dst, data)
        return ""

    def _delete(self, url: str) -> str:
        """`delete home://f` (or `config://f`): the file is gone; a missing one is an error."""
        with self.device.mutex:
            if self.device.files.pop(url, None) is None:
                raise LabError(f"{url}: No such file or directory")
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
        saved = self.modes
        modes = self.modes = ModeStack(self.state.grammar)
        try:
            for lineno, raw in enumerate(text.splitlines(), 1):
                line = raw.strip()
                if not line or line.startswith("!"):
                    continue
                try:
                    self.config_command(modes, line)
                except ConfigRejected as exc:
                    raise ConfigRejected(f"{exc} (line {lineno}: {line})", line, lineno) from exc
                if self.modes is None:  # `end`/`exit` in the file: still configuring
                    modes = self.modes = ModeStack(self.state.grammar)
        finally:
            self.modes = saved
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

    def reload_cancel(self) -> str:
        self.device.step("confirm")
        if self.device.pending is None:
            raise LabError("No reload is scheduled.")
        self.device.confirm()  # `forget_confirm`: ignored silently, the reload still happens
        return ""


# EXEC commands without arguments.
_SIMPLE: dict[str, Callable[[Os10Shell], str]] = {
    "terminal length 0": lambda s: "",
    "show version": lambda s: show.show_version(s.device),
    "show inventory": lambda s: show.show_inventory(s.device),
    "show running-configuration": lambda s: s.config_text(s.device.running),
    "show startup-configuration": lambda s: s.config_text(s.device.startup),
    "show candidate-configuration": lambda s: s.config_text(s.state.base()),
    "show diff candidate-configuration running-configuration": Os10Shell.diff,
    "show interface status": lambda s: show.show_interface_status(s.device),
    "show interface": lambda s: show.show_interface(s.device),
    "show lldp neighbors": lambda s: show.show_lldp_neighbors(s.device),
    "show ip bgp summary": lambda s: show.show_ip_bgp_summary(s.device),
    "show ip interface brief": lambda s: show_status.show_ip_interface_brief(s.device),
    "show ipv6 interface brief": lambda s: show_status.show_ipv6_interface_brief(s.device),
    "show ip arp": lambda s: show_status.show_ip_arp(s.device),
    "show environment": lambda s: show_status.show_environment(s.device),
    "show system": lambda s: show_status.show_system(s.device),
    "show processes node-id 1": lambda s: show_status.show_processes(s.device),
    "dir home": lambda s: show.show_dir(s.device.files, "home"),
    "dir config": lambda s: show.show_dir(s.device.files, "config"),
    "start transaction": Os10Shell.start_transaction,
    "commit": Os10Shell.commit,
    "discard": Os10Shell.discard,
    "lock": Os10Shell.lock,
    "unlock": Os10Shell.unlock,
    "write memory": Os10Shell.save,
    "reload cancel": Os10Shell.reload_cancel,
    "exit": Os10Shell.logout,
}
