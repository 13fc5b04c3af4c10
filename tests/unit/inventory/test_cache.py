"""The inventory cache and the incremental load give exactly what a fresh parse gives.

A fresh parse (`use_cache=False`) is the reference: after any edit of any inventory file, a
load through the cache returns the same hosts with the same data (key order included), or
raises the same problems.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bluewire.cachefiles import read_checked, write_checked
from bluewire.errors import InventoryError
from bluewire.inventory import load as load_module
from bluewire.inventory import store as store_module
from bluewire.inventory.blocks import split
from bluewire.inventory.load import load_inventory
from bluewire.inventory.model import Inventory
from bluewire.inventory.respin import respin
from bluewire.project import Project

GROUPS = "ios:\n  platform: ios\n  data: {site: hq, tag: g1}\neos:\n  platform: eos\n"
DEFAULTS = "data:\n  mgmt: {vrf: MGMT}\n  note: from defaults\n"


@dataclass
class Host:
    name: str
    third: int  # third octet of its management address
    note: str = "a note"
    group: str = "ios"
    anchor: bool = False  # defines `&name` on its data
    merge: str | None = None  # `<<: *anchor` from another host
    extra: list[str] = field(default_factory=list)  # raw lines appended to its data


def hosts_text(hosts: list[Host]) -> str:
    out = ["# generated for the cache tests", ""]
    for h in hosts:
        anchor = f" &{h.name}" if h.anchor else ""
        out += [f"{h.name}:", f"  groups: [{h.group}]", f"  data:{anchor}"]
        if h.merge:
            out.append(f"    <<: *{h.merge}")
        out += [
            "    role: access",
            f"    mgmt: {{address: 10.0.{h.third}.1/24}}",
            f"    note: {h.note}",
            *(f"    {line}" for line in h.extra),
        ]
        out.append("")
    return "\n".join(out)


def snapshot(inv: Inventory) -> list[tuple[object, ...]]:
    """Everything a host is, with data key order (templates can loop over mappings)."""
    return [
        (h.name, h.hostname, h.platform, h.groups, h.port, h.username, h.defined_at, repr(h.data))
        for h in inv.hosts.values()
    ]


def outcome(project: Project, *, use_cache: bool) -> object:
    try:
        return snapshot(load_inventory(project, use_cache=use_cache))
    except InventoryError as exc:
        return exc.lines()


def assert_cached_equals_fresh(project: Project) -> None:
    fresh = outcome(project, use_cache=False)
    assert outcome(project, use_cache=True) == fresh
    assert outcome(project, use_cache=True) == fresh  # and again, from what it wrote


def write(root: Path, hosts: list[Host], groups: str = GROUPS, defaults: str = DEFAULTS) -> None:
    inv = root / "inventory"
    inv.mkdir(exist_ok=True)
    (inv / "hosts.yaml").write_text(hosts_text(hosts))
    (inv / "groups.yaml").write_text(groups)
    (inv / "defaults.yaml").write_text(defaults)


EDITS = st.sampled_from(
    [
        *("note", "address", "add", "remove", "group", "groups_file", "defaults_file", "bad"),
        *("extra", "plain_add", "comment", "uncomment"),
    ]
)


def apply(edit: str, n: int, hosts: list[Host], files: dict[str, str]) -> None:
    h = hosts[n % len(hosts)]
    if edit == "note":
        h.note = f"note {n}"
    elif edit == "address":
        h.third = n % 8  # may collide: a duplicate address is a problem in both loads
    elif edit == "add":
        hosts.append(Host(f"new-{n}", 100 + n % 100, merge=hosts[0].name))
    elif edit == "remove" and len(hosts) > 1:
        hosts.remove(h)  # an anchor's owner removed: an undefined alias in both loads
    elif edit == "group":
        h.group = "eos" if h.group == "ios" else "ios"
    elif edit == "groups_file":
        files["groups"] = files["groups"].replace("tag: g", f"tag: g{n}")
    elif edit == "defaults_file":
        files["defaults"] = files["defaults"].replace("from defaults", f"defaults {n}")
    elif edit == "bad":
        h.extra.append("loopback: 10.0.0.300/32")
    else:
        _apply_more(edit, n, hosts)


def _apply_more(edit: str, n: int, hosts: list[Host]) -> None:
    h = hosts[n % len(hosts)]
    if edit == "extra":
        h.extra.append(f"k{n}: [x, {{y: {n}}}]")
    elif edit == "plain_add":  # a new entry in the middle of the file, no alias
        hosts.insert(n % len(hosts), Host(f"mid-{n}", 100 + n % 100))
    elif edit == "comment":  # lines move: every later entry's defined_at with them
        h.extra.append(f"# comment {n}\n")
    elif edit == "uncomment":
        h.extra = [line for line in h.extra if not line.startswith("#")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(2, 8),
    edits=st.lists(st.tuples(EDITS, st.integers(0, 50)), min_size=1, max_size=6),
)
def test_any_sequence_of_edits_loads_as_a_fresh_parse(
    count: int, edits: list[tuple[str, int]]
) -> None:
    """With packs compacted after every other edit, so compaction is in the sequences too."""
    before, store_module.MAX_PACKS = store_module.MAX_PACKS, 2
    try:
        assert_edits_load_as_fresh(count, edits)
    finally:
        store_module.MAX_PACKS = before


def assert_edits_load_as_fresh(count: int, edits: list[tuple[str, int]]) -> None:
    """Load after each edit: through the cache it is what a fresh parse gives."""
    hosts = [
        Host(f"sw-{i}", i, anchor=i == 0, merge="sw-0" if i % 2 else None) for i in range(count)
    ]
    files = {"groups": GROUPS, "defaults": DEFAULTS}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write(root, hosts)
        project = Project(root)
        assert_cached_equals_fresh(project)
        for edit, n in edits:
            apply(edit, n, hosts, files)
            write(root, hosts, files["groups"], files["defaults"])
            assert_cached_equals_fresh(project)


def test_one_changed_entry_is_the_only_one_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hosts = [Host(f"sw-{i}", i) for i in range(20)]
    write(tmp_path, hosts)
    project = Project(tmp_path)
    load_inventory(project)
    hosts[7].note = "changed"
    write(tmp_path, hosts)
    parsed: list[str] = []
    real = load_module._parse_entry

    def spy(doc: object, unit: object) -> object:
        result = real(doc, unit)  # type: ignore[arg-type]
        parsed.append(str(result[0]) if result else "?")
        return result

    monkeypatch.setattr(load_module, "_parse_entry", spy)
    monkeypatch.setattr(load_module, "_parse", lambda *a: pytest.fail("whole parse"))
    assert load_inventory(project).hosts["sw-7"].data["note"] == "changed"
    assert parsed == ["sw-7"]


def test_an_anchor_edit_reparses_the_hosts_that_merge_it(tmp_path: Path) -> None:
    hosts = [Host("a", 1, anchor=True), Host("b", 2, merge="a"), Host("c", 3)]
    hosts[0].extra.append("shared: one")
    write(tmp_path, hosts)
    project = Project(tmp_path)
    load_inventory(project)
    hosts[0].extra = ["shared: two"]
    write(tmp_path, hosts)
    inv = load_inventory(project)
    assert inv.hosts["b"].data["shared"] == "two"
    assert_cached_equals_fresh(project)


def test_an_entry_that_breaks_reports_exactly_what_a_fresh_parse_reports(tmp_path: Path) -> None:
    hosts = [Host(f"sw-{i}", i) for i in range(5)]
    write(tmp_path, hosts)
    project = Project(tmp_path)
    load_inventory(project)
    hosts[3].extra.append("role: twice")  # a duplicate key, on its own file line
    write(tmp_path, hosts)
    with pytest.raises(InventoryError) as cached:
        load_inventory(project)
    with pytest.raises(InventoryError) as fresh:
        load_inventory(project, use_cache=False)
    assert cached.value.lines() == fresh.value.lines()
    assert any(line.startswith("inventory/hosts.yaml:30: ") for line in fresh.value.lines())


@pytest.mark.parametrize("value", ["2026-01-31", "2026-01-31 10:00:00", "[2026-01-31]"])
def test_data_json_cannot_hold_is_never_cached(tmp_path: Path, value: str) -> None:
    hosts = [Host("sw-1", 1, extra=[f"kept: {value}"])]
    write(tmp_path, hosts)
    project = Project(tmp_path)
    first = load_inventory(project)
    assert not (project.state_dir / "cache" / "inventory.json").exists()
    assert snapshot(load_inventory(project)) == snapshot(first)
    assert type(first.hosts["sw-1"].data["kept"]) is not str


def test_no_cache_when_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLUEWIRE_NO_CACHE", "1")
    write(tmp_path, [Host("sw-1", 1)])
    load_inventory(Project(tmp_path))
    assert not (tmp_path / ".bluewire").exists()


def test_a_new_bluewire_never_reads_the_old_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, [Host("sw-1", 1)])
    project = Project(tmp_path)
    load_inventory(project)
    monkeypatch.setattr(load_module, "inventory_code", lambda: "another bluewire")
    monkeypatch.setattr("bluewire.inventory.store.inventory_code", lambda: "another bluewire")
    called: list[bool] = []
    real = load_module._parse

    def spy(*args: object) -> object:
        called.append(True)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(load_module, "_parse", spy)
    load_inventory(project)
    assert called == [True]


@pytest.mark.parametrize(
    "text",
    [
        "---\na: 1\n",  # a document marker
        "%YAML 1.1\n---\na: 1\n",
        "- a\n- b\n",  # not a mapping
        "<<: *x\na: 1\n",
        "a:\n\tb: 1\n",  # a tab
        "a: 1\r\nb: 2\r\n",
        "a: *nowhere\n",  # an alias whose anchor is not in an earlier entry
    ],
)
def test_files_the_split_cannot_vouch_for_are_parsed_whole(text: str) -> None:
    assert split(text) is None


def test_split_keeps_comments_with_the_entry_before_them_and_tracks_anchors() -> None:
    text = "# head\n\na: &x\n  k: 1\n# about b\nb:\n  <<: *x\nc: 3\n"
    blocks = split(text)
    assert blocks is not None
    assert [b.text for b in blocks] == ["a: &x\n  k: 1\n# about b\n", "b:\n  <<: *x\n", "c: 3\n"]
    assert [b.start for b in blocks] == [2, 5, 7]
    assert [b.deps for b in blocks] == [(), (0,), ()]
    assert blocks[1].key != split(text.replace("k: 1", "k: 2"))[1].key  # type: ignore[index]


ENTRY = st.builds(
    lambda name, lines: f"{name}:\n" + "".join(f"  {line}\n" for line in lines),
    st.from_regex(r"[a-c][0-9]", fullmatch=True),
    st.lists(
        st.sampled_from(
            [
                *("k: 1", "k: 2", "# c", "l: [a, b]", "m:", "  n: 3"),
                *("q: *x1", "s: *x2", "t: [*x1, *x2]"),
            ]
        ),
        max_size=3,
    ),
)
ANCHORS = "base:\n  p: &x1 5\n  r: &x2 [1]\n"  # defined in the first entry, as yaml.dump does
EDIT_TEXT = st.one_of(
    st.text(alphabet="ab:12 #\n-[*x", max_size=12),
    st.text(alphabet="ab:12 #\n-&*\t[", max_size=12),  # anchors and tabs: refused
)


@settings(max_examples=300, deadline=None)
@given(
    entries=st.lists(ENTRY, min_size=1, max_size=8),
    head=st.sampled_from(["", "# head\n", "\n"]),
    at=st.integers(min_value=0),
    cut=st.integers(0, 10),
    insert=EDIT_TEXT,
)
def test_respin_gives_the_blocks_a_whole_split_gives(
    entries: list[str], head: str, at: int, cut: int, insert: str
) -> None:
    old = head + ANCHORS + "".join(entries)
    i = at % (len(old) + 1)
    new = old[:i] + insert + old[i + cut :]
    before = split(old)
    if before is None or new == old:
        return
    spin = respin(old, new, [b.at for b in before])
    if spin is None:
        return  # refused: the caller splits the whole file
    whole = split(new)
    assert whole is not None
    moved = [(b.start + spin.lines, b.at + spin.chars, b.text, b.key) for b in before[spin.end :]]
    combined = [
        *((b.start, b.at, b.text, b.key) for b in before[: spin.first]),
        *((b.start, b.at, b.text, b.key) for b in spin.blocks),
        *moved,
    ]
    assert combined == [(b.start, b.at, b.text, b.key) for b in whole]


def test_respin_looks_only_at_the_entries_around_the_edit() -> None:
    old = "".join(f"h{i}:\n  k: {i}\n" for i in range(100))
    new = old.replace("h50:\n  k: 50\n", "h50:\n  k: 5\n  l: 1\n")
    before = split(old)
    assert before is not None
    spin = respin(old, new, [b.at for b in before])
    assert spin is not None
    assert (spin.first, spin.end, spin.lines, spin.chars) == (50, 51, 1, 6)
    assert [b.text for b in spin.blocks] == ["h50:\n  k: 5\n  l: 1\n"]
    assert respin(old, new.replace("l: 1", "l: &a 1"), [b.at for b in before]) is None
    with_alias = "h0:\n  k: &a 0\n" + old[len("h0:\n  k: 0\n") :]
    anchored = split(with_alias)
    assert anchored is not None
    spin = respin(with_alias, with_alias.replace("k: 50", "k: *a"), [b.at for b in anchored])
    assert spin is not None and spin.blocks[0].deps == (0,) and list(spin.deps) == [0]


def test_many_one_line_edits_never_parse_the_whole_inventory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MAX_PACKS small packs a write merges them; no load after the first is a whole
    parse (it was every MAX_PACKS + 1 loads: ~6 s at 10,000 hosts). A whole parse comes
    back only when the merged packs outgrow the first (edits of half the inventory)."""
    hosts = [Host(f"sw-{i}", i % 250) for i in range(200)]
    write(tmp_path, hosts)
    project = Project(tmp_path)
    load_inventory(project)
    monkeypatch.setattr(load_module, "_parse", lambda *a: pytest.fail("whole parse"))
    monkeypatch.setattr(load_module, "_resplit", lambda *a: pytest.fail("every entry split"))
    cache = project.state_dir / "cache"
    for n in range(3 * store_module.MAX_PACKS):
        hosts[n].note = f"edit {n}"
        hosts[(7 * n) % 200].extra.append("# a line more")
        write(tmp_path, hosts)
        inv = load_inventory(project)
        assert inv.hosts[f"sw-{n}"].data["note"] == f"edit {n}"
        assert len(list(cache.glob("inventory-*.pack"))) <= store_module.MAX_PACKS
    monkeypatch.undo()
    assert_cached_equals_fresh(project)


