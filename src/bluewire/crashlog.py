"""Crash logs: the traceback of a bug (exit 3), kept private and free of secrets.

A traceback can quote whatever a failing line held: a config with a cleartext key, a secret value,
a password hash. So the text passes the secret filter (every credential-like environment value
and secrets-file value masked, then every platform's sanitizer rules), and the file is mode 600
under the project's `.bluewire/logs/` (never through a symlink; a private temporary folder when
there is no usable project).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from bluewire import secrets
from bluewire.errors import BluewireError
from bluewire.platforms import NAMES as PLATFORMS
from bluewire.project import Project
from bluewire.sanitize import sanitize_diff


def _known_values() -> Iterable[str]:
    values = secrets.credential_values()
    path = os.environ.get(secrets.FILE_ENV)
    if path:  # a bad secrets file may be why we crashed: unread, its values are not in the log
        with contextlib.suppress(BluewireError, OSError):
            values += secrets.read_secrets_file(Path(path).expanduser()).values()
    return values


def scrub(text: str) -> str:
    """`text` with known secret values and every secret-shaped config fragment masked."""
    text = secrets.mask_values(text, _known_values())
    for platform in PLATFORMS:
        text = sanitize_diff(text, platform)
    return text


def _folder(project: Project | None) -> Path:
    chosen = os.environ.get("BLUEWIRE_LOG_DIR")
    if chosen:
        return Path(chosen)
    if project is not None:
        try:
            return project.inside(project.state_dir / "logs")
        except BluewireError:
            pass
    return Path(tempfile.mkdtemp(prefix="bluewire-crash-"))


def save_crash(text: str, project: Project | None) -> Path:
    """Write the scrubbed `text` to a new mode-600 file; its path."""
    return save_log("crash", text, project)


def save_log(kind: str, text: str, project: Project | None) -> Path:
    """A private, scrubbed `<kind>-<time>-<pid>.log` under the project's logs (the details of a
    run's failed hosts, a crash): stderr keeps one line per host, the log the rest."""
    folder = _folder(project)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stem = f"{kind}-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for n in range(1000):  # two logs in one second from one process (drift's parts) get -2, -3...
        path = folder / (f"{stem}.log" if n == 0 else f"{stem}-{n + 1}.log")
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(scrub(text))
        return path
    raise FileExistsError(f"{folder}: no free name for {stem}.log")
