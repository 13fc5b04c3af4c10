"""A damaged cache file is no cache: never trusted, never a crash.

Each file under `.bluewire/cache/` is damaged in the ways disks, editors and people damage files
(cut short, emptied, bytes flipped, replaced by other JSON) and in the one way that would fool a
cache that only parses: a hand edit that keeps the JSON valid and claims something false. After
any of them `render` and `check` give exactly what they give with caching switched off.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bluewire.cachefiles import read_checked, write_atomically, write_checked
from bluewire.inventory.load import load_inventory
from bluewire.project import Project
from bluewire.runs.render import check_report, render_selected

Damage = Callable[[Path], None]


@contextmanager
def no_cache() -> Iterator[None]:
    before = os.environ.pop("BLUEWIRE_NO_CACHE", None)
    os.environ["BLUEWIRE_NO_CACHE"] = "1"
    try:
        yield
    finally:
        del os.environ["BLUEWIRE_NO_CACHE"]
        if before is not None:
            os.environ["BLUEWIRE_NO_CACHE"] = before


_EXPECTED: list[tuple[object, ...]] = []


def expected(project: Project) -> tuple[object, ...]:
    """The outcome with caching off (every test starts from the same example network)."""
    if not _EXPECTED:
        with no_cache():
            _EXPECTED.append(outcome(project))
    return _EXPECTED[0]


def outcome(project: Project) -> tuple[object, ...]:
    """Everything render and check say, and the inventory they saw."""
    run = render_selected(project, None, 1)
    configs = {h: str(run.rendered[h]) for h in run.rendered}
    findings = [(f.host, f.kind, f.message) for f in check_report(project, None, 1).findings]
    hosts = load_inventory(project).hosts.values()
    inventory = [(h.name, h.hostname, h.platform, h.groups, repr(h.data)) for h in hosts]
    return configs, findings, inventory


def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for at in range(len(data) // 3, len(data), max(1, len(data) // 7)):
        data[at] ^= 0x01  # a digit stays a digit, a letter a letter: still plausible
    path.write_bytes(bytes(data))


def _other_json(path: Path) -> None:
    path.write_text('[1, {"hosts": []}]')


def _wrong_shape(path: Path) -> None:
    """Valid and correctly summed, but not the shape this code writes."""
    payload = read_checked(path) if path.suffix == ".json" else None
    base = payload if payload is not None else {}
    write_checked(path, {k: [7, {"x": None}] for k in base} | {"hosts": {"a": 1}, "packs": 3})


DAMAGES: dict[str, Damage] = {
    "cut": _cut,
    "empty": _empty,
    "flipped": _flip,
    "other json": _other_json,
    "wrong shape": _wrong_shape,
}


def _cache_file(project: Project, which: str) -> Path:
    folder = project.state_dir / "cache"
    if which == "pack":
        return max(folder.glob("inventory-*.pack"), key=lambda p: p.stat().st_size)
    return folder / which


@pytest.mark.parametrize("damage", sorted(DAMAGES))
@pytest.mark.parametrize(
    "which", ["render.json", "compliance.json", "links.json", "inventory.json", "pack"]
)
def test_a_damaged_cache_file_is_no_cache(
    example_project: Project, which: str, damage: str
) -> None:
    want = expected(example_project)
    outcome(example_project)  # a warm cache: every file written, golden signatures recorded
    DAMAGES[damage](_cache_file(example_project, which))
    assert outcome(example_project) == want


def _edit_body(path: Path, edit: Callable[[dict[str, object]], None]) -> None:
    """A hand edit of the JSON that leaves the digest line as it was."""
    digest, _, body = path.read_bytes().partition(b"\n")
    payload = json.loads(body)
    edit(payload)
    path.write_bytes(digest + b"\n" + json.dumps(payload).encode())


def test_a_hand_edited_index_cannot_hide_a_stale_golden_file(example_project: Project) -> None:
    outcome(example_project)
    index = _cache_file(example_project, "render.json")
    golden = sorted((example_project.root / "golden_configs").glob("*.cfg"))[0]
    golden.write_text(golden.read_text() + "! edited by hand\n")
    st = golden.stat()

    def vouch(payload: dict[str, object]) -> None:  # the edited file's signature, as current
        hosts = payload["hosts"]
        assert isinstance(hosts, dict)
        hosts[golden.stem][2] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, 1 << 62]

    _edit_body(index, vouch)
    stale = [f.host for f in check_report(example_project, None, 1).findings if f.kind == "stale"]
    assert stale == [golden.stem]


def test_a_hand_edited_compliance_cache_cannot_invent_or_hide_a_failure(
    example_project: Project,
) -> None:
    want = expected(example_project)
    outcome(example_project)
    cache = _cache_file(example_project, "compliance.json")

    def swap(payload: dict[str, object]) -> None:  # every host's failures moved to another host
        hosts = payload["hosts"]
        assert isinstance(hosts, dict)
        names = sorted(hosts)
        failures = [hosts[n][1] for n in names]
        for name, found in zip(names, failures[1:] + failures[:1], strict=True):
            hosts[name][1] = found
        assert any(failures)

    _edit_body(cache, swap)
    assert outcome(example_project) == want


def test_a_hand_edited_inventory_index_is_not_believed(example_project: Project) -> None:
    want = expected(example_project)
    outcome(example_project)
    index = _cache_file(example_project, "inventory.json")

    def readdress(payload: dict[str, object]) -> None:
        hosts = payload["hosts"]
        assert isinstance(hosts, list)
        hosts[0][1] = "192.0.2.99"  # the first host's management address

    _edit_body(index, readdress)
    assert outcome(example_project) == want


def test_an_atomic_write_never_writes_through_a_link_planted_at_its_temporary_name(
    tmp_path: Path,
) -> None:
    """A merge request can commit files under `.bluewire/`: a link at the temporary name must
    not send the cache's bytes elsewhere."""
    target = tmp_path / "cache" / "inventory.json"
    target.parent.mkdir()
    elsewhere = tmp_path / "victim.txt"
    elsewhere.write_text("keep me\n")
    (target.parent / f".inventory.json.{os.getpid()}.tmp").symlink_to(elsewhere)
    write_atomically(target, b"new bytes")
    assert target.read_bytes() == b"new bytes" and not target.is_symlink()
    assert elsewhere.read_text() == "keep me\n"
