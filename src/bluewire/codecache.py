"""Compiled templates kept between runs, signed with a key that never lives in the project.

Compiling a host's 13 templates costs ~0.1 s per run, most of an incremental render of one
host. Jinja's bytecode cache saves it, but a cache entry is Python code (and its header is a
pickle): loaded from a file a merge request could commit under `.bluewire/`, it would run
outside the sandbox. So every entry carries an HMAC-SHA256 of its name and content under a key
kept in the user's cache folder (`$XDG_CACHE_HOME/bluewire/template-code.key`, default
`~/.cache`), created on first use with mode 0600; an entry is unpickled and unmarshalled only
after its HMAC checked out. No key, a key inside the project, a key someone else owns or can
read, or `BLUEWIRE_NO_CACHE=1`: no cache, templates compiled as before.

The entry's name covers bluewire's sandbox and render code and Jinja's version (the compiled
code depends on the Environment's settings), and its content names the template source's
SHA-256, which Jinja compares with the source it just read.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from bluewire.cachefiles import caching_enabled, code_digest, write_atomically
from bluewire.project import read_regular

KEY_NAME = "template-code.key"
KEY_BYTES = 32
CODE = ("bluewire.render", "bluewire.sandbox", "bluewire.codecache")


def key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bluewire" / KEY_NAME


def _read_key(path: Path) -> bytes | None:
    """The key if only this user can read or write it (else anyone could forge an entry)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
            return None
        key = os.read(fd, KEY_BYTES + 1)
    finally:
        os.close(fd)
    return key if len(key) == KEY_BYTES else None


def _make_key(path: Path) -> None:
    """A new random key, whole or not at all (written aside, then linked into place: a run
    killed meanwhile leaves no empty key behind; a concurrent run that linked first wins)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}.new")
    aside.unlink(missing_ok=True)
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(KEY_BYTES))
        os.link(aside, path)
    except FileExistsError:
        return
    finally:
        aside.unlink(missing_ok=True)


def signing_key(project_root: Path) -> bytes | None:
    """The user's key; None when there is none to trust (see the module docstring)."""
    if not caching_enabled():
        return None
    try:
        path = key_path()  # RuntimeError: no HOME and no passwd entry (a container's uid)
        if path.resolve().is_relative_to(project_root.resolve()):
            return None  # HOME inside the checkout: a merge request could commit the key
        if not path.exists():
            _make_key(path)
    except (OSError, RuntimeError):
        return None
    return _read_key(path)


class SignedCodeCache(BytecodeCache):
    """Jinja's bytecode cache in one folder, every entry HMAC-signed (see the module docstring)."""

    def __init__(self, folder: Path, key: bytes) -> None:
        self.folder = folder
        self.key = key
        self.code = code_digest(*CODE)

    def get_source_checksum(self, source: str) -> str:
        return hashlib.sha256(source.encode("utf-8")).hexdigest()

    def _entry(self, bucket: Bucket) -> tuple[Path, bytes]:
        name = hashlib.sha256(f"{self.code}\0{bucket.key}".encode()).hexdigest()[:40]
        return self.folder / f"{name}.jbc", name.encode()

    def _mac(self, name: bytes, body: bytes) -> bytes:
        return hmac.new(self.key, name + b"\0" + body, hashlib.sha256).digest()

    def load_bytecode(self, bucket: Bucket) -> None:
        path, name = self._entry(bucket)
        try:
            raw = read_regular(path)
        except OSError:
            return
        mac, body = raw[:32], raw[32:]
        if hmac.compare_digest(mac, self._mac(name, body)):
            bucket.bytecode_from_string(body)  # Jinja checks the source checksum inside

    def dump_bytecode(self, bucket: Bucket) -> None:
        path, name = self._entry(bucket)
        body = bucket.bytecode_to_string()
        with contextlib.suppress(OSError):  # a read-only checkout: compiled again next time
            write_atomically(path, self._mac(name, body) + body)


def code_cache(project_root: Path, folder: Path) -> jinja2.BytecodeCache | None:
    """The signed cache for a project's templates, or None when no key can be trusted."""
    key = signing_key(project_root)
    return None if key is None else SignedCodeCache(folder, key)
