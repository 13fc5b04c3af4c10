"""The signed template code cache: a warm run compiles nothing and renders the same; an entry
the user's key did not sign (tampered, forged, planted by a merge request) is never loaded."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bluewire.codecache import KEY_BYTES, SignedCodeCache, code_cache, key_path, signing_key
from bluewire.errors import TemplateError
from bluewire.inventory.load import load_inventory
from bluewire.inventory.model import InventoryHost
from bluewire.project import Project
from bluewire.render import Renderer
from tests.conftest import MakeProject

HOSTS = "sw1:\n  platform: ios\n  data:\n    role: access\n    peers: [10.0.0.1, 10.0.0.2]\n"
TEMPLATES = {
    "ios/access.j2": "hostname {{ inventory_hostname }}\n{% include 'ios/_ntp.j2' %}\n",
    "ios/_ntp.j2": "{% for v in peers %}ntp server {{ v }}\n{% endfor %}",
}
EVIL = "PLANTED {{ inventory_hostname }}\n"


@pytest.fixture
def key_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("xdg")  # outside the project (tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def _setup(make_project: MakeProject) -> tuple[Project, InventoryHost, Path]:
    project = make_project(HOSTS, templates=TEMPLATES)
    host = load_inventory(project, use_cache=False).hosts["sw1"]
    return project, host, project.root / ".bluewire" / "cache" / "templates"


def _renderer(project: Project, folder: Path) -> tuple[Renderer, list[str]]:
    """A renderer with the project's code cache, and the names of the templates it compiles."""
    renderer = Renderer(project.templates_dir, "templates", code_cache(project.root, folder))
    compiled: list[str] = []
    compile_ = renderer.env.compile

    def counting(source: str, name: str | None = None, *args: Any, **kw: Any) -> Any:
        compiled.append(str(name))
        return compile_(source, name, *args, **kw)

    renderer.env.compile = counting  # type: ignore[method-assign, assignment]
    return renderer, compiled


def test_a_warm_run_compiles_nothing_and_renders_the_same(
    make_project: MakeProject, key_home: Path
) -> None:
    project, host, folder = _setup(make_project)
    cold, compiled = _renderer(project, folder)
    first = cold.render(host)
    assert sorted(compiled) == ["ios/_ntp.j2", "ios/access.j2"]
    warm, compiled_again = _renderer(project, folder)
    assert warm.render(host) == first == "hostname sw1\nntp server 10.0.0.1\nntp server 10.0.0.2\n"
    assert compiled_again == []
    key = key_path()
    assert key.is_relative_to(key_home) and key.stat().st_mode & 0o777 == 0o600


def test_an_edited_template_is_compiled_again(make_project: MakeProject, key_home: Path) -> None:
    project, host, folder = _setup(make_project)
    _renderer(project, folder)[0].render(host)
    (project.templates_dir / "ios/_ntp.j2").write_text("{% for v in peers %}n{{ v }} {% endfor %}")
    warm, compiled = _renderer(project, folder)
    assert warm.render(host) == "hostname sw1\nn10.0.0.1 n10.0.0.2\n"
    assert compiled == ["ios/_ntp.j2"]


def _plant(project: Project, folder: Path, key: bytes) -> None:
    """Replace every entry by code compiled from EVIL, for the real source, signed with `key`."""
    env = Renderer(project.templates_dir).env
    planter = SignedCodeCache(folder, key)
    for name in TEMPLATES:
        source = (project.templates_dir / name).read_text()
        bucket = planter.get_bucket(env, name, str(project.templates_dir / name), source)
        bucket.code = env.compile(EVIL, name, str(project.templates_dir / name))
        planter.dump_bytecode(bucket)


def test_entries_signed_with_another_key_are_never_loaded(
    make_project: MakeProject, key_home: Path
) -> None:
    project, host, folder = _setup(make_project)
    _renderer(project, folder)[0].render(host)  # the user's key exists now
    _plant(project, folder, os.urandom(KEY_BYTES))
    renderer, compiled = _renderer(project, folder)
    assert renderer.render(host) == "hostname sw1\nntp server 10.0.0.1\nntp server 10.0.0.2\n"
    assert sorted(compiled) == ["ios/_ntp.j2", "ios/access.j2"]
    # The same planted code signed with the user's key would run: the signature is the guard.
    user_key = signing_key(project.root)
    assert user_key is not None
    _plant(project, folder, user_key)
    assert _renderer(project, folder)[0].render(host) == "PLANTED sw1\n"


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.integers(min_value=0), flip=st.integers(min_value=1, max_value=255))
def test_a_damaged_or_truncated_entry_is_compiled_again(
    make_project: MakeProject, key_home: Path, at: int, flip: int
) -> None:
    project, host, folder = _setup(make_project)
    _renderer(project, folder)[0].render(host)
    for entry in folder.iterdir():
        raw = bytearray(entry.read_bytes())
        i = at % len(raw)
        raw[i] ^= flip
        entry.write_bytes(bytes(raw[: len(raw) - at % 3]))
    renderer, compiled = _renderer(project, folder)
    assert renderer.render(host) == "hostname sw1\nntp server 10.0.0.1\nntp server 10.0.0.2\n"
    assert sorted(compiled) == ["ios/_ntp.j2", "ios/access.j2"]


