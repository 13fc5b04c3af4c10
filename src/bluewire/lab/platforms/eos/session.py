"""The EOS command interpreter behind eAPI: exec commands, config sessions, configure replace.

Each eAPI request is a fresh CLI session that starts in exec mode (as on the switch); config
lines are buffered while in a config mode and applied through the grammar in one go, so a long
replace costs one parse, not one per line. Config sessions live in `state.EosState`, shared by
every request to the device.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bluewire.lab.device import ConfigRejected, Device, LabError, SessionDropped
from bluewire.lab.platforms.eos import commands
from bluewire.lab.platforms.eos.state import ConfigSession, EosState

JSON = dict[str, Any]


class CommandFailed(LabError):
    """One command of a request failed; `index` is its position in the request."""

    def __init__(self, message: str, index: int = 0, code: int = 1002) -> None:
        super().__init__(message)
        self.index = index
        self.code = code


def _text(s: str) -> JSON:
    return {"output": s}


_SESSION_CMD = re.compile(
    r"^configure session (\S+)(?: (commit(?: timer (\d+):(\d+):(\d+))?|abort))?$"
)


@dataclass
class _Mode:
    """Where this request is: exec, a config session, or configure terminal."""

    session: ConfigSession | None = None
    terminal: bool = False
    lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def config(self) -> bool:
        return self.session is not None or self.terminal


class EosCli:
    """Runs one eAPI request (`runCmds`) against a device."""

    def __init__(self, device: Device, state: EosState, client: str) -> None:
        self.device = device
        self.client = client
        self.state = state
        self.mode = _Mode()

    # ------------------------------------------------------------------ request
    def run(self, cmds: list[str], fmt: str) -> list[JSON]:
        out: list[JSON] = []
        index = 0
        try:
            for index, cmd in enumerate(cmds):
                out.append(self._one(index, cmd, fmt))
            self._flush()
        except ConfigRejected as exc:
            raise CommandFailed(f"{exc} (at token 0: {exc.line.split()[0]!r})", exc.lineno) from exc
        except (CommandFailed, SessionDropped):
            raise
        except LabError as exc:
            raise CommandFailed(str(exc), index, 1000) from exc
        return out

    def _one(self, index: int, cmd: str, fmt: str) -> JSON:
        self.device.log(self.client, "cmd", cmd, round_trip=False)  # the request paid the wait
        if self.mode.config and not _exec_in_config(cmd):
            return self._config_line(index, cmd)
        self._flush()
        return self._exec(index, cmd, fmt)

    def _config_line(self, index: int, cmd: str) -> JSON:
        if cmd == "end":
            self._flush()
            self.mode = _Mode()
        elif cmd == "rollback clean-config" and self.mode.session is not None:
            self.mode.lines.clear()
            self.mode.session.candidate = ""
        elif cmd in ("commit", "abort") and self.mode.session is not None:
            self._flush()
            name = self.mode.session.name
            self.mode = _Mode()
            return self._session_action(name, cmd, None, index)
        else:
            self.mode.lines.append((index, cmd))
        return {}

    def _flush(self) -> None:
        """Apply buffered config lines (a rejected line keeps the ones before it, as EOS does)."""
        if not self.mode.lines:
            return
        indexes = [i for i, _ in self.mode.lines]
        lines = [c for _, c in self.mode.lines]
        self.mode.lines = []
        self.device.step("load")
        grammar = self.device.grammar
        base = self.mode.session.candidate if self.mode.session else self.device.running
        try:
            new = grammar.merge(base, lines)
        except ConfigRejected as exc:
            good = lines[: max(exc.lineno - 1, 0)]
            self._store(grammar.merge(base, good) if good else base)
            exc.lineno = indexes[max(exc.lineno - 1, 0)]
            raise
        self._store(new)

    def _store(self, text: str) -> None:
        if self.mode.session is not None:
            self.mode.session.candidate = text
        elif text != self.device.running:
            self.device.commit(text, self.client)

    # ------------------------------------------------------------------ exec commands
    def _exec(self, index: int, cmd: str, fmt: str) -> JSON:
        # EOS ignores blanks around an exec command; Ansible's eos_facts sends "show version "
        # (its `| json` suffix cut off, arista.eos module_utils run_commands).
        cmd = cmd.strip()
        if cmd == "enable" or cmd.startswith("terminal "):
            return {}
        if cmd in ("configure", "configure terminal"):
            self.mode = _Mode(terminal=True)
            return {}
        m = _SESSION_CMD.match(cmd)
        if m:
            timer = m[3] and int(m[3]) * 3600 + int(m[4]) * 60 + int(m[5])
            if m[2] is None:
                self._enter_session(m[1])
                return {}
            return self._session_action(m[1], m[2].split()[0], timer or None, index)
        return self._show_or_file(index, cmd, fmt)

    def _enter_session(self, name: str) -> None:
        session = self.state.sessions.get(name)
        if session is None or session.state != "pending":
            session = ConfigSession(name, self.device.running)
            self.state.sessions[name] = session
        self.mode = _Mode(session=session)

    def _session_action(self, name: str, action: str, timer: int | None, index: int) -> JSON:
        session = self.state.sessions.get(name)
        if action == "abort":
            self._abort(session)
            return {}
        if session is None:
            raise CommandFailed(f"Session {name} does not exist", index, 1000)
        if session.state == "pendingCommitTimer" and self._timer_running(session):
            self.device.step("confirm")
            if self.device.confirm():  # a lost confirm (forget-confirm) leaves it pending
                session.state = "completed"
            return {}
        self.device.commit(session.candidate, f"eapi:{name}", confirm_s=timer)
        session.state = "pendingCommitTimer" if timer else "completed"
        return {}

    def _abort(self, session: ConfigSession | None) -> None:
        if session is None:
            return
        if session.state == "pendingCommitTimer" and self._timer_running(session):
            self.device.step("rollback")
            self.device.revert_pending()
        if session.state in ("pending", "pendingCommitTimer"):
            session.state = "aborted"
            self.state.sessions.pop(session.name, None)

    def _timer_running(self, session: ConfigSession) -> bool:
        pending = self.device.pending
        return pending is not None and pending.session == f"eapi:{session.name}"

    def _show_or_file(self, index: int, cmd: str, fmt: str) -> JSON:
        answer = commands.show(self.device, cmd, fmt)
        if answer is not None:
            return answer
        handler = _EXEC.get(cmd)
        if handler is not None:
            return handler(self, index)
        return self._patterned(index, cmd)

    def _patterned(self, index: int, cmd: str) -> JSON:
        for pattern, method in _EXEC_RE:
            m = pattern.match(cmd)
            if m:
                return method(self, index, m)
        raise CommandFailed(f"Invalid input (at token 0: {cmd.split()[0] if cmd else ''!r})", index)

    # ------------------------------------------------------------------ handlers
    def running(self, index: int) -> JSON:
        return _text(self.device.running)

    def startup(self, index: int) -> JSON:
        return _text(self.device.startup)

    def write(self, index: int) -> JSON:
        self.device.save()
        return _text("Copy completed successfully.\n")

    def sessions(self, index: int) -> JSON:
        return self._sessions_json()

    def _sessions_json(self) -> JSON:
        uptime = self.device.uptime_s()
        out: dict[str, JSON] = {}
        for s in self.state.sessions.values():
            state = s.state
            entry: JSON = {"state": state, "completedTime": 0.0, "description": "", "instances": {}}
            if state == "pendingCommitTimer":
                if self._timer_running(s):
                    left = max(self.device.pending.deadline - time.time(), 0.0)  # type: ignore[union-attr]
                    entry["commitBy"] = uptime + left * self.device.clock.scale
                else:
                    entry["state"] = s.state = "completed"
            out[s.name] = entry
        owner = self.device.lock_owner
        if owner is not None and not owner.startswith("eapi:"):
            out[owner] = {"state": "pending", "description": "", "instances": {}}
        return {"sessions": out, "maxSavedSessions": 1, "maxOpenSessions": 5}

    def copy(self, index: int, m: re.Match[str]) -> JSON:
        src, dst = m[1], m[2]
        texts = {"startup-config": self.device.startup, "running-config": self.device.running}
        data = texts.get(src)
        if data is None:
            raw = self.device.files.get(src)
            if raw is None:
                raise CommandFailed(f"Error copying {src} to {dst} (No such file)", index, 1000)
            data = raw.decode()
        if dst == "startup-config":
            self.device.startup = data
        else:
            self.device.files[dst] = data.encode()
        return _text("Copy completed successfully.\n")

    def replace(self, index: int, m: re.Match[str]) -> JSON:
        raw = self.device.files.get(m[1])
        if raw is None:
            raise CommandFailed(f"Error: file {m[1]} does not exist", index, 1000)
        self.device.step("rollback")
        try:
            new = self.device.grammar.replace(self.device.running, raw.decode())
        except ConfigRejected as exc:
            raise CommandFailed(f"{exc}: {exc.line} (line {exc.lineno})", index) from exc
        self.device.commit(new, self.client)
        return {}

    def diffs(self, index: int, m: re.Match[str]) -> JSON:
        name = m[1] or (self.mode.session.name if self.mode.session else "")
        session = self.state.sessions.get(name)
        if session is None:
            raise CommandFailed(f"Session {name} does not exist", index, 1000)
        if m[2] is None:
            return _text(session.candidate)
        diff = difflib.unified_diff(
            self.device.running.splitlines(),
            session.candidate.splitlines(),
            "system:/running-config",
            f"session:/{name}-session-config",
            lineterm="",
        )
        return _text("\n".join(diff) + "\n")


def _exec_in_config(cmd: str) -> bool:
    return cmd.startswith("show ") or cmd in ("write memory", "copy running-config startup-config")


_EXEC: dict[str, Callable[[EosCli, int], JSON]] = {
    "show running-config": EosCli.running,
    "show running-config all": EosCli.running,
    "show startup-config": EosCli.startup,
    "write memory": EosCli.write,
    "write": EosCli.write,
    "copy running-config startup-config": EosCli.write,
    "show configuration sessions": EosCli.sessions,
    "show configuration sessions detail": EosCli.sessions,
}
_EXEC_RE: list[tuple[re.Pattern[str], Callable[[EosCli, int, re.Match[str]], JSON]]] = [
    (re.compile(r"^copy (\S+) (\S+)$"), EosCli.copy),
    (re.compile(r"^configure replace (\S+)(?: force)?$"), EosCli.replace),
    (re.compile(r"^show session-config(?: named (\S+))?( diffs)?$"), EosCli.diffs),
]
