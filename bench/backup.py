"""Benchmark: one backup commit of N changed files, three ways that leave the checkout alone.

    .venv/bin/python -m bench.backup [--files 1000] [--repeat 3]

- direct: bluewire.gitrepo (blobs and trees written straight into the object database);
- gitpython-index: GitPython's in-memory `IndexFile.new(base tree)` + `add` + `write_tree`;
- git-tmp-index: the git CLI on a temporary index (GIT_INDEX_FILE: read-tree, hash-object -w
  --stdin-paths, update-index --index-info, write-tree, commit-tree), the textbook recipe.

Each way commits N files once (all added), then again with every file changed. The target is
under 5 s for 1,000 changed files; the results are quoted in gitrepo's docstring.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import git

from bluewire import gitrepo


def config_text(host: int, generation: int) -> str:
    """About 8 KB of IOS-like config; `generation` changes a few lines, like a real drift."""
    lines = [f"hostname bench-{host:04d}", f"! generation {generation}"]
    for port in range(48):
        lines += [
            f"interface GigabitEthernet1/0/{port + 1}",
            f" description access port {port + 1} of bench-{host:04d}",
            " switchport mode access",
            f" switchport access vlan {100 + (port + generation) % 4}",
            "!",
        ]
    return "\n".join(lines) + "\n"


def fileset(n: int, generation: int) -> dict[str, str]:
    return {f"bench-{i:04d}.cfg": config_text(i, generation) for i in range(n)}


def direct(repo: git.Repo, files: dict[str, str]) -> None:
    gitrepo.commit_files(Path(repo.working_dir), "backups", files, title="bench", remote=None)


def gitpython_index(repo: git.Repo, files: dict[str, str]) -> None:
    """The same blob work as gitrepo (hash, skip unchanged, count lines); trees from an index."""
    base = gitrepo._tip(repo, "refs/heads/backups")
    index = git.IndexFile.new(repo, base.tree) if base else git.IndexFile.new(repo)
    entries, changes, objects = [], [], gitrepo._Objects(repo)
    for path, text in files.items():
        data = text.encode()
        old = index.entries.get((path, 0))
        binsha = objects.add(b"blob", data)  # the same blob writer as gitrepo (one pack)
        if old is not None and old.binsha == binsha:
            del objects.pending[binsha]
            continue
        before = objects.read(old.binsha) if old is not None else b""
        changes.append((path, *gitrepo._line_delta(before, data)))
        entries.append(git.BaseIndexEntry((gitrepo.FILE_MODE, binsha, 0, path)))
    objects.flush()
    index.add(entries, write=False)
    tree = index.write_tree()
    commit = git.Commit.create_from_tree(repo, tree, "bench", [base] if base else [], False)
    repo.git.update_ref("refs/heads/backups", commit.hexsha)


def git_tmp_index(repo: git.Repo, files: dict[str, str]) -> None:
    root = Path(repo.working_dir)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        base = gitrepo._tip(repo, "refs/heads/backups")
        if base:
            _git(root, env, "read-tree", base.hexsha)
        staging = Path(tmp) / "files"
        staging.mkdir()
        names = sorted(files)
        for name in names:
            (staging / name).write_text(files[name])
        paths = "\n".join(str(staging / n) for n in names) + "\n"
        shas = _git(root, env, "hash-object", "-w", "--stdin-paths", stdin=paths).split()
        info = "".join(f"100644 {s}\t{n}\n" for s, n in zip(shas, names, strict=True))
        _git(root, env, "update-index", "--add", "--index-info", stdin=info)
        tree = _git(root, env, "write-tree").strip()
        parent = ["-p", base.hexsha] if base else []
        commit = _git(root, env, "commit-tree", tree, *parent, "-m", "bench").strip()
        _git(root, env, "update-ref", "refs/heads/backups", commit)


def _git(root: Path, env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, input=stdin, capture_output=True, text=True, check=True
    )
    return done.stdout


def measure(way: Callable[[git.Repo, dict[str, str]], None], n: int) -> tuple[float, float]:
    """(seconds for N added files, seconds for N changed files) in a fresh repository."""
    with tempfile.TemporaryDirectory() as tmp:
        repo = git.Repo.init(tmp)
        repo.config_writer().set_value("user", "name", "bench").release()
        repo.config_writer().set_value("user", "email", "bench@localhost").release()
        first, second = fileset(n, 0), fileset(n, 1)
        start = time.perf_counter()
        way(repo, first)
        added = time.perf_counter() - start
        start = time.perf_counter()
        way(repo, second)
        changed = time.perf_counter() - start
        assert repo.git.ls_tree("-r", "--name-only", "backups").count("\n") == n - 1
        return added, changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ways = {"direct": direct, "gitpython-index": gitpython_index, "git-tmp-index": git_tmp_index}
    print(f"{'way':18} {'added (s)':>10} {'changed (s)':>12}   median of {args.repeat}")
    for name, way in ways.items():
        runs = [measure(way, args.files) for _ in range(args.repeat)]
        added = statistics.median(r[0] for r in runs)
        changed = statistics.median(r[1] for r in runs)
        print(f"{name:18} {added:10.2f} {changed:12.2f}")


if __name__ == "__main__":
    main()
