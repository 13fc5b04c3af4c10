"""gitrepo against real repositories: a checkout left alone, a bare remote, concurrent pushers."""

from __future__ import annotations

import hashlib
import multiprocessing
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bluewire import gitrepo
from bluewire.gitrepo import GitRepoError, commit_files, read_file
from tests.conftest import commit_all, git


def out(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def checkout(tmp: Path) -> Path:
    """A checkout with a commit, a staged change, an unstaged change and an untracked file."""
    root = tmp / "work"
    root.mkdir()
    (root / "a.txt").write_text("one\n")
    (root / "b.txt").write_text("two\n")
    commit_all(root, "first")
    (root / "a.txt").write_text("staged\n")
    git(root, "add", "a.txt")
    (root / "b.txt").write_text("unstaged\n")
    (root / "new.txt").write_text("untracked\n")
    return root


def snapshot(root: Path) -> tuple[str, str, str, dict[str, str]]:
    index = hashlib.sha256((root / ".git/index").read_bytes()).hexdigest()
    files = {p.name: p.read_text() for p in root.iterdir() if p.is_file()}
    return out(root, "status", "--porcelain=v2"), index, out(root, "rev-parse", "HEAD"), files


def changed_paths(root: Path, sha: str) -> list[str]:
    return out(root, "diff-tree", "--no-commit-id", "--root", "-r", "--name-only", sha).split()


def test_commit_leaves_working_tree_and_index_alone(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    before = snapshot(root)
    done = commit_files(root, "backups", {"h1.cfg": "x\n", "site/h2.cfg": "y\n"}, title="backup")
    assert done.sha and not done.pushed
    assert snapshot(root) == before
    assert out(root, "ls-tree", "-r", "--name-only", "backups").split() == ["h1.cfg", "site/h2.cfg"]
    assert out(root, "fsck", "--strict") == ""


def test_one_commit_of_only_changed_files_and_none_when_unchanged(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    files = {f"h{i}.cfg": f"hostname h{i}\n" for i in range(5)}
    first = commit_files(root, "backups", files, title="backup")
    assert first.sha and len(changed_paths(root, first.sha)) == 5
    again = commit_files(root, "backups", files, title="backup")
    assert again.sha is None and again.changes == ()
    assert out(root, "rev-parse", "backups").strip() == first.sha
    files["h3.cfg"] += "ntp server 192.0.2.1\nlogging host 192.0.2.2\n"
    files["h1.cfg"] = "hostname renamed\n"
    second = commit_files(root, "backups", {**files, "h0.cfg": None}, title="backup")
    assert second.sha
    assert changed_paths(root, second.sha) == ["h0.cfg", "h1.cfg", "h3.cfg"]
    assert out(root, "rev-parse", f"{second.sha}^").strip() == first.sha
    message = out(root, "log", "-1", "--format=%B", second.sha)
    assert message.splitlines()[0] == "backup: 3 files (2 modified, 1 deleted; +3 -2 lines)"
    assert "M h3.cfg (+2 -0)" in message and "D h0.cfg (+0 -1)" in message
    assert "M h1.cfg (+1 -1)" in message


def test_files_not_named_are_kept(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    commit_files(root, "backups", {"a/1.cfg": "1\n", "b/2.cfg": "2\n"}, title="shard 1")
    commit_files(root, "backups", {"c/3.cfg": "3\n"}, title="shard 2")
    assert gitrepo.list_files(root, "backups") == ["a/1.cfg", "b/2.cfg", "c/3.cfg"]
    assert gitrepo.list_files(root, "never-written") == []


def test_read_file_at_a_ref(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    first = commit_files(root, "backups", {"d/h.cfg": "v1\n"}, title="b").sha
    commit_files(root, "backups", {"d/h.cfg": "v2\n"}, title="b")
    assert read_file(root, "backups", "d/h.cfg") == "v2\n"
    assert first and read_file(root, first, "d/h.cfg") == "v1\n"
    assert read_file(root, "backups", "d/missing.cfg") is None
    with pytest.raises(GitRepoError, match="no-such-branch"):
        read_file(root, "no-such-branch", "d/h.cfg")


@pytest.mark.parametrize("path", ["", "/abs", "a//b", "../x", "a/./b", ".git/config", "d/"])
def test_bad_paths_are_refused(tmp_path: Path, path: str) -> None:
    root = checkout(tmp_path)
    with pytest.raises(GitRepoError, match="not a plain relative file path"):
        commit_files(root, "backups", {path: "x"}, title="b")


def test_a_checked_out_branch_is_refused(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    branch = out(root, "branch", "--show-current").strip()
    with pytest.raises(GitRepoError, match="checked out"):
        commit_files(root, branch, {"x.cfg": "x"}, title="b")


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(GitRepoError, match="not inside a git repository"):
        commit_files(tmp_path, "backups", {"x.cfg": "x"}, title="b")


names = st.text(alphabet="ab.-_0", min_size=1, max_size=4).filter(lambda s: s not in {".", ".."})
trees = st.dictionaries(
    st.lists(names, min_size=1, max_size=3).map("/".join), st.text("xy\n", max_size=8), max_size=8
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=trees, second=trees)
def test_trees_equal_what_git_add_writes(
    tmp_path_factory: Any, first: dict[str, str], second: dict[str, str]
) -> None:
    """Tree order and nesting as git itself writes them, after adds, updates and deletions."""
    tmp = tmp_path_factory.mktemp("prop")
    ours, theirs = tmp / "ours", tmp / "theirs"
    for root in (ours, theirs):
        root.mkdir()
        git(root, "init", "-q")
    update: dict[str, str | None] = {p: None for p in first if p not in second} | dict(second)
    for files in (first, update):
        try:
            commit_files(ours, "backups", files, title="b")
        except GitRepoError:  # a file and a folder with one name: refused, like git would
            return
        for path, text in files.items():
            target = theirs / path
            if text is None:
                target.unlink()
                continue
            if target.is_dir() or any(p.is_file() for p in target.parents if p != theirs):
                return
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
        git(theirs, "add", "-A")
        expected = out(theirs, "write-tree").strip()
        assert tree_of(ours, "backups") == expected


def tree_of(root: Path, branch: str) -> str:
    """The branch's tree; git's empty tree while nothing was ever committed to it."""
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "-q", f"{branch}^{{tree}}"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or out(root, "hash-object", "-t", "tree", "/dev/null").strip()


def test_thousand_changed_files_in_one_commit_under_five_seconds(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    lines = "".join(f"interface Gi1/0/{p}\n description port {p}\n!\n" for p in range(120))
    commit_files(root, "backups", {f"h{i}.cfg": lines for i in range(1000)}, title="b")
    changed = {f"h{i}.cfg": f"hostname h{i}\n{lines}" for i in range(1000)}
    start = time.perf_counter()
    done = commit_files(root, "backups", changed, title="b")
    elapsed = time.perf_counter() - start
    assert done.sha and len(changed_paths(root, done.sha)) == 1000
    assert elapsed < 5.0, f"{elapsed:.2f} s"


def bare_remote(tmp: Path) -> Path:
    remote = tmp / "remote.git"
    git(tmp, "init", "-q", "--bare", str(remote))
    return remote


def clone(remote: Path, where: Path) -> Path:
    git(remote.parent, "clone", "-q", str(remote), str(where))
    return where


def test_push_to_a_remote_without_the_branch(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    root = clone(remote, tmp_path / "a")
    done = commit_files(root, "backups", {"h.cfg": "x\n"}, title="b")
    assert done.pushed and done.attempts == 1
    assert out(remote, "rev-parse", "backups").strip() == done.sha


def test_non_fast_forward_is_retried_on_the_new_tip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer pushes between our fetch and our push: rebuild on its tip, push again."""
    remote = bare_remote(tmp_path)
    ours, theirs = clone(remote, tmp_path / "ours"), clone(remote, tmp_path / "theirs")
    commit_files(ours, "backups", {"a.cfg": "a0\n", "b.cfg": "b0\n"}, title="b")
    fetch, raced = gitrepo._fetch, list[str | None]()

    def fetch_then_race(*args: Any) -> Any:
        tip = fetch(*args)
        if not raced:
            raced.append(None)  # before the nested call, which fetches too
            raced[0] = commit_files(theirs, "backups", {"b.cfg": "b1\n"}, title="b").sha
        return tip

    monkeypatch.setattr(gitrepo, "_fetch", fetch_then_race)
    done = commit_files(ours, "backups", {"a.cfg": "a1\n"}, title="b")
    assert done.attempts == 2 and done.pushed
    assert out(remote, "rev-parse", "backups").strip() == done.sha
    assert out(remote, "rev-parse", "backups^").strip() == raced[0]
    assert changed_paths(remote, done.sha or "") == ["a.cfg"]
    assert read_file(remote, "backups", "b.cfg") == "b1\n"


def test_unreachable_remote_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    root = checkout(tmp_path)
    git(root, "remote", "add", "origin", str(tmp_path / "gone.git"))
    with pytest.raises(GitRepoError, match="git fetch origin backups"):
        commit_files(root, "backups", {"h.cfg": "x\n"}, title="b")


def _pusher(remote: str, folder: str, shard: int, barrier: Any, result: Any) -> None:
    root = clone(Path(remote), Path(folder))
    barrier.wait()
    shas = []
    for generation in range(3):
        files = {f"s{shard}/h{i}.cfg": f"shard {shard} gen {generation}\n" for i in range(20)}
        shas.append(commit_files(root, "backups", files, title=f"shard {shard}").sha)
    result.put((shard, shas))


def test_three_concurrent_pushers_end_with_every_file(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    ctx = multiprocessing.get_context("spawn")
    barrier, result = ctx.Barrier(3), ctx.Queue()
    procs = [
        ctx.Process(target=_pusher, args=(str(remote), str(tmp_path / f"c{k}"), k, barrier, result))
        for k in range(3)
    ]
    for p in procs:
        p.start()
    outcomes = dict(result.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    files = out(remote, "ls-tree", "-r", "--name-only", "backups").split()
    assert len(files) == 60
    for shard in range(3):
        assert read_file(remote, "backups", f"s{shard}/h7.cfg") == f"shard {shard} gen 2\n"
    history = out(remote, "rev-list", "--parents", "backups").splitlines()
    assert len(history) == 9 and all(len(line.split()) <= 2 for line in history)  # linear
    for shard, shas in outcomes.items():
        for sha in shas:
            assert {p.split("/")[0] for p in changed_paths(remote, sha)} == {f"s{shard}"}
    assert out(remote, "fsck", "--strict", "--no-dangling") == ""
