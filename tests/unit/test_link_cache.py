"""The link check's cache never serves a stale warning: after any sequence of description edits
(links made, broken, made one-sided, moved to another device), `check`'s link warnings from the
cache equal those computed from scratch, the far end's included."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bluewire.inventory.load import load_inventory
from bluewire.project import Project
from bluewire.runs.links import link_findings
from tests.conftest import REPO

DESCRIPTION = re.compile(r'description: "[^"]*"')
WORDS = ["hq-core-1", "hq-core-2", "dc-leaf-1", "dc-tor-2", "edge-fw-1", "nowhere-9", "spare"]
PORTS = ["Twe1/0/1", "Twe1/0/6", "Et49/1", "Et4", "ge-0/0/2", "Te1/1/1", "Gi9/9", "peer-link"]
Edit = tuple[int, int, int, int]  # (which description, kind, word, port)


def _description(root: Path, which: int) -> str:
    text = (root / "inventory/hosts.yaml").read_text()
    found = DESCRIPTION.findall(text)
    return found[which % len(found)]


def _apply(root: Path, edit: Edit) -> None:
    """Rewrite one description: to `<device> <port>`, to another description's text, or to one
    word; the far end named may or may not exist, have the port or name it back."""
    which, kind, word, port = edit
    path = root / "inventory/hosts.yaml"
    text = path.read_text()
    matches = list(DESCRIPTION.finditer(text))
    at = matches[which % len(matches)]
    if kind == 0:
        new = f"{WORDS[word % len(WORDS)]} {PORTS[port % len(PORTS)]}"
    elif kind == 1:
        new = matches[port % len(matches)].group(0)[len('description: "') : -1]
    else:
        new = WORDS[word % len(WORDS)]
    path.write_text(f'{text[: at.start()]}description: "{new}"{text[at.end() :]}')


def _warnings(project: Project, cache: Path | None) -> list[tuple[str, str]]:
    inventory = load_inventory(project)
    return [(f.host, f.message) for f in link_findings(inventory, list(inventory.hosts), cache)]


EDITS = st.tuples(st.integers(0, 200), st.integers(0, 2), st.integers(0, 20), st.integers(0, 20))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDITS, min_size=1, max_size=6), st.integers(0, 5))
def test_cached_link_warnings_equal_a_fresh_computation(edits: list[Edit], clean: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "inventory", root / "inventory")
        project = Project(root)
        cache = root / ".bluewire/cache/links.json"
        assert _warnings(project, cache) == _warnings(project, None) == []
        for n, edit in enumerate(edits):
            if n == clean:  # a run with nothing changed in between reuses every row
                assert _warnings(project, cache) == _warnings(project, None)
            _apply(root, edit)
            assert _warnings(project, cache) == _warnings(project, None)


def test_an_edit_far_away_is_warned_about_at_both_ends_from_the_cache(
    example_project: Project,
) -> None:
    """Only the far end's entry changes; the near end's (unchanged, cached) warning appears."""
    root = example_project.root
    cache = root / ".bluewire/cache/links.json"
    assert _warnings(example_project, cache) == []
    path = root / "inventory/hosts.yaml"
    path.write_text(path.read_text().replace('"hq-core-1 Twe1/0/6"', '"hq-core-1 Twe1/0/5"', 1))
    found = _warnings(example_project, cache)
    assert sorted({host for host, _ in found}) == ["edge-fw-1", "hq-core-1"]
    assert found == _warnings(example_project, None)


def test_hosts_that_come_and_go_move_the_warnings_of_those_naming_them(
    example_project: Project,
) -> None:
    root = example_project.root
    cache = root / ".bluewire/cache/links.json"
    path = root / "inventory/hosts.yaml"
    original = path.read_text()
    path.write_text(original.replace('"dc-leaf-1 Et49/1"', '"spare-sw-1 Gi1/0/1"', 1))
    found = _warnings(example_project, cache)  # a device outside the inventory: no link there
    assert [host for host, _ in found] == ["dc-leaf-1"]  # but the old far end now disagrees
    path.write_text(
        path.read_text()
        + "spare-sw-1:\n  hostname: 10.255.1.99\n  groups: [ios, site-hq, role-access]\n"
        + "  data:\n    <<: *ios_access_48\n"
        + "    mgmt: {interface: Vlan10, address: 10.255.1.99/24, gateway: 10.255.1.254}\n"
        + "    interfaces:\n"
        + '      - {name: GigabitEthernet1/0/1, role: unused, description: "nobody Gi0/1"}\n'
    )
    found = _warnings(example_project, cache)
    assert found == _warnings(example_project, None)
    assert sorted(host for host, _ in found) == ["dc-leaf-1", "hq-core-1"]
    path.write_text(original)
    assert _warnings(example_project, cache) == []
