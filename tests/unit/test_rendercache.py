"""The render cache never serves a stale config: whatever changed, an incremental render (and
`check`) gives byte for byte what a full render gives."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bluewire.rendercache as rendercache
from bluewire.inventory.load import load_inventory
from bluewire.inventory.model import InventoryHost
from bluewire.project import Project
from bluewire.runs.render import check_report, render_report, render_selected
from tests.conftest import REPO

CANARY = "Canary-7d1f0c-never-store"


@contextmanager
def no_cache() -> Iterator[None]:
    before = os.environ.get("BLUEWIRE_NO_CACHE")
    os.environ["BLUEWIRE_NO_CACHE"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["BLUEWIRE_NO_CACHE"]
        else:
            os.environ["BLUEWIRE_NO_CACHE"] = before


def configs(project: Project) -> dict[str, str]:
    run = render_selected(project, None, 1)
    return {host: str(run.rendered[host]) for host in run.rendered}


def assert_like_a_full_render(project: Project) -> None:
    cached = configs(project)
    with no_cache():
        full = configs(project)
    assert cached == full


def assert_checks_like_a_full_check(project: Project) -> None:
    with no_cache():
        full = [(f.host, f.kind, f.message) for f in check_report(project, None, 1).findings]
    assert [(f.host, f.kind, f.message) for f in check_report(project, None, 1).findings] == full


def replace(path: Path, pattern: str, new: str) -> None:
    """The first match of `pattern` becomes `new` (an edit that can be made again and again)."""
    text, count = re.subn(pattern, new, path.read_text(), count=1)
    assert count == 1, (path, pattern)
    path.write_text(text)


def _edit_host(root: Path, n: int) -> None:  # a host's own value and an anchor others merge
    replace(root / "inventory/hosts.yaml", r"os_version: 17\.9\.\w+", f"os_version: 17.9.{n % 9}b")


def _edit_group(root: Path, n: int) -> None:
    replace(root / "inventory/groups.yaml", r"region: north\w*", f"region: north{n}")


def _edit_defaults(root: Path, n: int) -> None:
    replace(
        root / "inventory/defaults.yaml",
        r"servers: \[10\.250\.0\.\d+",
        f"servers: [10.250.0.{30 + n % 200}",
    )


def _edit_template(root: Path, n: int) -> None:  # a role template
    path = root / "templates/ios/access.j2"
    path.write_text(f"! role template edit {n}\n" + path.read_text())


def _edit_partial(root: Path, n: int) -> None:  # reached only through include/import
    path = root / "templates/junos/_snmp.j2"
    path.write_text(f"/* partial edit {n} */\n" + path.read_text())


def _edit_golden(root: Path, n: int) -> None:  # a hand edit of the same size, mtime put back
    path = next(iter(sorted((root / "golden_configs").glob("*.cfg"))))
    st = path.stat()
    text = path.read_text()
    path.write_text(("X" if text[0] != "X" else "Y") + text[1:])
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def _render(root: Path, n: int) -> None:
    render_report(Project(root), None, 1, check=False)


def _render_one(root: Path, n: int) -> None:  # a --limit run: it keys only the hosts it renders
    project = Project(root)
    hosts = sorted(load_inventory(project).hosts)
    render_report(project, [hosts[n % len(hosts)]], 1, check=False)


BROKEN = "{% if inventory_hostname[-1] in '13579' %}{{ no_such_variable }}{% endif %}\n"


def _break_template(root: Path, n: int) -> None:  # some hosts fail to render, or work again
    path = root / "templates/eos/_snmp.j2"
    text = path.read_text()
    path.write_text(text.replace(BROKEN, "") if BROKEN in text else BROKEN + text)


EDITS: dict[str, Callable[[Path, int], None]] = {
    "host": _edit_host,
    "group": _edit_group,
    "defaults": _edit_defaults,
    "template": _edit_template,
    "partial": _edit_partial,
    "golden": _edit_golden,
    "render": _render,
    "render one": _render_one,
    "break": _break_template,
}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(sorted(EDITS)), st.integers(0, 999)), max_size=4))
def test_any_edit_renders_and_checks_as_a_full_render(edits: list[tuple[str, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for folder in ("inventory", "templates", "golden_configs"):
            shutil.copytree(REPO / folder, root / folder)
        project = Project(root)
        check_report(project, None, 1)  # a warm cache, golden files compared
        for name, n in edits:
            EDITS[name](root, n)
            assert_like_a_full_render(project)
        assert_checks_like_a_full_check(project)


def test_an_unchanged_host_is_not_rendered_again(
    example_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    render_report(example_project, None, 1, check=False)
    _edit_partial(example_project.root, 1)  # junos hosts only
    rendered: list[str] = []
    real = rendercache.RenderCache.store

    def spy(self: rendercache.RenderCache, host: str, config: str) -> None:
        rendered.append(host)
        real(self, host, config)

    monkeypatch.setattr(rendercache.RenderCache, "store", spy)
    render_selected(example_project, None, 1)
    inventory = load_inventory(example_project)
    assert rendered and {inventory.hosts[h].platform for h in rendered} == {"junos"}


def test_after_a_one_entry_edit_only_its_hosts_are_keyed_again(
    example_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    render_report(example_project, None, 1, check=False)
    text = (example_project.inventory_dir / "hosts.yaml").read_text()
    edited = re.sub(r"(?m)^(\s+os_version: )(\S+)$", r"\g<1>9.9.9", text, count=1)
    (example_project.inventory_dir / "hosts.yaml").write_text(edited)
    keyed: list[str] = []
    real = rendercache.RenderKeys.key

    def spy(self: rendercache.RenderKeys, host: InventoryHost) -> str | None:
        keyed.append(host.name)
        return real(self, host)

    monkeypatch.setattr(rendercache.RenderKeys, "key", spy)
    render_report(example_project, None, 1, check=False)
    assert keyed and len(keyed) < len(load_inventory(example_project).hosts)
    keyed.clear()
    render_report(example_project, None, 1, check=False)
    assert keyed == []  # nothing changed
    render_report(
        example_project, [sorted(load_inventory(example_project).hosts)[0]], 1, check=False
    )
    keyed.clear()
    render_report(example_project, None, 1, check=False)  # after a --limit run: every host
    assert len(keyed) == len([h for h in load_inventory(example_project).hosts.values() if h.role])
    monkeypatch.undo()
    assert_like_a_full_render(example_project)


def test_a_new_bluewire_renders_everything_again(
    example_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    render_report(example_project, None, 1, check=False)
    monkeypatch.setattr(rendercache, "code_digest", lambda *modules: "another bluewire")
    run = render_selected(example_project, None, 1)
    assert run.cache is not None and run.cache.digests()
    assert run.current == set()  # nothing known from the old bluewire's index


def test_a_golden_file_changed_after_it_was_compared_is_read_again(
    example_project: Project,
) -> None:
    render_report(example_project, None, 1, check=False)
    check_report(example_project, None, 1)  # records the files' signatures
    _edit_golden(example_project.root, 0)
    stale = [f.host for f in check_report(example_project, None, 1).findings if f.kind == "stale"]
    assert len(stale) == 1


def _wait_until_not_racy(folder: Path) -> None:
    """Until every file in `folder` changed more than RACY_NS ago (the copy just made them)."""
    newest = max(p.stat().st_ctime_ns for p in folder.iterdir())
    while time.time_ns() - newest <= rendercache.RACY_NS:
        time.sleep(0.05)


def test_a_racily_recorded_golden_file_is_not_trusted(example_project: Project) -> None:
    _wait_until_not_racy(example_project.root / "golden_configs")  # only the rewritten ones are
    _edit_template(example_project.root, 3)
    render_report(example_project, None, 1, check=False)  # rewrites the IOS access configs now
    inventory = load_inventory(example_project)
    written = {h for h, host in inventory.hosts.items() if host.data.get("role") == "access"}
    written = {h for h in written if inventory.hosts[h].platform == "ios"}
    run = render_selected(example_project, None, 1)
    assert written and run.cache is not None
    assert not written & set(run.current)  # changed within the racy second: read again
    assert set(run.current) == set(run.rendered) - written


def test_nothing_secret_is_cached(
    example_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BLUEWIRE_SECRET_NTP_KEY", CANARY)
    monkeypatch.setenv("BLUEWIRE_SECRET_SNMP_AUTH", CANARY)
    secrets_file = example_project.root.parent / "secrets.yaml"
    secrets_file.write_text(f"ospf_key: {CANARY}\n")
    secrets_file.chmod(0o600)
    monkeypatch.setenv("BLUEWIRE_SECRETS_FILE", str(secrets_file))
    _edit_template(example_project.root, 2)
    render_report(example_project, None, 1, check=False)
    check_report(example_project, None, 1)
    cache = example_project.state_dir / "cache"
    assert {p.name for p in cache.iterdir()} >= {"render.json", "inventory.json", "compliance.json"}
    for path in cache.rglob("*"):  # compiled templates included
        assert path.is_dir() or CANARY.encode() not in path.read_bytes(), path


def test_a_cached_host_goes_to_a_render_worker_with_its_data(example_project: Project) -> None:
    load_inventory(example_project)
    host = next(iter(load_inventory(example_project).hosts.values()))
    assert "data" not in host.__dict__  # not decoded yet
    copy = pickle.loads(pickle.dumps(host))
    assert copy.data == host.data and copy.role == host.role
