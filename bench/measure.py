"""What every bench shares: each side timed in its own process, wall and CPU, interleaved runs.

A side runs as `python -m bench.<name> --side <side> <folder>` in a fresh interpreter (nothing
warm in memory that a user's next command would not have), imports first and then times only
the operation. It reports wall seconds and CPU seconds: its own plus those of the worker
processes it started and reaped (a process pool's CPU is on that side's bill). The parent runs
the sides in turn, `--repeat` times, so machine load hits both alike, and reports medians.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Sample:
    wall: float
    cpu: float
    info: dict[str, Any] = field(default_factory=dict)


def _cpu() -> float:
    own = time.process_time()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + kids.ru_utime + kids.ru_stime


@contextmanager
def timed() -> Iterator[dict[str, Any]]:
    """Time the block; the dict it yields gets `wall` and `cpu` (and whatever the block adds)."""
    out: dict[str, Any] = {}
    cpu, wall = _cpu(), time.perf_counter()
    yield out
    out["wall"] = time.perf_counter() - wall
    out["cpu"] = _cpu() - cpu


def report(out: dict[str, Any]) -> None:
    """A side's last line of output: its measurement."""
    print(json.dumps(out))


def run_side(module: str, side: str, folder: Path, *extra: str) -> Sample:
    cmd = [sys.executable, "-m", module, "--side", side, str(folder), *extra]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return Sample(out.pop("wall"), out.pop("cpu"), out)


def interleaved(
    runs: Sequence[tuple[str, Callable[[], Sample]]], repeat: int
) -> dict[str, list[Sample]]:
    """Each run `repeat` times, in turn (a, b, c, a, b, c, ...)."""
    samples: dict[str, list[Sample]] = {name: [] for name, _ in runs}
    for _ in range(repeat):
        for name, run in runs:
            samples[name].append(run())
    return samples


def median(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        samples[0].info,
    )


def row(label: str, ours: Sample, theirs: Sample, workers: str) -> str:
    """One line: both sides' wall and CPU, and how many times faster bluewire is (>1: faster)."""
    return (
        f"{label:44} {ours.wall:8.3f} {ours.cpu:8.3f} {theirs.wall:8.3f} {theirs.cpu:8.3f} "
        f"{theirs.wall / ours.wall:7.2f}x {theirs.cpu / ours.cpu:7.2f}x  {workers}"
    )


HEADER = (
    f"{'measure (median)':44} {'bw wall':>8} {'bw CPU':>8} {'base wall':>8} {'base CPU':>8} "
    f"{'wall':>8} {'CPU':>8}  workers (bluewire / baseline)"
)


def machine() -> str:
    import os

    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} CPUs, load average {load:.1f} at start; python {sys.version.split()[0]}"
    )
