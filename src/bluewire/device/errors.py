"""The one place where NAPALM, netmiko, ncclient and socket exceptions become readable text.

NAPALM's own exceptions (the driver interface every platform shares) are matched by class.
The libraries underneath (netmiko, paramiko, ncclient, PyEZ, pyeapi, scp) are matched by class
name, so this module needs none of them imported; so are NAPALM names those libraries reuse
(PyEZ's CommitError and LockError, netmiko's ConnectionException reach us unwrapped).
"""

from __future__ import annotations

import re
import socket

from napalm.base import exceptions as napalm_exc
from nornir.core.exceptions import NornirSubTaskError

from bluewire.secrets import mask_values

Match = type[BaseException] | str  # a class (isinstance) or a class name anywhere in the MRO

# First match wins: specific before general (netmiko's auth error is also an SSHException).
_KNOWN: list[tuple[Match, str]] = [
    ("NetmikoAuthenticationException", "authentication failed"),
    ("AuthenticationException", "authentication failed"),  # paramiko's
    ("ConnectAuthError", "authentication failed"),  # PyEZ's
    ("AuthenticationError", "authentication failed"),  # ncclient's
    ("ConnectTimeoutError", "timed out connecting"),  # PyEZ's
    ("NetmikoTimeoutException", "timed out connecting"),
    ("ReadTimeout", "timed out waiting for the device"),
    (ConnectionRefusedError, "connection refused"),
    ("ConnectRefusedError", "connection refused"),
    ("ConnectClosedError", "the device closed the session"),
    ("SessionCloseError", "the device closed the session"),
    ("SSHException", "SSH session failed"),
    (EOFError, "the device closed the session"),
    ("ConnectionException", "could not connect"),  # NAPALM's and netmiko's
    ("ConnectionError", "could not connect"),  # the builtin, and pyeapi's own of that name
    ("ConnectError", "could not connect"),  # PyEZ's base (its subclasses above are more exact)
    (napalm_exc.MergeConfigException, "the device rejected the candidate config"),
    (napalm_exc.ReplaceConfigException, "the device rejected the candidate config"),
    ("CommitError", "the device rejected the commit"),  # NAPALM's and PyEZ's
    ("LockError", "the configuration is locked by another session"),  # NAPALM's and PyEZ's
    (napalm_exc.SessionLockedException, "the configuration is locked by another session"),
]
_TRANSIENT = ("SCPException", "ReadTimeout", "NetmikoTimeoutException", "TimeoutError", "timeout")
_AUTH = ("AuthenticationException", "NetmikoAuthenticationException")


def innermost(exc: BaseException) -> BaseException:
    """The real cause behind Nornir's sub-task wrapper."""
    while isinstance(exc, NornirSubTaskError):
        failed = [r.exception for r in exc.result if r.exception is not None]
        if not failed:
            break
        exc = failed[0]
    return exc


def _matches(exc: BaseException, match: Match, names: set[str]) -> bool:
    return match in names if isinstance(match, str) else isinstance(exc, match)


def summary(exc: BaseException) -> str | None:
    """What happened, in a few words; None for an exception this module does not know.

    The root cause wins: a driver that wraps a library's error (bluewire's OS10 driver raises
    NAPALM's ConnectionException from netmiko's authentication error) says less than it.
    A slow device is not a credential problem: paramiko reports a login that took too long as
    AuthenticationException("Authentication timeout."), which netmiko, PyEZ and ncclient
    re-raise as their authentication errors, and pyeapi a slow answer as a ConnectionError.
    A device that drops the connection before its SSH banner never gave a session: paramiko's
    EOFError underneath says "closed the session", but the host was not reachable.
    """
    chain = _causes(exc)
    if any(_NO_BANNER_TEXT in str(c) for c in chain):
        text: str | None = "could not connect"
    else:
        text = next(filter(None, map(_summary_of, reversed(chain))), None)
    if text in _TIMED_OUT and any(_TIMEOUT_TEXT.search(str(c)) for c in chain):
        return _TIMED_OUT[text]
    return text


_NO_BANNER_TEXT = "Error reading SSH protocol banner"  # paramiko, before any session
_TIMEOUT_TEXT = re.compile(r"time(d)?[ -]?out", re.IGNORECASE)
_TIMED_OUT = {
    "authentication failed": "timed out logging in (a slow device, not a credential problem)",
    "could not connect": "timed out waiting for the device",
    "SSH session failed": "timed out waiting for the device",
}


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what led to it: explicit causes, and the exception being handled when it was
    raised (netmiko raises its authentication error while handling paramiko's)."""
    chain = [exc]
    while len(chain) < 6:
        last = chain[-1]
        nxt = last.__cause__ or (None if last.__suppress_context__ else last.__context__)
        if nxt is None or nxt in chain:
            break
        chain.append(nxt)
    return chain


def _summary_of(exc: BaseException) -> str | None:
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & {"ConnectionError", "ConnectionException"} and "Unauthorized" in str(exc):
        return "authentication failed"  # eAPI answers bad credentials with HTTP 401 Unauthorized
    text = next((text for m, text in _KNOWN if _matches(exc, m, names)), None)
    if text is None and isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    return text


def describe(exc: BaseException, secret_values: list[str] | None = None) -> str:
    """`what happened: detail` for a per-host error row (known secret values masked)."""
    exc = innermost(exc)
    what = summary(exc) or type(exc).__name__
    detail = " ".join(str(exc).split())[:300]
    return mask_values(f"{what}: {detail}" if detail else what, secret_values or [])


def is_transient(exc: BaseException) -> bool:
    """A timeout worth one retry on a read-only operation (never an authentication failure)."""
    inner = innermost(exc)
    if (summary(inner) or "").startswith("timed out"):
        return True  # a slow login is reported as an authentication error by the libraries
    causes = _causes(inner)  # a driver may wrap the library's timeout
    names = {cls.__name__ for cause in causes for cls in type(cause).__mro__}
    if names & set(_AUTH):
        return False
    text = " ".join(str(cause).lower() for cause in causes)
    return bool(names & set(_TRANSIENT)) or "timeout" in text or "timed out" in text
