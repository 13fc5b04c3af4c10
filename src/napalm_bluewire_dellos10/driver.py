"""bluewire's NAPALM driver for Dell SmartFabric OS10, over netmiko `dell_os10` (SSH CLI).

How each NAPALM operation maps onto what OS10 really offers (Dell SmartFabric OS10 User Guide,
10.5/10.6, "CLI Basics": candidate configuration, `start transaction`, `commit`, `discard`,
`lock`, `copy`, `write memory`, `reload`):

- load_merge_candidate: `lock`, `start transaction`, then the lines in configuration mode; they
  land in the candidate configuration, the running config is untouched. A rejected line
  (`% Error`) discards the candidate and raises MergeConfigException.
- load_replace_candidate: OS10 has no configure-replace, so the driver reads the running config
  and enters the difference in one transaction: bluewire's diff engine computes it (the plan's
  remediation for the host), replace.py enters it mode by mode.
- compare_config: `show diff candidate-configuration running-configuration`.
- commit_config: `commit`, then `write memory`. The message is not kept: OS10 has no commit log.
- commit_config(revert_in=N): OS10 has **no commit-confirm, rollback or checkpoint command**.
  Its one device-side timer is `reload in <minutes>`: the driver saves the current config
  (`write memory`), schedules the reload, and commits without saving; unless confirm_commit
  (`reload cancel`, `write memory`) comes in time, the switch reboots into the saved config.
  The revert is therefore a reboot, and N is rounded up to whole minutes. A candidate that
  changes nothing arms nothing: no reload, no pending commit (has_pending_commit() is False and
  confirm_commit() raises CommitConfirmException, as NAPALM's other drivers do when nothing waits).
- has_pending_commit: read from the switch, not from this instance, so a fresh driver (the retry
  of a CI job that died) sees a revert another process armed: the driver leaves a marker file in
  `home://` when it arms one, and a revert waits while the marker is there and running differs
  from the saved startup config (pending.py has the whole rule). After a reload the driver opens
  a new session (the reload cut the old one) and clears the marker.
- confirm_commit: `reload cancel`, `write memory`, marker deleted; from any instance.
- rollback: with a revert pending (from any instance), `reload cancel` and replace back to the
  startup config; otherwise replace back to the config read before this instance's last commit.
  A fresh instance cannot roll back a commit that was already confirmed: OS10 has no command to
  show a saved file, so the config before the last commit stays in `home://bluewire_rollback.cfg`
  for people (CommitError says so).
- getters (getters.py): facts, config, interfaces, interfaces_ip, arp_table, environment, users,
  ntp_servers, snmp_information, lldp_neighbors, bgp_neighbors, each from the `show` commands
  the OS10 User Guide documents; the config getters (users, NTP, SNMP) read the running config.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from typing import Any

from napalm.base import NetworkDriver
from napalm.base.exceptions import (
    CommitConfirmException,
    CommitError,
    ConnectionException,
    LockError,
    MergeConfigException,
    ReplaceConfigException,
)
from netmiko import ConnectHandler
from netmiko.exceptions import (
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
)

from napalm_bluewire_dellos10 import getters, parse, pending
from napalm_bluewire_dellos10.replace import cli_lines, replace_commands

ROLLBACK_FILE = "home://bluewire_rollback.cfg"
log = logging.getLogger(__name__)
_NOTHING_SCHEDULED = re.compile(r"(?i)\bno\b.*\bscheduled\b|\bnot scheduled\b")
# netmiko searches everything read so far for this after every chunk: it may start only where a
# name starts and never backtracks inside one, else a 30 KB `show running-configuration` costs
# ~10x the CPU (a name tried at each of its letters, each try shortened letter by letter)
_PROMPT = r"(?<![\w.-])[\w.-]++(?:\([\w/.:-]++\))?#\s*$"
_NETMIKO_ERRORS = (
    NetmikoTimeoutException,
    NetmikoAuthenticationException,
    ReadTimeout,
    OSError,
    EOFError,
)


class DellOS10Driver(NetworkDriver):  # type: ignore[misc]
    """NAPALM driver for Dell OS10 (candidate config via transactions, revert via `reload in`)."""

    def __init__(
        self,
        hostname: str,
        username: str,
        password: str,
        timeout: int = 60,
        optional_args: dict[str, Any] | None = None,
    ) -> None:
        self.hostname = hostname
        self.username = username
        self.password = password
        self.timeout = timeout
        args = dict(optional_args or {})
        self.port = int(args.pop("port", 22))
        self.netmiko_args = {k: v for k, v in args.items() if k not in ("config_lock",)}
        self.device: Any = None
        self.loaded = False
        self.rollback_config: str | None = None

    # ------------------------------------------------------------------ session
    def open(self) -> None:
        try:
            self.device = ConnectHandler(
                device_type="dell_os10",
                host=self.hostname,
                port=self.port,
                username=self.username,
                password=self.password,
                timeout=self.timeout,
                **self.netmiko_args,
            )
        except _NETMIKO_ERRORS as exc:
            raise ConnectionException(f"cannot connect to {self.hostname}: {exc}") from exc

    def close(self) -> None:
        if self.device is None:
            return
        try:
            if self.loaded:
                self.discard_config()
            self.device.disconnect()
        except (*_NETMIKO_ERRORS, ConnectionException):
            pass
        self.device = None

    def is_alive(self) -> dict[str, bool]:
        return {"is_alive": bool(self.device is not None and self.device.is_alive())}

    def _reopen_if_dropped(self) -> None:
        """A new session when the switch cut ours (a reload does); its candidate died with it."""
        if self.device is None or self.device.is_alive():
            return
        try:
            self.device.disconnect()
        except (*_NETMIKO_ERRORS, ValueError):
            pass
        self.device, self.loaded = None, False
        self.open()

    def _send(self, command: str) -> str:
        if self.device is None:
            raise ConnectionException("not connected: call open() first")
        try:
            # netmiko waits a fixed 10 s for a command's echo; a commit that drops the session
            # must fail within the driver's own timeout instead.
            output = self.device.send_command(
                command,
                expect_string=_PROMPT,
                read_timeout=self.timeout,
                cmd_verify=command != "commit",
            )
        except _NETMIKO_ERRORS as exc:
            raise ConnectionException(f"{self.hostname}: {command!r} failed: {exc}") from exc
        if command == "commit":  # a new hostname changes the prompt
            self._reset_prompt()
        return str(output)

    def _reset_prompt(self) -> None:
        try:
            self.device.set_base_prompt()
        except _NETMIKO_ERRORS as exc:
            raise ConnectionException(f"{self.hostname}: prompt lost: {exc}") from exc

    def _checked(self, command: str, error: type[Exception] = CommitError) -> str:
        output = self._send(command)
        found = parse.errors(output)
        if found:
            raise error(f"{command}: {' '.join(found)}")
        return output

    # ------------------------------------------------------------------ candidate
    def load_merge_candidate(self, filename: str | None = None, config: str | None = None) -> None:
        self._load(cli_lines(self._text(filename, config)), MergeConfigException)

    def load_replace_candidate(
        self, filename: str | None = None, config: str | None = None
    ) -> None:
        target = self._text(filename, config)
        running = self._send("show running-configuration")
        self._load(replace_commands(running, target), ReplaceConfigException)

    @staticmethod
    def _text(filename: str | None, config: str | None) -> str:
        if config is not None:
            return config
        if filename is None:
            raise MergeConfigException("give a filename or a config")
        with open(filename, encoding="utf-8") as fh:
            return fh.read()

    def _load(self, commands: list[str], error: type[Exception]) -> None:
        if self.loaded:
            self.discard_config()
        output = self._send("lock")
        if parse.errors(output):
            raise LockError(f"{self.hostname}: {' '.join(parse.errors(output))}")
        self._checked("start transaction", error)
        self.loaded = True
        if not commands:
            return
        try:
            output = str(self.device.send_config_set(commands, read_timeout=self.timeout))
        except _NETMIKO_ERRORS as exc:
            raise ConnectionException(f"{self.hostname}: loading failed: {exc}") from exc
        found = parse.errors(output)
        if found:
            self.discard_config()
            raise error(f"{self.hostname} rejected the candidate: {' '.join(found)}")

    def compare_config(self) -> str:
        if not self.loaded:
            return ""
        return self._send("show diff candidate-configuration running-configuration").strip()

    def discard_config(self) -> None:
        self._send("discard")
        self._send("unlock")
        self.loaded = False

    # ------------------------------------------------------------------ commit
    def commit_config(self, message: str = "", revert_in: int | None = None) -> None:
        if self.has_pending_commit():
            raise CommitError("a commit is waiting for confirm_commit or rollback")
        if revert_in is not None and not self.compare_config():
            # Nothing would change: a `reload in` could only reboot the switch into the config it
            # runs, so nothing is armed and nothing is left to confirm.
            if self.loaded:
                self.discard_config()
            return
        self._commit(revert_in)

    def _commit(self, revert_in: int | None = None) -> None:
        previous = self._send("show running-configuration")
        self._send(f"copy running-configuration {ROLLBACK_FILE}")
        marker = None
        try:
            marker = self._arm(revert_in) if revert_in is not None else None
            self._checked("commit")
        except CommitError:
            if marker is not None:
                self._cancel_reload(CommitError)
                self._remove([marker])
            self.discard_config()
            raise
        self._send("unlock")
        self.loaded = False
        self.rollback_config = previous
        if marker is None:
            self._checked("write memory")

    def _arm(self, revert_in: int) -> pending.Marker:
        """Save the old config, leave the marker, then schedule the reload that reverts."""
        minutes = max(1, math.ceil(revert_in / 60))
        marker = pending.marker_for(_now() + dt.timedelta(minutes=minutes))
        self._checked("write memory")
        self._checked(f"copy running-configuration {marker.url}")
        try:
            self._checked(f"reload in {minutes}")
        except CommitError:
            self._remove([marker])
            raise
        return marker

    def has_pending_commit(self) -> bool:
        return bool(self._pending())

    def _pending(self) -> list[pending.Marker]:
        """The markers of a revert that waits; a marker whose revert is over is cleaned up."""
        self._reopen_if_dropped()  # a reload cuts every session
        found = pending.markers(self._send("dir home"))
        if not found:
            return []
        running = self._send("show running-configuration")
        saved = pending.body(running) == pending.body(self._send("show startup-configuration"))
        state = pending.assess(found, saved, _now())
        if state is pending.State.PENDING:
            return found
        if state is pending.State.OVER:
            self._send("reload cancel")  # one may be left; it would reboot into what runs
        else:
            log.warning(
                "%s: revert marker past its deadline, reload cancelled by hand", self.hostname
            )
        self._remove(found)
        return []

    def _remove(self, found: list[pending.Marker]) -> None:
        for marker in found:
            self._send(f"delete {marker.url}")

    def _cancel_reload(self, error: type[Exception]) -> None:
        """`reload cancel`; a reload already cancelled (by hand, or a lost session) is no error."""
        found = parse.errors(self._send("reload cancel"))
        if found and not _NOTHING_SCHEDULED.search(" ".join(found)):
            raise error(f"{self.hostname}: reload cancel: {' '.join(found)}")

    def confirm_commit(self) -> None:
        found = self._pending()
        if not found:
            raise CommitConfirmException("no commit is waiting for confirmation")
        self._cancel_reload(CommitConfirmException)
        self._checked("write memory", CommitConfirmException)
        self._remove(found)

    def rollback(self) -> None:
        found = self._pending()
        if found:
            self._cancel_reload(CommitError)
            target = self._send("show startup-configuration")
        elif self.rollback_config is not None:
            target = self.rollback_config
        else:
            raise CommitError(
                "nothing to roll back: no commit waits for confirmation and this driver made "
                f"none (the config before the last commit is in {ROLLBACK_FILE}, for people)"
            )
        self.load_replace_candidate(config=target)
        self._commit()
        self._remove(found)

    # ------------------------------------------------------------------ getters (getters.py)
    def get_facts(self) -> dict[str, Any]:
        return getters.facts(self._send)

    def get_config(
        self, retrieve: str = "all", full: bool = False, sanitized: bool = False
    ) -> dict[str, str]:
        out = {"running": "", "startup": "", "candidate": ""}
        if retrieve in ("all", "running"):
            out["running"] = self._send("show running-configuration")
        if retrieve in ("all", "startup"):
            out["startup"] = self._send("show startup-configuration")
        if retrieve in ("all", "candidate") and self.loaded:
            out["candidate"] = self._send("show candidate-configuration")
        return out

    def get_interfaces(self) -> dict[str, dict[str, Any]]:
        return parse.interfaces(self._send("show interface"))

    def get_interfaces_ip(self) -> dict[str, Any]:
        return getters.interfaces_ip(self._send)

    def get_arp_table(self, vrf: str = "") -> list[dict[str, Any]]:
        return getters.arp_table(self._send, vrf)

    def get_environment(self) -> dict[str, Any]:
        return getters.environment(self._send)

    def get_users(self) -> dict[str, Any]:
        return getters.users(self._send)

    def get_ntp_servers(self) -> dict[str, Any]:
        return getters.ntp_servers(self._send)

    def get_snmp_information(self) -> dict[str, Any]:
        return getters.snmp_information(self._send)

    def get_lldp_neighbors(self) -> dict[str, list[dict[str, str]]]:
        return parse.lldp_neighbors(self._send("show lldp neighbors"))

    def get_bgp_neighbors(self) -> dict[str, Any]:
        return getters.bgp_neighbors(self._send)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
