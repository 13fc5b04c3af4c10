"""The one place where NAPALM, netmiko, ncclient and socket exceptions become readable text."""

from __future__ import annotations

import socket

from nornir.core.exceptions import NornirSubTaskError

from bluewire.secrets import mask_values

_KNOWN: list[tuple[str, str]] = [
    ("NetmikoAuthenticationException", "authentication failed"),
    ("AuthenticationException", "authentication failed"),
    ("NetmikoTimeoutException", "timed out connecting"),
    ("ReadTimeout", "timed out waiting for the device"),
    ("ConnectionRefusedError", "connection refused"),
    ("ConnectRefusedError", "connection refused"),
    ("ConnectClosedError", "the device closed the session"),
    ("SessionCloseError", "the device closed the session"),
    ("SSHException", "SSH session failed"),
    ("EOFError", "the device closed the session"),
    ("ConnectionException", "could not connect"),
    ("ConnectionError", "could not connect"),
    ("MergeConfigException", "the device rejected the candidate config"),
    ("ReplaceConfigException", "the device rejected the candidate config"),
    ("CommitError", "the device rejected the commit"),
    ("LockError", "the configuration is locked by another session"),
    ("SessionLockedException", "the configuration is locked by another session"),
]


def innermost(exc: BaseException) -> BaseException:
    """The real cause behind Nornir's sub-task wrapper."""
    while isinstance(exc, NornirSubTaskError):
        failed = [r.exception for r in exc.result if r.exception is not None]
        if not failed:
            break
        exc = failed[0]
    return exc


def describe(exc: BaseException, secret_values: list[str] | None = None) -> str:
    """`what happened: detail` for a per-host error row (known secret values masked)."""
    exc = innermost(exc)
    names = [cls.__name__ for cls in type(exc).__mro__]
    summary = next((text for name, text in _KNOWN if name in names), None)
    if summary is None and isinstance(exc, (socket.timeout, TimeoutError)):
        summary = "timed out"
    detail = " ".join(str(exc).split())[:300]
    text = (
        f"{summary or type(exc).__name__}: {detail}" if detail else (summary or type(exc).__name__)
    )
    return mask_values(text, secret_values or [])


_TRANSIENT = ("SCPException", "ReadTimeout", "NetmikoTimeoutException", "TimeoutError", "timeout")


def is_transient(exc: BaseException) -> bool:
    """A timeout worth one retry on a read-only operation (never an authentication failure)."""
    names = {cls.__name__ for cls in type(innermost(exc)).__mro__}
    if "AuthenticationException" in names or "NetmikoAuthenticationException" in names:
        return False
    return bool(names & set(_TRANSIENT)) or "timeout" in str(exc).lower()