@pytest.mark.parametrize("damage", ["flip", "remove"])
def test_a_damaged_copy_of_the_last_text_means_every_entry_split(
    tmp_path: Path, damage: str
) -> None:
    hosts = [Host(f"sw-{i}", i) for i in range(6)]
    write(tmp_path, hosts)
    project = Project(tmp_path)
    load_inventory(project)
    [copy] = (project.state_dir / "cache").glob("inventory-*.text")
    if damage == "flip":
        raw = bytearray(copy.read_bytes())
        raw[len(raw) // 2] ^= 1
        copy.write_bytes(bytes(raw))
    else:
        copy.unlink()
    hosts[2].note = "after the damage"
    hosts.insert(1, Host("sw-new", 50))
    write(tmp_path, hosts)
    assert_cached_equals_fresh(project)


@pytest.mark.parametrize("where", ["fifo", "outside", "device"])
@pytest.mark.parametrize("which", ["text", "pack"])
def test_an_index_naming_a_pipe_a_device_or_a_file_elsewhere_is_no_cache(
    tmp_path: Path, where: str, which: str
) -> None:
    """An index a merge request commits (its digest line is no secret) is never read past
    the cache folder's own regular files: no hang on a pipe or /dev/zero."""
    hosts = [Host(f"sw-{i}", i) for i in range(4)]
    write(tmp_path, hosts)
    project = Project(tmp_path)
    load_inventory(project)
    cache = project.state_dir / "cache"
    index = read_checked(cache / "inventory.json")
    assert index is not None
    named = f"inventory-{'0' * 32}.{which}"
    if where == "fifo":
        os.mkfifo(cache / named)
    elif where == "device":
        (cache / named).symlink_to("/dev/zero")
    else:
        named = f"../../inventory/{named}"
        (tmp_path / "inventory" / Path(named).name).write_bytes(b"x")
    if which == "text":
        index["text"] = named
    else:
        index["packs"][0][0] = named
    write_checked(cache / "inventory.json", index)
    hosts[1].note = "edited"
    write(tmp_path, hosts)
    assert_cached_equals_fresh(project)


def test_a_damaged_pack_is_written_again_by_the_whole_parse_that_replaces_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole parse makes the same pack (same name): it must not keep the damaged copy, or
    every later run would refuse it and parse the whole inventory again."""
    hosts = [Host(f"sw-{i}", i) for i in range(6)]
    write(tmp_path, hosts)
    project = Project(tmp_path)
    load_inventory(project)
    [pack] = (project.state_dir / "cache").glob("inventory-*.pack")
    raw = bytearray(pack.read_bytes())
    raw[len(raw) // 2] ^= 1
    pack.write_bytes(bytes(raw))
    assert_cached_equals_fresh(project)  # refused: parsed whole, written again
    monkeypatch.setattr(load_module, "_parse", lambda *a: pytest.fail("whole parse again"))
    assert set(load_inventory(project).hosts) == {h.name for h in hosts}


@pytest.mark.parametrize("forged", [0, False, [], {}, 12.5])
def test_an_index_whose_text_is_not_a_file_name_is_no_cache(tmp_path: Path, forged: object) -> None:
    hosts = [Host(f"sw-{i}", i) for i in range(4)]
    write(tmp_path, hosts)
    project = Project(tmp_path)
    load_inventory(project)
    cache = project.state_dir / "cache"
    index = read_checked(cache / "inventory.json")
    assert index is not None
    index["text"] = forged
    write_checked(cache / "inventory.json", index)
    hosts[1].note = "edited"
    write(tmp_path, hosts)
    assert_cached_equals_fresh(project)
