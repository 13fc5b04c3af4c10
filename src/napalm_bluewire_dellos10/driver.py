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
- has_pending_commit: a commit-with-revert of this driver whose running config still differs
  from the saved startup config (after the reboot they are equal again). A scheduled reload
  made by another client cannot be seen: OS10 documents no command that shows it.
- rollback: with a revert pending, `reload cancel` and replace back to the startup config;
  otherwise replace back to the config read before the last commit (kept by this driver
  instance, and copied to `home://bluewire_rollback.cfg` on the switch for people).
"""

from __future__ import annotations

import math
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

from napalm_bluewire_dellos10 import parse
from napalm_bluewire_dellos10.replace import cli_lines, replace_commands

ROLLBACK_FILE = "home://bluewire_rollback.cfg"
_PROMPT = r"[\w.-]+(\([\w/.:-]+\))?#\s*$"
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
        self.pending = False
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
        if self.pending and self.has_pending_commit():
            raise CommitError("a commit is waiting for confirm_commit or rollback")
        if revert_in is not None and not self.compare_config():
            # Nothing would change: a `reload in` could only reboot the switch into the config it
            # runs, so nothing is armed and nothing is left to confirm.
            if self.loaded:
                self.discard_config()
            return
        previous = self._send("show running-configuration")
        self._send(f"copy running-configuration {ROLLBACK_FILE}")
        if revert_in is not None:
            minutes = max(1, math.ceil(revert_in / 60))
            self._checked("write memory")
            self._checked(f"reload in {minutes}")
        try:
            self._checked("commit")
        except CommitError:
            if revert_in is not None:
                self._send("reload cancel")
            self.discard_config()
            raise
        self._send("unlock")
        self.loaded = False
        self.rollback_config = previous
        if revert_in is None:
            self._checked("write memory")
        else:
            self.pending = True

    def has_pending_commit(self) -> bool:
        if not self.pending:
            return False
        running = self._send("show running-configuration")
        startup = self._send("show startup-configuration")
        if _body(running) == _body(startup):
            self.pending = False  # the switch rebooted into the saved config
        return self.pending

    def confirm_commit(self) -> None:
        if not self.has_pending_commit():
            raise CommitConfirmException("no commit is waiting for confirmation")
        self._checked("reload cancel", CommitConfirmException)
        self._checked("write memory", CommitConfirmException)
        self.pending = False

    def rollback(self) -> None:
        if self.has_pending_commit():
            self._checked("reload cancel")
            target = self._send("show startup-configuration")
            self.pending = False
        elif self.rollback_config is not None:
            target = self.rollback_config
        else:
            raise CommitError("nothing to roll back: no commit was made by this driver")
        self.load_replace_candidate(config=target)
        self.commit_config()

    # ------------------------------------------------------------------ getters
    def get_facts(self) -> dict[str, Any]:
        ver = parse.version(self._send("show version"))
        inv = parse.version(self._send("show inventory"))
        running = self._send("show running-configuration")
        host, domain = parse.hostname(running), parse.domain(running)
        names = list(parse.interfaces(self._send("show interface")))
        return {
            "uptime": parse.uptime_seconds(ver.get("Up Time", "")),
            "vendor": "Dell",
            "os_version": ver.get("OS Version", ""),
            "serial_number": inv.get("Service Tag") or inv.get("Product Serial Number", ""),
            "model": ver.get("System Type", ""),
            "hostname": host,
            "fqdn": f"{host}.{domain}" if domain else host,
            "interface_list": names,
        }

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

    def get_lldp_neighbors(self) -> dict[str, list[dict[str, str]]]:
        return parse.lldp_neighbors(self._send("show lldp neighbors"))

    def get_bgp_neighbors(self) -> dict[str, Any]:
        output = self._send("show ip bgp summary")
        router_id, local_as, rows = parse.bgp_summary(output)
        if not router_id:
            return {"global": {"router_id": "", "peers": {}}}
        descriptions = parse.bgp_descriptions(self._send("show running-configuration"))
        peers = {row["address"]: _peer(row, local_as, descriptions) for row in rows}
        return {"global": {"router_id": router_id, "peers": peers}}


def _peer(row: dict[str, Any], local_as: int, descriptions: dict[str, str]) -> dict[str, Any]:
    prefixes = max(row["prefixes"], 0) if row["is_up"] else -1
    return {
        "local_as": local_as,
        "remote_as": row["remote_as"],
        "remote_id": row["address"] if row["is_up"] else "0.0.0.0",
        "is_up": row["is_up"],
        "is_enabled": row["is_enabled"],
        "description": descriptions.get(row["address"], ""),
        "uptime": row["uptime"],
        "address_family": {
            "ipv4": {
                "received_prefixes": prefixes,
                "accepted_prefixes": prefixes,
                "sent_prefixes": -1,
            }
        },
    }


def _body(config: str) -> list[str]:
    """Config lines without comments, for comparing running and startup."""
    return [line for line in config.splitlines() if line.strip() and not line.startswith("!")]
