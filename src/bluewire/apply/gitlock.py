"""Device locks as git refs, created atomically where every applier can see them.

Each locked host gets `refs/bluewire/locks/<host>` pointing at a parentless commit whose message
is the LockRecord. With a remote, all of a run's refs are created in one `git push --atomic` with
`--force-with-lease=<ref>:` (an empty lease: the ref must not exist yet), so the remote's ref
transaction decides races between CI runners and laptops: exactly one push wins, the other is
rejected as a whole and nothing is half-locked. Without a remote the same transaction runs on the
local repository (`git update-ref --stdin`), which serializes applies from one clone.

An expired lock (its holder died) is replaced under a lease on its old value; a live one only
with --break-lock. A long rollout renews its locks between stages the same way: every ref moves
to a commit with a later expiry under a lease on our own commit, all or none, so a lock someone
broke or took over meanwhile is noticed instead of silently re-taken. Release deletes a ref only
while it still points at our own commit.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import git

from bluewire.apply.lock import REF_PREFIX, LockRecord, blocking, decode, lock_ref
from bluewire.errors import BluewireError, LockHeldError, LockLostError

SEEN = "refs/bluewire/seen-locks/"  # where a remote's locks are fetched to be read
ATTEMPTS = 5
ZERO = "0" * 40
ACTOR = git.Actor("bluewire", "bluewire@localhost")


@dataclass(frozen=True)
class Held:
    """The locks a run holds: host -> lock commit sha and record; plus the locks it had to break."""

    shas: dict[str, str]
    broken: tuple[str, ...] = ()
    records: dict[str, LockRecord] = field(default_factory=dict)


@dataclass
class GitLock:
    root: Path
    remote: str | None = "origin"  # used when the repository has it; else local refs
    _repo: git.Repo = field(init=False, repr=False)

    def __post_init__(self) -> None:
        try:
            self._repo = git.Repo(self.root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise BluewireError(f"{self.root}: locks need a git repository") from None
        if self.remote not in {r.name for r in self._repo.remotes}:
            self.remote = None

    @property
    def where(self) -> str:
        return f"remote '{self.remote}'" if self.remote else "the local repository"

    def acquire(
        self, records: Sequence[LockRecord], now: dt.datetime, *, break_lock: bool = False
    ) -> Held:
        """Lock every host of `records`, all or none; LockHeldError names the live holders.

        Locks past their expiry are taken over (and reported in `Held.broken`), as are live ones
        with `break_lock`; a lock changing under us is read again, a few times at most.
        """
        shas = self._commits(records)
        run_id = records[0].run_id if records else ""
        for _ in range(ATTEMPTS):
            current = self._read(set(shas))
            found = {ref.removeprefix(REF_PREFIX): rec for ref, (_, rec) in current.items()}
            problems = blocking(found, now, run_id)
            if problems and not break_lock:
                raise LockHeldError("\n".join([*problems, "wait for it, or pass --break-lock"]))
            leases = {ref: sha for ref, (sha, _) in current.items()}
            if self._swap(dict(shas), leases):
                broken = tuple(_describe(h, r) for h, r in sorted(found.items()))
                mine = {r.host: r for r in records}
                return Held({r.removeprefix(REF_PREFIX): s for r, s in shas.items()}, broken, mine)
        raise LockHeldError(f"could not take the device locks on {self.where}: they keep changing")

    def renew(self, held: Held, now: dt.datetime, ttl: dt.timedelta) -> Held:
        """Move every lock of `held` to expire at `now + ttl`, all or none; the new Held.

        LockLostError names the locks that are no longer ours (broken or taken over): then none
        is renewed, and the run must not touch another device.
        """
        records = [r.renewed(now, ttl) for r in held.records.values()]
        shas = self._commits(records)
        ours = {lock_ref(h): sha for h, sha in held.shas.items()}
        for _ in range(ATTEMPTS):
            if self._swap(dict(shas), ours):
                return Held(
                    {r.host: shas[lock_ref(r.host)] for r in records},
                    held.broken,
                    {r.host: r for r in records},
                )
            self.check(held)  # raises when a lock is no longer ours; else the remote was busy
        raise LockLostError(f"could not renew the device locks on {self.where}: they keep changing")

    def check(self, held: Held) -> None:
        """LockLostError naming the locks of `held` that are no longer ours (broken or taken
        over): one listing of the lock refs, nothing written."""
        ours = {lock_ref(h): sha for h, sha in held.shas.items()}
        current = self._shas(set(ours))
        lost = sorted(ref for ref, sha in ours.items() if current.get(ref) != sha)
        if lost:
            found = self._read(set(lost))
            raise LockLostError("; ".join(_lost(ref, found.get(ref)) for ref in lost))

    def release(self, held: Held) -> list[str]:
        """Drop our locks; returns the hosts whose lock was no longer ours (broken by someone).

        One transaction for all of them; only when it fails (someone took one), host by host.
        """
        ours = {lock_ref(h): sha for h, sha in held.shas.items()}
        if not ours or self._swap(dict.fromkeys(ours), ours):
            return []
        lost = []
        for host, sha in sorted(held.shas.items()):
            ref = lock_ref(host)
            if not self._swap({ref: None}, {ref: sha}):
                lost.append(host)
        return lost

    def holders(self, hosts: Sequence[str]) -> dict[str, LockRecord | None]:
        """The current lock of each locked host among `hosts` (None: unreadable)."""
        found = self._read({lock_ref(h) for h in hosts})
        return {ref.removeprefix(REF_PREFIX): rec for ref, (_, rec) in found.items()}

    # ------------------------------------------------------------------ git

    def _commits(self, records: Sequence[LockRecord]) -> dict[str, str]:
        """ref -> a parentless commit (empty tree) carrying the record: what the ref points to.

        All in one `git hash-object` (a run locks, and renews, hundreds of hosts: one git
        process per lock took seconds per stage).
        """
        if not records:
            return {}
        empty = self._repo.git.hash_object("-t", "tree", "-w", os.devnull)
        stamp = f"{ACTOR.name} <{ACTOR.email}> {int(time.time())} +0000"
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for n, record in enumerate(records):
                path = Path(folder) / str(n)
                text = f"tree {empty}\nauthor {stamp}\ncommitter {stamp}\n\n{record.encode()}"
                path.write_text(text, encoding="utf-8")
                paths.append(str(path))
            listing = Path(folder) / "paths"
            listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
            with listing.open("rb") as stdin:
                out = self._repo.git.hash_object(
                    "-t", "commit", "-w", "--stdin-paths", istream=stdin
                )
        return {lock_ref(r.host): sha for r, sha in zip(records, out.split(), strict=True)}

    def _read(self, refs: set[str]) -> dict[str, tuple[str, LockRecord | None]]:
        """ref -> (sha, record or None when unreadable), for the refs of `refs` that exist now."""
        out: dict[str, tuple[str, LockRecord | None]] = {}
        for ref, sha in self._shas(refs).items():
            message = self._repo.commit(sha).message
            out[ref] = (sha, decode(message if isinstance(message, str) else message.decode()))
        return out

    def _shas(self, refs: set[str]) -> dict[str, str]:
        """ref -> the commit it points to now, for the refs of `refs` that exist (on the remote
        when there is one)."""
        prefix = REF_PREFIX
        if self.remote:
            prefix = SEEN
            self._repo.git.fetch("--quiet", "--prune", self.remote, f"+{REF_PREFIX}*:{SEEN}*")
        listing = self._repo.git.for_each_ref("--format=%(objectname) %(refname)", prefix)
        pairs = (line.split(" ", 1) for line in listing.splitlines())
        found = {REF_PREFIX + name.removeprefix(prefix): sha for sha, name in pairs}
        return {ref: sha for ref, sha in found.items() if ref in refs}

    def _swap(self, new: dict[str, str | None], old: dict[str, str]) -> bool:
        """Set every ref of `new` (None deletes) iff each still has its `old` value (absent when
        not in `old`), in one transaction; False when another writer got there first."""
        if self.remote:
            return self._push(new, old)
        lines = [f"update {ref} {sha or ZERO} {old.get(ref, ZERO)}" for ref, sha in new.items()]
        script = "\n".join(["start", *lines, "prepare", "commit"]) + "\n"
        with tempfile.TemporaryFile() as stdin:
            stdin.write(script.encode())
            stdin.seek(0)
            try:
                self._repo.git.update_ref("--stdin", istream=stdin)
            except git.GitCommandError:
                return False
        return True

    def _push(self, new: dict[str, str | None], old: dict[str, str]) -> bool:
        leases = [f"--force-with-lease={ref}:{old.get(ref, '')}" for ref in new]
        specs = [f"{sha or ''}:{ref}" for ref, sha in new.items()]
        try:
            self._repo.git.push("--atomic", "--porcelain", *leases, self.remote, *specs)
        except git.GitCommandError as exc:
            if "rejected]" in f"{exc.stdout}\n{exc.stderr}":
                return False  # a lease failed, or the remote lost the race for its ref lock
            raise BluewireError(
                f"git push {self.remote} (locks): {str(exc.stderr).strip()}"
            ) from None
        return True


def _lost(ref: str, now: tuple[str, LockRecord | None] | None) -> str:
    host = ref.removeprefix(REF_PREFIX)
    if now is None:
        return f"the lock of {host} was removed by someone else"
    return f"the lock of {host} was taken over: {_describe(host, now[1])}"


def _describe(host: str, record: LockRecord | None) -> str:
    return record.describe() if record else f"{host}: an unreadable lock"
