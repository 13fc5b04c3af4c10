"""Golden-file tests of the templates: the example network renders to the committed configs.

golden_configs/ are the golden files: after a template change run `bluewire render` and review
the diff in the merge request (that is the regeneration step).
"""

from __future__ import annotations

import pytest

from bluewire.inventory.load import load_inventory
from bluewire.platforms import NAMES as PLATFORMS
from bluewire.project import Project
from bluewire.render import Renderer, render_hosts
from bluewire.secrets import PLACEHOLDER, names_in
from tests.conftest import REPO

PROJECT = Project(REPO)


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[str, str]]:
    inventory = load_inventory(PROJECT, use_cache=False)
    renderer = Renderer(PROJECT.templates_dir)
    results = render_hosts(renderer, list(inventory.hosts.values()), jobs=1)
    return {r.host: (inventory.hosts[r.host].platform, r.config or "") for r in results}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_templates_render_the_committed_golden_configs(
    platform: str, rendered: dict[str, tuple[str, str]]
) -> None:
    hosts = sorted(h for h, (p, _) in rendered.items() if p == platform)
    assert hosts, f"the example network has no {platform} host"
    for host in hosts:
        assert rendered[host][1] == PROJECT.golden_path(host).read_text(), (
            f"{host}: golden config is stale; run `bluewire render` and review the diff"
        )


def test_rendering_is_byte_identical_across_renderers(rendered: dict[str, tuple[str, str]]) -> None:
    inventory = load_inventory(PROJECT)
    again = render_hosts(Renderer(PROJECT.templates_dir), list(inventory.hosts.values()), jobs=1)
    assert {r.host: r.config for r in again} == {h: c for h, (_, c) in rendered.items()}


def test_secret_values_never_reach_golden_configs(
    rendered: dict[str, tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every secret's value set (canaries), rendering still writes only placeholders."""
    names = set().union(*(names_in(c) for _, c in rendered.values()))
    assert {"tacacs_key", "ntp_key", "snmp_auth", "local_breakglass"} <= names
    for name in names:
        monkeypatch.setenv(f"BLUEWIRE_SECRET_{name.upper()}", f"CANARY-golden-{name}")
    inventory = load_inventory(PROJECT)
    again = render_hosts(Renderer(PROJECT.templates_dir), list(inventory.hosts.values()), jobs=1)
    for result in again:
        assert result.config is not None and "CANARY-golden" not in result.config, result.host
        assert PLACEHOLDER.search(result.config), result.host


def test_access_switches_are_a_few_hundred_lines(rendered: dict[str, tuple[str, str]]) -> None:
    access = [len(c.splitlines()) for h, (_, c) in rendered.items() if "-access-" in h]
    assert min(access) >= 200
