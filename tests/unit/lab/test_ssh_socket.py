"""The SSH fronts' socket layer: reading ahead keeps the byte stream exact, and the MAC check
paramiko runs on every received packet gives the same answers as a plain comparison."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import paramiko
from hypothesis import given, settings
from hypothesis import strategies as st

from bluewire.lab.transport.ssh import QuickAck


class _Counting:
    """A real socket whose recv calls are counted (what reaches the kernel)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.recvs = 0

    def recv(self, size: int) -> bytes:
        self.recvs += 1
        return self.sock.recv(size)

    def setsockopt(self, *args: int) -> None:
        self.sock.setsockopt(*args)


@contextmanager
def _pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    server, _ = listener.accept()
    listener.close()
    try:
        yield client, server
    finally:
        client.close()
        server.close()


@settings(max_examples=60, deadline=None)
@given(
    chunks=st.lists(st.binary(min_size=1, max_size=3000), min_size=1, max_size=8),
    sizes=st.lists(st.integers(min_value=1, max_value=5000), min_size=1, max_size=30),
)
def test_reads_of_any_size_return_the_stream_in_order_never_more_than_asked(
    chunks: list[bytes], sizes: list[int]
) -> None:
    with _pair() as (client, server):
        wrapped = QuickAck(server)
        for chunk in chunks:
            client.sendall(chunk)
        client.shutdown(socket.SHUT_WR)
        sent, got = b"".join(chunks), b""
        for size in sizes * (len(sent) + 1):
            data = wrapped.recv(size)
            assert len(data) <= size
            if not data:
                break
            got += data
        assert got == sent
        assert wrapped.recv(16) == b""  # end of stream stays visible once the bytes are read


def test_small_reads_are_served_from_one_kernel_read() -> None:
    """paramiko reads a packet as a 16-byte first block, then the rest, then the MAC."""
    with _pair() as (client, server):
        counting = _Counting(server)
        wrapped = QuickAck(counting)  # type: ignore[arg-type]
        sent = bytes(range(256)) * 4
        client.sendall(sent)
        while len(server.recv(len(sent), socket.MSG_PEEK)) < len(sent):  # all of it has arrived
            time.sleep(0.01)
        got = b"".join(wrapped.recv(16) for _ in range(len(sent) // 16))
        assert got == sent
        assert counting.recvs == 1


def test_a_read_after_the_buffer_is_used_up_goes_to_the_socket_again() -> None:
    with _pair() as (client, server):
        counting = _Counting(server)
        wrapped = QuickAck(counting)  # type: ignore[arg-type]
        client.sendall(b"first")
        assert wrapped.recv(100) == b"first"
        client.sendall(b"second")
        assert wrapped.recv(3) == b"sec"
        assert wrapped.recv(100) == b"ond"
        assert counting.recvs == 2


@given(a=st.binary(max_size=64), b=st.binary(max_size=64), flip=st.integers(0, 63))
def test_the_mac_check_answers_as_a_plain_comparison(a: bytes, b: bytes, flip: int) -> None:
    check = paramiko.util.constant_time_bytes_eq  # what paramiko.packet calls, once the lab loaded
    assert check(a, b) == (a == b)
    assert check(a, a) is True
    if a:
        other = bytearray(a)
        other[flip % len(a)] ^= 1 << (flip % 8)
        assert check(a, bytes(other)) is False
        assert check(a, a[:-1]) is False
