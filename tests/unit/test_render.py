"""Rendering: template errors as file:line, deterministic output, filters, the process pool."""

from __future__ import annotations

import pytest

from bluewire.inventory.load import load_inventory
from bluewire.render import POOL_THRESHOLD, Renderer, _vlan_list, normalize, render_hosts
from tests.conftest import MakeProject

HOSTS = "sw1:\n  platform: ios\n  data:\n    role: access\n    loopback: 10.1.2.3/32\n"


def test_undefined_variable_names_template_line_and_host(make_project: MakeProject) -> None:
    project = make_project(
        HOSTS,
        templates={
            "ios/access.j2": "hostname {{ inventory_hostname }}\n{% include 'ios/_base.j2' %}\n",
            "ios/_base.j2": "!\n!\nntp server {{ ntp_servers[0] }}\n",
        },
    )
    host = load_inventory(project, use_cache=False).hosts["sw1"]
    [result] = render_hosts(Renderer(project.templates_dir), [host])
    assert result.config is None
    assert result.error == "templates/ios/_base.j2:3: 'ntp_servers' is undefined (host sw1)"


def test_missing_template_is_reported(make_project: MakeProject) -> None:
    project = make_project(HOSTS, templates={"ios/core.j2": "x\n"})
    host = load_inventory(project, use_cache=False).hosts["sw1"]
    [result] = render_hosts(Renderer(project.templates_dir), [host])
    assert result.error == (
        "templates/ios/access.j2: no such template (host sw1, role access; roles for ios: core)"
    )


def test_syntax_error_is_reported_with_line(make_project: MakeProject) -> None:
    project = make_project(HOSTS, templates={"ios/access.j2": "a\nb\n{% if x %}\n"})
    host = load_inventory(project, use_cache=False).hosts["sw1"]
    [result] = render_hosts(Renderer(project.templates_dir), [host])
    assert result.error is not None and result.error.startswith("templates/ios/access.j2:")


def test_filters_and_secret_placeholder(make_project: MakeProject) -> None:
    project = make_project(
        HOSTS,
        templates={
            "ios/access.j2": (
                "interface Loopback0\n ip address {{ loopback | ip }} {{ loopback | netmask }}\n"
                "key {{ secret('ntp_key') }}\nvlans {{ [10, 11, 12, 20] | vlan_list }}\n"
            )
        },
    )
    host = load_inventory(project, use_cache=False).hosts["sw1"]
    out = Renderer(project.templates_dir).render(host)
    assert out == (
        "interface Loopback0\n ip address 10.1.2.3 255.255.255.255\n"
        "key %%SECRET:ntp_key%%\nvlans 10-12,20\n"
    )


def test_normalize_strips_trailing_space_and_blank_runs() -> None:
    assert normalize("a  \n\n\n b\n\n") == "a\n\n b\n"


@pytest.mark.parametrize(("values", "text"), [([], ""), ([5], "5"), ([3, 1, 2, 7], "1-3,7")])
def test_vlan_list(values: list[int], text: str) -> None:
    assert _vlan_list(values) == text


def test_process_pool_output_equals_serial(make_project: MakeProject) -> None:
    hosts = "".join(
        f"sw{i}:\n  platform: ios\n  data: {{role: access, n: {i}}}\n"
        for i in range(POOL_THRESHOLD + 5)
    )
    project = make_project(
        hosts, templates={"ios/access.j2": "hostname {{ inventory_hostname }}\nn {{ n }}\n"}
    )
    inv = list(load_inventory(project, use_cache=False).hosts.values())
    renderer = Renderer(project.templates_dir)
    serial = [r.config for r in render_hosts(renderer, inv, jobs=1)]
    pooled = [r.config for r in render_hosts(renderer, inv, jobs=2)]
    assert serial == pooled
    assert serial[0] == "hostname sw0\nn 0\n"
