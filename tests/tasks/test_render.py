"""The Nornir render task over the BluewireInventory plugin gives the committed golden configs."""

from __future__ import annotations

from nornir import InitNornir
from nornir.core import Nornir

from bluewire.project import Project
from bluewire.render import Renderer
from bluewire.tasks.render import render_config


def _nornir(project: Project) -> Nornir:
    return InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": 4}},
        inventory={"plugin": "BluewireInventory", "options": {"project_dir": str(project.root)}},
        logging={"enabled": False},
    )


def test_render_task_matches_golden_configs(example_project: Project) -> None:
    nr = _nornir(example_project)
    assert len(nr.inventory.hosts) == 24
    result = nr.run(task=render_config, renderer=Renderer(example_project.templates_dir))
    assert not result.failed
    for name, multi in result.items():
        assert multi[0].result == example_project.golden_path(name).read_text(), name


def test_a_template_error_fails_only_that_host(example_project: Project) -> None:
    broken = example_project.templates_dir / "eos" / "leaf.j2"
    broken.write_text(broken.read_text() + "{{ undefined_thing }}\n")
    nr = _nornir(example_project)
    result = nr.run(task=render_config, renderer=Renderer(example_project.templates_dir))
    assert sorted(result.failed_hosts) == ["dc-leaf-1", "dc-leaf-2"]
    assert "'undefined_thing' is undefined" in str(result["dc-leaf-1"][0].exception)
    assert not result["hq-core-1"].failed
