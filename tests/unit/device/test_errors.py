"""Device exceptions become readable, secret-free text; only timeouts count as transient."""

from __future__ import annotations

from napalm.base.exceptions import ConnectionException, MergeConfigException
from ncclient.transport.errors import AuthenticationError
from netmiko import NetmikoAuthenticationException, NetmikoTimeoutException, ReadTimeout
from paramiko.ssh_exception import AuthenticationException, SSHException
from scp import SCPException

from bluewire.device.errors import describe, is_transient


def test_known_exceptions_are_described() -> None:
    assert describe(ConnectionRefusedError(111, "Connection refused")).startswith(
        "connection refused"
    )
    assert describe(NetmikoAuthenticationException("bad")).startswith("authentication failed")
    assert describe(MergeConfigException("% Invalid input")).startswith(
        "the device rejected the candidate config"
    )
    assert describe(ConnectionException("x")).startswith("could not connect")


def test_secret_values_are_masked_in_errors() -> None:
    text = describe(MergeConfigException("line 3: key 0 hunter2-canary"), ["hunter2-canary"])
    assert "hunter2-canary" not in text and "%%SECRET%%" in text


def test_only_timeouts_are_transient() -> None:
    assert is_transient(SCPException("Timeout waiting for scp response"))
    assert is_transient(ReadTimeout("pattern not detected"))
    assert is_transient(TimeoutError())
    assert is_transient(ConnectionError("Capability exchange timed out"))  # ncclient, under load
    assert not is_transient(NetmikoAuthenticationException("Authentication failed."))
    assert not is_transient(MergeConfigException("% Invalid input"))


class ConnectAuthError(Exception):
    """Named as PyEZ's (jnpr.junos.exception), matched by name like every library class."""


class ConnectError(Exception):
    pass


def test_the_root_cause_names_the_failure() -> None:
    try:
        try:
            raise NetmikoAuthenticationException("Authentication to device failed.")
        except NetmikoAuthenticationException as inner:
            raise ConnectionException("cannot connect to 127.0.0.1: ...") from inner
    except ConnectionException as wrapped:
        assert describe(wrapped).startswith("authentication failed: cannot connect")


def test_authentication_failures_of_every_driver() -> None:
    assert describe(ConnectAuthError("bad")).startswith("authentication failed")
    unauthorized = ConnectionException('Unauthorized. {"error": "Unauthorized"}')  # eAPI 401
    assert describe(unauthorized).startswith("authentication failed")
    assert describe(ConnectError("Capability exchange timed out")).startswith("timed out")
    assert describe(ConnectError("closed by peer")).startswith("could not connect")


def test_a_timeout_a_driver_wraps_is_still_transient() -> None:
    try:
        try:
            raise ReadTimeout("Pattern not detected: '[>#]' in output.")
        except ReadTimeout as inner:
            raise ConnectionException("cannot connect to 127.0.0.1") from inner
    except ConnectionException as wrapped:
        assert is_transient(wrapped)
    assert not is_transient(ConnectionException("cannot connect to 127.0.0.1"))


def _raised_while_handling(outer: BaseException, inner: BaseException) -> BaseException:
    """`outer` as a library raises it inside `except` of `inner` (implicit __context__)."""
    try:
        try:
            raise inner
        except type(inner):
            raise outer  # noqa: B904 - the libraries chain like this
    except type(outer) as exc:
        return exc
    raise AssertionError("unreachable")


def test_a_slow_login_is_a_timeout_not_an_authentication_failure() -> None:
    """What the real drivers raise against a latency-faulted device (measured on the lab)."""
    slow = AuthenticationException("Authentication timeout.")
    netmiko = _raised_while_handling(NetmikoAuthenticationException("Authentication failed"), slow)
    pyez = ConnectAuthError(None)
    pyez.__cause__ = AuthenticationError(repr(slow))
    os10 = ConnectionException("cannot connect to 127.0.0.1: Authentication to device failed")
    os10.__cause__ = netmiko
    eapi = _raised_while_handling(
        ConnectionError("Socket error during eAPI connection: The read operation timed out"),
        TimeoutError("The read operation timed out"),
    )
    for exc in (netmiko, pyez, os10, eapi):
        assert describe(exc).startswith("timed out"), describe(exc)
        assert is_transient(exc)
    refused = _raised_while_handling(
        NetmikoAuthenticationException("Authentication failed"),
        AuthenticationException("Authentication failed."),
    )
    assert describe(refused).startswith("authentication failed")
    assert not is_transient(refused)


def test_a_connection_dropped_before_the_ssh_banner_is_not_a_session_failure() -> None:
    """A dead box (the socket closes at accept): NAPALM wraps netmiko wraps paramiko's EOFError."""
    for root in (EOFError(), ConnectionResetError(104, "Connection reset by peer")):
        banner = _raised_while_handling(SSHException("Error reading SSH protocol banner"), root)
        netmiko = _raised_while_handling(NetmikoTimeoutException("TCP connection failed"), banner)
        napalm = _raised_while_handling(ConnectionException("Cannot connect to 127.0.0.1"), netmiko)
        assert describe(napalm).startswith("could not connect"), describe(napalm)
    closed = _raised_while_handling(ConnectionException("Cannot connect to 127.0.0.1"), EOFError())
    assert describe(closed).startswith("the device closed the session")
