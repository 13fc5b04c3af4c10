"""The lab Cisco IOS-XE front: an SSH CLI that netmiko `cisco_ios` and NAPALM's `ios` driver use unchanged.

It reproduces what those clients depend on (read from napalm 5.2 / netmiko 4.8 and the captured
wire trace): prompt shapes (`host>`, `host#`, `host(config-if)#`), the command echo, `enable` with
a `Password:` prompt, SCP uploads into `flash:`, `verify /md5`, the archive commands behind
compare/commit/confirm/rollback, and the IOS error texts NAPALM greps for. Config lines go through
the `ios` grammar (grammars/ios.yaml), so a typo is refused as on the real box.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bluewire.lab import ios_output as out
from bluewire.lab import sshcli, topology
from bluewire.lab.cli_grammar import CliGrammar, load_grammar
from bluewire.lab.device import ConfigRejected, Device, LabError, LockHeld, SessionDropped
from bluewire.lab.ios_commit import Committer, enter, locate
from bluewire.lab.sshcli import CloseSession, Front

INVALID = "% Invalid input detected at '^' marker."
LOCKED = "Configuration mode is locked by another session. Please try later.\n"
_SHOW_RUN = re.compile(r"^sh(?:o|ow)? run(?:ning-config)?(?: \| (inc\S*|begin|sec\S*) (.+))?$")


def serve(device: Device, host: str = "127.0.0.1", port: int = 0) -> Front:
    """Serve `device` as an IOS-XE switch over SSH (with SCP into flash:)."""
    return sshcli.serve(device, host, port, IosShell, scp_path=out.flash_key)


def ios_grammar(device: Device) -> CliGrammar:
    return device.grammar if isinstance(device.grammar, CliGrammar) else load_grammar("ios")


class IosShell:
    """One IOS exec session: user/privileged/config modes, each line answered as IOS does."""

    def __init__(self, device: Device, session: str) -> None:
        self.device = device
        self.session = session
        self.grammar = ios_grammar(device)
        self.echo = True
        self.privileged = False
        self.config: list[tuple[str, str]] = []  # (mode, opener line); empty outside config mode
        self.banner: list[str] | None = None
        self.banner_delim = ""
        self.commit = Committer(device, session, self.grammar)
        self.exec_table: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
            (re.compile(p), f) for p, f in self._exec_commands()
        ]

    # ------------------------------------------------------------------ Shell protocol
    def greeting(self) -> str:
        return "\r\n" + self.prompt()

    def feed(self, line: str) -> str:
        if not self.echo:
            return self._password(line)
        self.device.log(self.session, "cmd", line)
        text = line.strip()
        try:
            body = self._config_line(text) if self.config else self._exec_line(text)
        except SessionDropped:
            raise
        except ConfigRejected as exc:
            body = self._caret(text, str(exc))
        except LockHeld:
            body = LOCKED
        except LabError as exc:
            body = f"%Error: {exc}\n"
        return self._send(body)

    def _send(self, body: str) -> str:
        text = body if not body or body.endswith("\n") else body + "\n"
        return text.replace("\n", "\r\n") + self.prompt()

    # ------------------------------------------------------------------ prompts and errors
    def prompt(self) -> str:
        host = out.hostname(self.device.running, self.device.name)
        if self.banner is not None:
            return ""
        if self.config:
            mode = self.config[-1][0]
            return f"{host}(config{'' if mode == 'global' else '-' + mode})#"
        return f"{host}{'#' if self.privileged else '>'}"

    def _caret(self, line: str, message: str) -> str:
        return " " * len(self.prompt()) + "^\n" + (message or INVALID) + "\n\n"

    # ------------------------------------------------------------------ exec mode
    def _password(self, line: str) -> str:
        self.echo = True
        if line == self.device.enable_secret:
            self.privileged = True
            return "\r\n" + self.prompt()
        return "\r\n% Access denied\r\n\r\n" + self.prompt()

    def _exec_line(self, text: str) -> str:
        if not text:
            return ""
        if not self.privileged:
            return self._user_line(text)
        for pattern, action in self.exec_table:
            m = pattern.match(text)
            if m:
                return action(m)
        return self._caret(text, INVALID)

    def _user_line(self, text: str) -> str:
        if text in ("en", "enable"):
            self.echo = False
            return "Password: "
        if text in ("exit", "logout", "quit"):
            raise CloseSession()
        if re.match(r"^terminal (length|width) \d+$", text):
            return ""
        return self._caret(text, INVALID)

    def _exec_commands(self) -> list[tuple[str, Callable[[re.Match[str]], str]]]:
        d = self.device
        return [
            (r"^(exit|logout|quit)$", self._exit),
            (r"^(en|enable)$", lambda m: ""),
            (r"^disable$", self._disable),
            (r"^terminal (length|width|no monitor|monitor)( \d+)?$", lambda m: ""),
            (_SHOW_RUN.pattern, self._show_run),
            (r"^sh(ow)? start(up-config)?$", lambda m: out.show_startup(d)),
            (r"^sh(ow)? ver(sion)?$", lambda m: out.show_version(d)),
            (r"^show hosts$", lambda m: out.show_hosts(d.running)),
            (
                r"^sh(ow)? ip int(erface)? br(ief)?$",
                lambda m: out.show_ip_interface_brief(d.running),
            ),
            (r"^sh(ow)? int(erfaces)?$", lambda m: out.show_interfaces(d.running)),
            (r"^dir (\S+)$", lambda m: out.dir_listing(d, m.group(1))),
            (r"^verify /md5 (\S+)$", lambda m: out.verify_md5(d, m.group(1))),
            (r"^more (\S+)$", self._more),
            (r"^show archive$", lambda m: self.commit.show_archive()),
            (r"^show archive config rollback timer$", lambda m: self.commit.show_timer()),
            (
                r"^show archive config differences system:/?running-config (\S+)$",
                lambda m: self.commit.differences(m.group(1)),
            ),
            (
                r"^show archive config incremental-diffs (\S+)( ignorecase)?$",
                lambda m: self.commit.incremental(m.group(1)),
            ),
            (
                r"^copy (running-config|system:/?running-config) (startup-config|nvram:/?startup-config)$",
                self._write,
            ),
            (r"^(write|wr)( mem(ory)?)?$", self._write),
            (
                r"^copy (running-config|system:/?running-config) (\S+:\S*)$",
                lambda m: self.commit.save_running(m.group(2)),
            ),
            (r"^copy null: (\S+)$", lambda m: self.commit.truncate(m.group(1))),
            (
                r"^copy (\S+:\S+) (running-config|system:/?running-config)$",
                lambda m: self.commit.merge_file(m.group(1)),
            ),
            (r"^conf(igure)?( t(erminal)?)?( revert timer (\d+))?$", self._configure),
            (
                r"^configure replace (\S+)(.*)$",
                lambda m: self.commit.replace_file(m.group(1), m.group(2)),
            ),
            (r"^configure confirm$", lambda m: self.commit.confirm()),
            (r"^configure revert now$", lambda m: self.commit.revert_now()),
            (r"^sh(ow)? lldp neighbors$", lambda m: out.show_lldp_neighbors(self._links())),
            (
                r"^sh(ow)? lldp neighbors detail$",
                lambda m: out.show_lldp_neighbors_detail(self._links()),
            ),
            (
                r"^sh(ow)? (ip bgp|bgp all|bgp ipv4 unicast)( all)? summary$",
                lambda m: out.show_bgp_summary(d, per_family=m.group(2) == "bgp all"),
            ),
            (
                r"^sh(ow)? (ip bgp|bgp ipv4 unicast) neighbors$",
                lambda m: out.show_bgp_neighbors(d),
            ),
            (r"^sh(ow)? bgp \S+ \S+( all)? neighbors$", lambda m: ""),
        ]

    def _links(self) -> list[topology.Link]:
        return topology.lldp_of(self.device) or []

    def _exit(self, m: re.Match[str]) -> str:
        raise CloseSession()

    def _disable(self, m: re.Match[str]) -> str:
        self.privileged = False
        return ""

    def _show_run(self, m: re.Match[str]) -> str:
        full = out.show_running(self.device)
        if not m.group(1):
            return full
        pattern = re.compile(m.group(2).strip())
        lines = full.splitlines()
        if m.group(1).startswith("inc"):
            return "".join(line + "\n" for line in lines if pattern.search(line))
        start = next((i for i, line in enumerate(lines) if pattern.search(line)), len(lines))
        return "".join(line + "\n" for line in lines[start:])

    def _more(self, m: re.Match[str]) -> str:
        data = self.device.files.get(out.flash_key(m.group(1)))
        if data is None:
            return f"%Error opening {m.group(1)} (No such file or directory)\n"
        return data.decode(errors="replace")

    def _write(self, m: re.Match[str]) -> str:
        self.device.save()
        return "Building configuration...\n[OK]\n"

    def _configure(self, m: re.Match[str]) -> str:
        if self.device.lock_owner not in (None, self.session):
            return LOCKED
        if m.group(5):
            error = self.commit.arm_timer(int(m.group(5)))
            if error:
                return error
        self.config = [("global", "")]
        return "Enter configuration commands, one per line.  End with CNTL/Z.\n"

    # ------------------------------------------------------------------ config mode
    def _config_line(self, text: str) -> str:
        if self.banner is not None:
            return self._banner_line(text)
        if not text or text.startswith("!"):
            return ""
        if text.startswith("do "):
            return self._exec_line(text[3:])
        if text == "end":
            self.config = []
            return ""
        if text in self.grammar.exits:
            self.config.pop()
            return ""
        opened = re.match(r"^banner \S+ (\^C|\S)(.*)$", text)
        if opened and opened.group(1) not in opened.group(2):
            self.banner = [text]
            self.banner_delim = opened.group(1)
            return f"Enter TEXT message.  End with the character '{opened.group(1)}'.\n"
        return self._apply([text])

    def _banner_line(self, text: str) -> str:
        assert self.banner is not None
        self.banner.append(text)
        if self.banner_delim in text:
            lines, self.banner = self.banner, None
            return self._apply(["\n".join(lines)])
        return ""

    def _apply(self, lines: list[str]) -> str:
        """One config line, applied at once as IOS does (no commit step, no commit faults)."""
        first = lines[0].split("\n", 1)[0]
        depth = locate(self.grammar, self.config, first)
        if depth is None:
            return self._caret(first, self.grammar.invalid)
        openers = [op for _, op in self.config[1 : depth + 1]]
        with self.device.mutex:
            self.device.check_unlocked(self.session)
            self.device.set_running(self.grammar.merge(self.device.running, openers + lines))
        enter(self.grammar, self.config, depth, first)
        return ""