def test_the_sandbox_holds_for_cached_code(make_project: MakeProject, key_home: Path) -> None:
    project = make_project(HOSTS, templates={"ios/access.j2": "{{ ''.__class__.__mro__ }}\n"})
    host = load_inventory(project, use_cache=False).hosts["sw1"]
    folder = project.root / ".bluewire" / "cache" / "templates"
    errors = []
    for _ in range(2):  # cold, then from the cache
        with pytest.raises(TemplateError) as info:
            _renderer(project, folder)[0].render(host)
        errors.append(str(info.value))
    assert errors[0] == errors[1] and "__class__" in errors[0]
    assert any(folder.iterdir())


def _no_key(project: Project) -> None:
    assert signing_key(project.root) is None
    assert code_cache(project.root, project.root / "c") is None


def test_no_key_to_trust_means_no_cache(
    make_project: MakeProject, key_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, _, _ = _setup(make_project)
    key = key_path()
    key.parent.mkdir(parents=True)
    key.write_bytes(b"k" * KEY_BYTES)
    key.chmod(0o644)  # others can read it: they could sign entries
    _no_key(project)
    key.chmod(0o600)
    key.write_bytes(b"short")
    _no_key(project)
    key.unlink()
    key.symlink_to(project.root / "HOSTS")
    _no_key(project)
    monkeypatch.setenv("XDG_CACHE_HOME", str(project.root / ".cache"))  # inside the checkout
    (project.root / ".cache/bluewire").mkdir(parents=True)
    (project.root / ".cache/bluewire/template-code.key").write_bytes(b"k" * KEY_BYTES)
    (project.root / ".cache/bluewire/template-code.key").chmod(0o600)
    _no_key(project)
    monkeypatch.setenv("XDG_CACHE_HOME", str(key_home))
    key.unlink()
    assert signing_key(project.root) is not None  # made afresh
    monkeypatch.setenv("BLUEWIRE_NO_CACHE", "1")
    _no_key(project)


def test_a_template_error_is_the_same_from_the_cache(
    make_project: MakeProject, key_home: Path
) -> None:
    templates = {"ios/access.j2": "a\n{{ missing.x }}\n"}
    project = make_project(HOSTS, templates=templates)
    host = load_inventory(project, use_cache=False).hosts["sw1"]
    folder = project.root / ".bluewire" / "cache" / "templates"
    errors = []
    for _ in range(2):
        with pytest.raises(TemplateError) as info:
            _renderer(project, folder)[0].render(host)
        errors.append(str(info.value))
    assert errors[0] == errors[1] == "templates/ios/access.j2:2: 'missing' is undefined (host sw1)"


def test_no_home_folder_means_no_cache_not_a_crash(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, host, folder = _setup(make_project)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(nowhere))
    _no_key(project)
    renderer, compiled = _renderer(project, folder)
    assert renderer.render(host) == "hostname sw1\nntp server 10.0.0.1\nntp server 10.0.0.2\n"
    assert compiled


def test_a_run_killed_while_making_the_key_leaves_no_key_that_would_disable_the_cache(
    make_project: MakeProject, key_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, _, _ = _setup(make_project)

    def killed(size: int) -> bytes:  # after the file is opened, before its bytes are in
        raise OSError("killed while writing the key")

    with monkeypatch.context() as m:
        m.setattr("bluewire.codecache.secrets.token_bytes", killed)
        assert signing_key(project.root) is None
    assert not key_path().exists()  # neither the key nor a torn one
    assert [p.name for p in key_path().parent.iterdir()] == []  # nor the aside copy
    key = signing_key(project.root)
    assert key is not None and len(key) == KEY_BYTES
    assert signing_key(project.root) == key  # the same key next time
