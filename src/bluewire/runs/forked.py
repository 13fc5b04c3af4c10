"""Run one function over N forked processes: a run's per-host work past the GIL, on every core.

A drift run of 1,000 devices spends its CPU in the NAPALM sessions (SSH, XML, parsing replies)
and in sanitizing, parsing and diffing each config; one process runs all of it on one core.
Fork, not spawn: each child inherits the inventory, policies and imports the parent has loaded,
so nothing is pickled on the way in or imported again; only results travel back (pickled).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")

# hosts per process below which another process costs (a fork, its own sessions) more than it saves
PER_PROCESS = 50


def processes(asked: int, hosts: int) -> int:
    """How many processes share `hosts`: as asked (0: one per core for a large fleet)."""
    if asked:
        return max(1, min(asked, hosts))
    return max(1, min(os.cpu_count() or 1, hosts // PER_PROCESS))


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_forked(work: Callable[[int], T], count: int) -> list[T]:
    """[work(0), ..., work(count - 1)], each call in a forked process of its own.

    In this process when `count` is 1 or the platform cannot fork. An exception in a child is
    raised here, as if the call had been made here.
    """
    if count <= 1 or not can_fork():
        return [work(i) for i in range(count)]
    sys.stdout.flush()  # a child flushes the buffers it inherits when it ends: empty them first
    sys.stderr.flush()
    context = multiprocessing.get_context("fork")
    children = []
    for index in range(count):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(work, index, sender), daemon=True)
        child.start()  # forked: `work` is inherited, not pickled
        sender.close()
        children.append((child, receiver))
    try:
        return [_result(child, receiver) for child, receiver in children]
    finally:
        for child, _ in children:
            if child.is_alive():
                child.terminate()
            child.join()


def _child(work: Callable[[int], Any], index: int, sender: Connection) -> None:
    try:
        outcome: tuple[bool, Any] = (True, work(index))
    except BaseException as exc:  # handed to the parent, which raises it
        outcome = (False, exc)
    try:
        sender.send(outcome)
    except Exception as exc:  # an exception that does not pickle: its text does
        sender.send((False, RuntimeError(f"{outcome[1]!r} ({exc})")))


def _result(child: Any, receiver: Connection) -> Any:
    try:
        ok, value = receiver.recv()
    except EOFError:
        child.join()
        raise RuntimeError(f"a forked process died (exit code {child.exitcode})") from None
    if not ok:
        raise value
    return value
