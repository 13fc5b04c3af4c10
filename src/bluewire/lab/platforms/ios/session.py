"""One IOS-XE exec session: user, privileged and config modes, each line answered as IOS does.

It reproduces what netmiko `cisco_ios` and NAPALM's `ios` driver depend on (read from napalm 5.2 /
netmiko 4.8 and the captured wire trace): prompt shapes (`host>`, `host#`, `host(config-if)#`),
the command echo, `enable` with a `Password:` prompt, the archive commands behind
compare/commit/confirm/rollback (`commit.py`), and the IOS error texts NAPALM greps for. Config
lines go through the `ios` grammar (`grammar.yaml`), so a typo is refused as on the real box.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bluewire.lab import facts, topology
from bluewire.lab.device import ConfigRejected, Device, LabError, LockHeld, SessionDropped
from bluewire.lab.grammar import CliGrammar, ModeStack, load_grammar
from bluewire.lab.platforms.ios import bgp
from bluewire.lab.platforms.ios import commands as oper_commands
from bluewire.lab.platforms.ios import show as out
from bluewire.lab.platforms.ios.commit import Committer
from bluewire.lab.platforms.ios.state import IosState
from bluewire.lab.transport.ssh import CloseSession

LOCKED = "Configuration mode is locked by another session. Please try later.\n"
_BANNER = re.compile(r"^banner \S+ (\^C|\S)(.*)$")


def ios_grammar(device: Device) -> CliGrammar:
    return device.grammar if isinstance(device.grammar, CliGrammar) else load_grammar("ios")


class IosShell:
    """One IOS exec session (the `Shell` of transport/ssh.py)."""

    def __init__(self, device: Device, session: str, state: IosState | None = None) -> None:
        self.device = device
        self.session = session
        self.grammar = ios_grammar(device)
        self.echo = True
        self.privileged = False
        self.modes: ModeStack | None = None  # None outside config mode
        self.banner: list[str] | None = None
        self.banner_delim = ""
        self.commit = Committer(device, session, self.grammar, state or IosState())

    # ------------------------------------------------------------------ Shell protocol
    def greeting(self) -> str:
        return "\r\n" + self.prompt()

    def feed(self, line: str) -> str:
        if not self.echo:
            return self._password(line)
        self.device.log(self.session, "cmd", line)
        text = line.strip()
        try:
            body = self._config_line(text) if self.modes else self._exec_line(text)
        except SessionDropped:
            raise
        except ConfigRejected as exc:
            body = self._caret(str(exc))
        except LockHeld:
            body = LOCKED
        except LabError as exc:
            body = f"%Error: {exc}\n"
        if not self.echo:
            return body  # `Password: ` waits for its answer: IOS shows no prompt after it
        return self._send(body)

    def close(self) -> None:
        """Nothing to release: IOS config mode holds no lock in the lab."""

    def _send(self, body: str) -> str:
        text = body if not body or body.endswith("\n") else body + "\n"
        return text.replace("\n", "\r\n") + self.prompt()

    # ------------------------------------------------------------------ prompts and errors
    def prompt(self) -> str:
        host = out.hostname(self.device.running, self.device.name)
        if self.banner is not None:
            return ""
        if self.modes:
            return f"{host}({self.modes.prompt})#"
        return f"{host}{'#' if self.privileged else '>'}"

    def _caret(self, message: str) -> str:
        return " " * len(self.prompt()) + "^\n" + (message or self.grammar.invalid) + "\n\n"

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
        for pattern, action in _EXEC:
            m = pattern.match(text)
            if m:
                return action(self, m)
        return self._caret(self.grammar.invalid)

    def _user_line(self, text: str) -> str:
        if text in ("en", "enable"):
            self.echo = False
            return "Password: "
        if text in ("exit", "logout", "quit"):
            raise CloseSession()
        if re.match(r"^terminal (length|width) \d+$", text):
            return ""
        if text == "show privilege":
            return "Current privilege level is 1\n"
        return self._caret(self.grammar.invalid)

    def links(self) -> list[facts.Link]:
        return topology.lldp_of(self.device) or []

    def exit(self, m: re.Match[str]) -> str:
        raise CloseSession()

    def disable(self, m: re.Match[str]) -> str:
        self.privileged = False
        return ""

    def show_run(self, m: re.Match[str]) -> str:
        full = out.show_running(self.device)
        return pipe(full, m.group(1), m.group(2)) if m.group(1) else full

    def more(self, m: re.Match[str]) -> str:
        data = self.device.files.get(out.flash_key(m.group(1)))
        if data is None:
            return out.no_such_file(m.group(1))
        return data.decode(errors="replace")

    def write(self, m: re.Match[str]) -> str:
        self.device.save()
        return "Building configuration...\n[OK]\n"

    def configure(self, m: re.Match[str]) -> str:
        if self.device.lock_owner not in (None, self.session):
            return LOCKED
        if m.group(5):
            error = self.commit.arm_timer(int(m.group(5)))
            if error:
                return error
        self.modes = ModeStack(self.grammar)
        return "Enter configuration commands, one per line.  End with CNTL/Z.\n"

    # ------------------------------------------------------------------ config mode
    def _config_line(self, text: str) -> str:
        assert self.modes is not None
        if self.banner is not None:
            return self._banner_line(text)
        if not text or text.startswith("!"):
            return ""
        if text.startswith("do "):
            return self._exec_line(text[3:])
        if text == "end" or (text in self.grammar.exits and len(self.modes.frames) == 1):
            self.modes = None
            return ""
        if text in self.grammar.exits:
            self.modes.exit()
            return ""
        opened = _BANNER.match(text)
        if opened and opened.group(1) not in opened.group(2):
            self.banner = [text]
            self.banner_delim = opened.group(1)
            return f"Enter TEXT message.  End with the character '{opened.group(1)}'.\n"
        return self._apply(self.modes, [text])

    def _banner_line(self, text: str) -> str:
        assert self.banner is not None and self.modes is not None
        self.banner.append(text)
        if self.banner_delim in text:
            lines, self.banner = self.banner, None
            return self._apply(self.modes, ["\n".join(lines)])
        return ""

    def _apply(self, modes: ModeStack, lines: list[str]) -> str:
        """One config line, applied at once as IOS does (no commit step, no commit faults)."""
        first = lines[0].split("\n", 1)[0]
        found = modes.locate(first)
        if found is None:
            return self._caret(self.grammar.invalid)
        depth, rule = found
        with self.device.mutex:
            self.device.check_unlocked(self.session)
            merged = self.grammar.merge(self.device.running, modes.openers(depth) + lines)
            self.device.set_running(merged)
        modes.enter(depth, first, rule)
        return ""


def pipe(text: str, how: str, pattern: str) -> str:
    """IOS output filters: `| include X`, `| exclude X`, `| begin X`, `| section X` (the
    top-level blocks whose header or body matches)."""
    regex = re.compile(pattern.strip())
    lines = text.splitlines()
    if how.startswith(("inc", "exc")):
        keep = how.startswith("inc")
        return "".join(line + "\n" for line in lines if bool(regex.search(line)) == keep)
    if how.startswith("sec"):
        blocks: list[list[str]] = []
        for line in lines:
            if line[:1] not in (" ", "") or not blocks:
                blocks.append([line])
            else:
                blocks[-1].append(line)
        hits = [b for b in blocks if any(regex.search(line) for line in b)]
        return "".join(line + "\n" for block in hits for line in block)
    start = next((i for i, line in enumerate(lines) if regex.search(line)), len(lines))
    return "".join(line + "\n" for line in lines[start:])


Action = Callable[[IosShell, re.Match[str]], str]

# Privileged EXEC commands, first match wins (abbreviations as IOS accepts them).
_TABLE: list[tuple[str, Action]] = [
    (r"^(exit|logout|quit)$", IosShell.exit),
    (r"^(en|enable)$", lambda s, m: ""),
    (r"^disable$", IosShell.disable),
    (r"^terminal (length|width|no monitor|monitor)( \d+)?$", lambda s, m: ""),
    (
        r"^sh(?:o|ow)? run(?:ning-config)?(?: \| (inc\S*|begin|sec\S*) (.+))?$",
        IosShell.show_run,
    ),
    (r"^sh(ow)? start(up-config)?$", lambda s, m: out.show_startup(s.device)),
    (r"^sh(ow)? ver(sion)?$", lambda s, m: out.show_version(s.device)),
    (r"^show hosts$", lambda s, m: out.show_hosts(s.device.running)),
    # Ansible's ios terminal plugin checks this after `enable` (cisco.ios terminal/ios.py).
    (r"^sh(ow)? priv(ilege)?$", lambda s, m: "Current privilege level is 15\n"),
    (
        r"^sh(ow)? ip int(erface)? br(ief)?$",
        lambda s, m: out.show_ip_interface_brief(s.device),
    ),
    (r"^sh(ow)? int(erfaces)?$", lambda s, m: out.show_interfaces(s.device)),
    (r"^dir (\S+)$", lambda s, m: out.dir_listing(s.device, m.group(1))),
    (r"^verify /md5 (\S+)$", lambda s, m: out.verify_md5(s.device, m.group(1))),
    (r"^more (\S+)$", IosShell.more),
    (r"^show archive$", lambda s, m: s.commit.show_archive()),
    (r"^show archive config rollback timer$", lambda s, m: s.commit.show_timer()),
    (
        r"^show archive config differences system:/?running-config (\S+)$",
        lambda s, m: s.commit.differences(m.group(1)),
    ),
    (
        r"^show archive config incremental-diffs (\S+)( ignorecase)?$",
        lambda s, m: s.commit.incremental(m.group(1)),
    ),
    (
        r"^copy (running-config|system:/?running-config) "
        r"(startup-config|nvram:/?startup-config)$",
        IosShell.write,
    ),
    (r"^(write|wr)( mem(ory)?)?$", IosShell.write),
    (
        r"^copy (running-config|system:/?running-config) (\S+:\S*)$",
        lambda s, m: s.commit.save_running(m.group(2)),
    ),
    (r"^copy null: (\S+)$", lambda s, m: s.commit.truncate(m.group(1))),
    (r"^delete /force (\S+)$", lambda s, m: s.commit.delete(m.group(1))),
    (
        r"^copy (\S+:\S+) (running-config|system:/?running-config)$",
        lambda s, m: s.commit.merge_file(m.group(1)),
    ),
    (r"^conf(igure)?( t(erminal)?)?( revert timer (\d+))?$", IosShell.configure),
    (
        r"^configure replace (\S+)(.*)$",
        lambda s, m: s.commit.replace_file(m.group(1), m.group(2)),
    ),
    (r"^configure confirm$", lambda s, m: s.commit.confirm()),
    (r"^configure revert now$", lambda s, m: s.commit.revert_now()),
    (r"^sh(ow)? lldp neighbors$", lambda s, m: out.show_lldp_neighbors(s.links())),
    (
        r"^sh(ow)? lldp neighbors detail$",
        lambda s, m: out.show_lldp_neighbors_detail(s.links()),
    ),
    (
        r"^sh(ow)? (ip bgp|bgp all|bgp ipv4 unicast)( all)? summary$",
        lambda s, m: bgp.show_bgp_summary(s.device, per_family=m.group(2) == "bgp all"),
    ),
    (
        r"^sh(ow)? (ip bgp|bgp ipv4 unicast) neighbors$",
        lambda s, m: bgp.show_bgp_neighbors(s.device),
    ),
    (r"^sh(ow)? bgp \S+ \S+( all)? neighbors$", lambda s, m: ""),
]
_EXEC: list[tuple[re.Pattern[str], Action]] = [
    (re.compile(p), f) for p, f in [*_TABLE, *oper_commands.COMMANDS]
]
