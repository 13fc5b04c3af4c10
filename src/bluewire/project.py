"""The one object that knows where a bluewire project's data folders are.

Every path it hands out lies inside the repository with no symbolic link on the way: a merge
request can commit a symlink, and following it would read or write outside the repository.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from bluewire.errors import ProjectError

MARKERS = ("inventory/hosts.yaml",)


@dataclass(frozen=True)
class Project:
    """A bluewire repository: inventory, templates, golden configs and policy."""

    root: Path

    @property
    def inventory_dir(self) -> Path:
        return self.inside(self.root / "inventory")

    @property
    def templates_dir(self) -> Path:
        return self.inside(self.root / "templates")

    @property
    def golden_dir(self) -> Path:
        return self.inside(self.root / "golden_configs")

    @property
    def playbooks_dir(self) -> Path:
        return self.inside(self.root / "playbooks")

    @property
    def compliance_policy(self) -> Path:
        """Site compliance policy: profile choice, parameter overrides, waivers."""
        return self.inside(self.inventory_dir / "policy" / "compliance.yaml")

    @property
    def software_policy(self) -> Path:
        """Approved OS versions per platform and model (drift's software compliance)."""
        return self.inventory_dir / "policy" / "software.yaml"

    @property
    def change_policy(self) -> Path:
        """Change approval policy for apply/restore: change-id pattern, windows, emergencies."""
        return self.inventory_dir / "policy" / "change.yaml"

    @property
    def state_dir(self) -> Path:
        """Local, git-ignored state: caches, lab state files."""
        return self.inside(self.root / ".bluewire")

    def relative(self, path: Path | str) -> str:
        """A path as shown to users: relative to the root when inside it."""
        p = Path(path)
        try:
            return str(p.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(p)

    def golden_path(self, host: str) -> Path:
        if not host or "/" in host or "\\" in host or host.startswith("."):
            raise ProjectError(f"{host!r}: not a host name that can name a golden config file")
        return self.inside(self.golden_dir / f"{host}.cfg")

    def inside(self, path: Path) -> Path:
        """`path`, checked to lie inside the repository with no symlink on the way."""
        return checked_path(self.root, path)

    def read_text(self, path: Path) -> str:
        """A text file's content; OSError for a folder, a pipe or a device, UnicodeDecodeError
        for bytes that are not UTF-8 (the caller says which file, and where)."""
        return read_regular(self.inside(path)).decode("utf-8")

    def write_text(self, path: Path, text: str) -> None:
        """Write a file inside the repository, never through a symlink (its folders made)."""
        self.inside(path).parent.mkdir(parents=True, exist_ok=True)
        self.inside(path).write_text(text, encoding="utf-8")


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file; OSError for anything else. A pipe named like an input
    (`mkfifo inventory/groups.yaml`) blocked a read forever, and a device file never ends."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a pipe must not wait for a writer
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe, socket or device)", str(path))
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def output_path(path: Path) -> Path:
    """A file the user asked us to write: never through a symlink below the current directory
    (a merge request can commit `plan.md -> ~/.bashrc` where CI writes its reports)."""
    if path.is_absolute():
        if path.is_symlink():
            raise ProjectError(f"{path}: is a symbolic link; refusing to write through it")
        return path
    return checked_path(Path.cwd(), path)


def checked_path(root: Path, path: Path) -> Path:
    """`path` if it lies inside `root` and no component below `root` is a symbolic link.

    A merge request can commit a symlink (`golden_configs/x.cfg -> ~/.ssh/id_rsa`, a templates
    folder pointing elsewhere); following it would read or write outside the repository.
    """
    base = Path(os.path.abspath(root))
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        rel = absolute.relative_to(base)
    except ValueError:
        raise ProjectError(f"{path}: outside the repository {root}") from None
    if ".." in rel.parts:
        raise ProjectError(f"{path}: '..' leads out of the repository")
    current = base
    for part in rel.parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except (FileNotFoundError, NotADirectoryError):
            break
        if stat.S_ISLNK(mode):
            shown = current.relative_to(base).as_posix()
            raise ProjectError(
                f"{shown}: is a symbolic link; bluewire reads and writes only real files "
                "inside the repository (replace the link with the file itself)"
            )
    return path


def find_project_root(start: Path | None = None) -> Project:
    """Walk up from `start` (or $BLUEWIRE_PROJECT, or the cwd) to the folder holding inventory/."""
    env = os.environ.get("BLUEWIRE_PROJECT")
    origin = (start or (Path(env) if env else Path.cwd())).resolve()
    for folder in (origin, *origin.parents):
        if any((folder / m).is_file() for m in MARKERS):
            return Project(folder)
    raise ProjectError(
        f"{origin}: not inside a bluewire project (no inventory/hosts.yaml here or above); "
        "run from the repository or set BLUEWIRE_PROJECT"
    )
