"""Dell SmartFabric OS10 over SSH: the CLI that netmiko `dell_os10` and bluewire's driver use.

What is modelled is what the OS10 10.5/10.6 User Guide documents (CLI Basics: "Candidate
configuration", "Copy running configuration", and the EXEC command reference):

- Configuration is immediate by default. `start transaction` switches *this session* to
  transaction mode: changes go to the candidate configuration, which all sessions share;
  `commit` applies it (and ends transaction mode), `discard` drops it. A change made in immediate
  mode commits the shared candidate too, as the guide warns.
- `lock`/`unlock` (EXEC) stop other sessions from changing config; `lock` fails while the
  candidate holds uncommitted changes.
- `show candidate-configuration`, `show diff candidate-configuration running-configuration`.
- `copy home://f running-configuration` *merges* the file, executing it line by line (lines
  before a failure stay applied); `copy running-configuration startup-configuration` and
  `write memory` save; files live in `home://` and `config://` (SCP uploads land in `home://`).
- OS10 has **no** configuration rollback, checkpoint or commit-confirm command. The only
  device-side timer is `reload in <minutes>` / `reload cancel`: a reboot loads the startup
  config, so "save the old config, commit without saving, schedule a reload" is the OS10 way to
  get a change that undoes itself. The lab reboot restores running from startup, drops the
  candidate and the lock and resets the uptime (it does not cut the SSH sessions).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

from bluewire.lab import os10_show as show
from bluewire.lab.cli_grammar import CliGrammar, load_grammar
from bluewire.lab.device import ConfigRejected, Device, LabError, PendingCommit, SessionDropped
from bluewire.lab.os10_exec import ExecMixin
from bluewire.lab.sshcli import CloseSession, Front
from bluewire.lab.sshcli import serve as serve_ssh

_SPACED = re.compile(r"^(no )?interface (ethernet|vlan|port-channel|loopback|mgmt) (\S+)$")
_BANNER = re.compile(r"^banner (login|motd|exec) \S+")
_PROMPTS = {
    "vlt": "conf-vlt",
    "acl": "config-ipv4-acl",
    "route_map": "config-route-map",
    "line": "config-line-vty",
    "vrf": "conf-vrf",
    "bgp_af": "config-router-bgp-af",
    "bgp_neighbor": "config-router-neighbor",
    "bgp_neighbor_af": "config-router-neighbor-af",
    "vrrp": "conf-vrrp",
    "mst": "conf-mstp",
}
_IF_PREFIX = {"ethernet": "eth", "vlan": "vl-", "port-channel": "po-", "loopback": "lo-"}


@dataclass
class Os10State:
    """What OS10 shares between the sessions of one switch: the candidate configuration."""

    device: Device
    grammar: CliGrammar
    topology: show.Topology = field(default_factory=show.Topology)
    candidate: str | None = None  # None: no uncommitted changes
    mutex: threading.RLock = field(default_factory=threading.RLock)

    def base(self) -> str:
        return self.candidate if self.candidate is not None else self.device.running

    def dirty(self) -> bool:
        return self.candidate is not None and self.candidate != self.device.running

    def commit(self, session: str, confirm_s: float | None = None) -> None:
        with self.mutex:
            if self.candidate is not None:
                self.device.commit(self.candidate, session, confirm_s)
            self.candidate = None

    def schedule_reload(self, seconds: float, session: str) -> None:
        """`reload in`: a device-side timer that reboots into the startup configuration."""
        device = self.device
        with device.mutex:
            device.cancel_pending()
            timer = device.clock.timer(seconds, lambda: self._reboot(timer))
            deadline = time.time() + device.clock.real(seconds)
            device.pending = PendingCommit(device.startup, deadline, timer, session)
            timer.start()

    def _reboot(self, timer: threading.Timer) -> None:
        device = self.device
        with device.mutex:
            if device.pending is None or device.pending.timer is not timer:
                return
            device.pending.previous = device.startup
            device.revert_pending()
            device.lock_owner = None
            device.boot_time = time.time()
        with self.mutex:
            self.candidate = None


def normalize(line: str) -> str:
    """OS10 stores `interface ethernet 1/1/1` as `interface ethernet1/1/1`."""
    m = _SPACED.match(line)
    return f"{m[1] or ''}interface {m[2]}{m[3]}" if m else line


def prompt_suffix(mode: str, opener: str) -> str:
    """The `(conf-...)` part of the prompt for a sub-mode entered with `opener`."""
    m = re.match(r"^interface (ethernet|vlan|port-channel|loopback|mgmt)(\S+)$", opener)
    if m:
        kind, number = m[1], m[2]
        return f"conf-if-{'ma-' if kind == 'mgmt' else _IF_PREFIX[kind]}{number}"
    if opener.startswith("interface range "):
        return "conf-range-" + opener.split(" ", 2)[2].replace(" ", "")
    if mode in ("bgp", "ospf"):
        return f"config-router-{mode}-{opener.split()[2]}"
    return _PROMPTS.get(mode, f"conf-{mode.replace('_', '-')}")


class Os10Shell(ExecMixin):
    """One CLI session: EXEC and CONFIGURATION modes, immediate or transaction-based."""

    echo = True

    def __init__(self, state: Os10State, session: str) -> None:
        self.state = state
        self.device = state.device
        self.session = session
        self.transaction = False
        self.context: list[tuple[str, str]] | None = None  # None: EXEC; else (opener, mode)
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

    def prompt(self) -> str:
        host = self._hostname()
        if self.context is None:
            return f"{host}# "
        if not self.context:
            return f"{host}(config)# "
        opener, mode = self.context[-1]
        return f"{host}({prompt_suffix(mode, opener)})# "

    def _hostname(self) -> str:
        m = re.search(r"^hostname (\S+)$", self.device.running, re.M)
        return m[1] if m else "OS10"

    # ------------------------------------------------------------------ dispatch
    def dispatch(self, text: str) -> str:
        if not text or text.startswith("!"):
            return ""
        if self.context is None:
            return self.exec_command(text)
        if text.startswith("do "):
            return self.exec_command(text[3:].strip())
        return self.config_command(text)

    def config_command(self, text: str) -> str:
        assert self.context is not None
        if self.banner is not None or _BANNER.match(text):
            self._banner_line(text)
        elif text == "end":
            self.context = None
        elif text == "exit":
            self.context = self.context[:-1] if self.context else None
        else:
            self.apply(normalize(text))
        return ""

    def _banner_line(self, text: str) -> None:
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
        self.apply("\n".join(lines))

    def apply(self, line: str) -> None:
        """Place `line` the way the CLI does (fall back to parent modes), then store it."""
        assert self.context is not None
        grammar = self.state.grammar
        first = line.split("\n", 1)[0]
        for depth in range(len(self.context), -1, -1):
            mode = self.context[depth - 1][1] if depth else "global"
            if not grammar.valid(first, mode):
                continue
            openers = [opener for opener, _ in self.context[:depth]]
            with self.state.mutex:
                self.device.check_unlocked(self.session)
                updated = grammar.merge(self.state.base(), [*openers, line])
                self.state.candidate = updated
                if not self.transaction:
                    self.state.commit(self.session)
            rule = grammar.modes[mode].find(first)
            opened = [(line, rule.mode)] if rule is not None and rule.mode else []
            self.context = self.context[:depth] + opened
            return
        raise ConfigRejected(grammar.invalid, first)


def serve(
    device: Device,
    host: str = "127.0.0.1",
    port: int = 0,
    topology: show.Topology | None = None,
) -> Front:
    """Serve `device` as an OS10 switch over SSH (CLI shell + SCP into `home://`)."""
    state = Os10State(device, load_grammar("dellos10"), topology or show.lab_topology_hooks())
    return serve_ssh(
        device,
        host,
        port,
        shell_factory=lambda dev, session: Os10Shell(state, session),
        scp_path=scp_home_path,
    )


def scp_home_path(target: str) -> str:
    """An SCP upload lands in the user's home directory: `home://<file name>`."""
    name = target.strip().strip("'\"").rstrip("/").rsplit("/", 1)[-1]
    return f"home://{name}"
