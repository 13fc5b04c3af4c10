"""IOS-XE config changes for the lab: `copy <file> running-config`, `configure replace`, the archive.

NAPALM's ios driver commits through these commands and decides success by grepping their output
(`Invalid input detected`, `error`, `failed`, `original configuration has been successfully
restored`), so the texts below are the ones IOS prints.
"""

from __future__ import annotations

import re
import time

from bluewire.lab.device import ConfigRejected, Device, LabError, SessionDropped
from bluewire.lab.grammar import CliGrammar, ModeStack
from bluewire.lab.platforms.ios import show as out
from bluewire.lab.platforms.ios.state import IosState

_HEADER = re.compile(r"^(Building configuration|Current configuration :|Using \d+ out of)")


def accepted_lines(grammar: CliGrammar, text: str) -> tuple[list[str], list[str]]:
    """Lines of a merge file that IOS would accept, and the rejected ones (it skips those)."""
    stack = ModeStack(grammar)
    good: list[str] = []
    bad: list[str] = []
    for line in _commands(text):
        if not line or line.startswith("!") or _HEADER.match(line):
            continue
        if line == "end":
            break
        first = line.split("\n", 1)[0]
        found = stack.locate(first)
        if found is None:
            bad.append(line)
            continue
        stack.enter(found[0], first, found[1])
        good.append(line)
    return good, bad


_BANNER = re.compile(r"^banner \S+ (\^C|\S)(.*)$")


def _commands(text: str) -> list[str]:
    """Stripped lines of a config file, a multi-line banner joined into one command."""
    lines = [raw.strip() for raw in text.splitlines()]
    out: list[str] = []
    i = 0
    while i < len(lines):
        opened = _BANNER.match(lines[i])
        end = i
        if opened and opened.group(1) not in opened.group(2):
            end = i + 1
            while end < len(lines) - 1 and opened.group(1) not in lines[end]:
                end += 1
        out.append("\n".join(lines[i : end + 1]) if end > i else lines[i])
        i = end + 1
    return out


class Committer:
    """The commit-side commands of one session."""

    def __init__(self, device: Device, session: str, grammar: CliGrammar, state: IosState) -> None:
        self.device = device
        self.session = session
        self.grammar = grammar
        self.state = state

    def _file(self, path: str) -> str | None:
        data = self.device.files.get(out.flash_key(path))
        return None if data is None else data.decode(errors="replace")

    def _archive_on(self) -> bool:
        return re.search(r"^archive$", self.device.running, re.M) is not None

    # ------------------------------------------------------------------ archive views
    def show_archive(self) -> str:
        if not self._archive_on():
            return "Archive feature not enabled\n"
        return (
            "The maximum archive configurations allowed is 10.\n"
            "There are currently 1 archive configurations saved.\n"
            "The next archive file will be named flash:archive-2\n"
            " Archive #  Name\n   1        flash:archive-1 <- Most Recent\n"
        )

    def show_timer(self) -> str:
        pending = self.device.pending
        if pending is None:
            return "%No Rollback Confirmed Change pending\n"
        stamp = time.strftime(
            "%H:%M:%S UTC %a %b %d %Y", time.gmtime(self.state.armed_at or time.time())
        )
        return (
            f"Time configured(or reset)  : {stamp}\n"
            "Timer type: Revert timer\n"
            f"Timer value: {self.state.timer_min} min\n"
            f"User: {self.device.username}\n"
        )

    def differences(self, path: str) -> str:
        text = self._file(path)
        if text is None:
            return out.no_such_file(path)
        return out.contextual_diff(self.device.running, _strip_header(text))

    def incremental(self, path: str) -> str:
        text = self._file(path)
        if text is None:
            return out.no_such_file(path)
        return out.incremental_diff(self.device.running, _strip_header(text))

    # ------------------------------------------------------------------ files
    def save_running(self, path: str) -> str:
        key = out.flash_key(path)
        body = self.device.running.rstrip("\n") + "\nend\n"
        with self.device.mutex:
            self.device.files[key] = body.encode()
        return f"{len(body)} bytes copied in 0.052 secs ({len(body) * 19} bytes/sec)\n"

    def delete(self, path: str) -> str:
        """`delete /force PATH`: the file goes, without the confirmation prompts."""
        key = out.flash_key(path)
        with self.device.mutex:
            if self.device.files.pop(key, None) is None:
                return f"%Error deleting {key} (No such file or directory)\n"
        return ""

    def truncate(self, path: str) -> str:
        with self.device.mutex:
            self.device.files[out.flash_key(path)] = b""
        return "0 bytes copied in 0.010 secs\n"

    # ------------------------------------------------------------------ commits
    def arm_timer(self, minutes: int) -> str:
        """`configure terminal revert timer N`: revert to *now* unless confirmed in N minutes.

        Arming is no commit (the commit is the merge that follows), so commit faults don't apply.
        """
        if not self._archive_on():
            return "%Please turn config archive on before using Rollback Confirmed Change\n"
        self.device.arm_revert(minutes * 60, self.session)
        self.state.armed_at, self.state.timer_min = time.time(), minutes
        return ""

    def merge_file(self, path: str) -> str:
        text = self._file(path)
        if text is None:
            return out.no_such_file(path)
        good, bad = accepted_lines(self.grammar, text)
        self.device.step("load")
        invalid = self.grammar.invalid
        errors = "".join(f"{line}\n^\n{invalid}\n\n" for line in bad)
        try:
            self.device.commit(self.grammar.merge(self.device.running, good), self.session)
        except ConfigRejected as exc:
            return f"{exc.line}\n^\n{exc}\n"
        except SessionDropped:
            raise
        except LabError as exc:
            return f"{errors}%Error: {exc}\n{invalid}\n"
        return f"{errors}{len(text)} bytes copied in 0.118 secs ({len(text) * 8} bytes/sec)\n"

    def replace_file(self, path: str, options: str) -> str:
        text = self._file(path)
        if text is None:
            return out.no_such_file(path)
        timer = re.search(r"\btimer (\d+)\b", options)
        if timer and not self._archive_on():
            return "%Please turn config archive on before using Rollback Confirmed Change\n"
        try:
            new = self.grammar.replace(self.device.running, _strip_header(text))
            self.device.step("load")
            confirm_s = int(timer.group(1)) * 60 if timer else None
            self.device.commit(new, self.session, confirm_s=confirm_s)
        except ConfigRejected as exc:
            return _replace_failed(f"{exc.line}\n^\n{exc}")
        except SessionDropped:
            raise
        except LabError as exc:
            return _replace_failed(f"%Error: {exc}")
        if timer:
            self.state.armed_at, self.state.timer_min = time.time(), int(timer.group(1))
        return "Total number of passes: 1\nRollback Done\n\n"

    def confirm(self) -> str:
        self.device.step("confirm")
        if self.device.pending is None:
            return "%No Rollback Confirmed Change pending\n"
        self.device.confirm()
        return ""

    def revert_now(self) -> str:
        self.device.step("rollback")
        if self.device.pending is None:
            return "%No Rollback Confirmed Change pending\n"
        self.device.revert_pending()
        return "Rollback Done\n"


def _strip_header(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not _HEADER.match(line)) + "\n"


def _replace_failed(detail: str) -> str:
    return (
        f"{detail}\n\nFailed to apply command(s). Reverting to the original configuration\n"
        "Total number of passes: 0\nRollback aborted\n"
        "The original configuration has been successfully restored.\n"
    )
