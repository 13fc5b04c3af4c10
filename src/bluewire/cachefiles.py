"""What bluewire's caches under `.bluewire/cache/` share: the switch, the code key, atomic files.

A cache entry is only ever a shortcut to what bluewire would compute anyway: its key covers every
input (files by content, bluewire's own code by content, library versions), so an entry is
either exactly right or never found. `BLUEWIRE_NO_CACHE=1` turns every cache off (a run that
must not trust the working copy's `.bluewire/`, for example a protected CI job restoring a cache
an untrusted job wrote). Every index file carries the digest of its own content, so a damaged
file (a torn disk write, a bit flip, an editor) reads as no cache, never as a wrong entry.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

NO_CACHE_ENV = "BLUEWIRE_NO_CACHE"


def caching_enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


@cache  # a metadata lookup scans site-packages (~1 ms each, 15 per run)
def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"


@cache
def code_digest(*modules: str) -> str:
    """A digest of bluewire's version and the source of `modules` (and of the libraries whose
    behaviour shapes the result), so an edited or upgraded bluewire never reads an old entry."""
    h = hashlib.sha256(_version("bluewire").encode())
    for dist in ("jinja2", "pydantic", "pyyaml", "markupsafe"):
        h.update(f"{dist}={_version(dist)}".encode())
    for name in sorted(modules):
        source = import_module(name).__file__
        h.update(name.encode())
        h.update(Path(source).read_bytes() if source else b"")
    return h.hexdigest()[:32]


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)  # never written through: a link planted there is removed
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    tmp.replace(path)


def write_checked(path: Path, payload: Any) -> None:
    """`payload` as JSON after a line holding the digest of that JSON (see `read_checked`)."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    write_atomically(path, hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def read_checked(path: Path) -> dict[str, Any] | None:
    """What `write_checked` wrote; None when the file is missing, damaged or not a mapping."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest, _, body = raw.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != digest:
        return None
    try:
        payload = json.loads(body)
    except ValueError:  # pragma: no cover - a body matching its digest is what was written
        return None
    return payload if isinstance(payload, dict) else None
