"""Templates are merge-request code: sandboxed, confined to templates/, and unable to print data
that would become config syntax, even when the data never went through the schema."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from bluewire import secrets
from bluewire.errors import TemplateError
from bluewire.inventory.model import InventoryHost
from bluewire.render import Renderer
from bluewire.runs import render as rendering
from tests.conftest import MakeProject

CANARY = "Canary-51c0-in-the-environment"


def host(platform: str = "ios", **data: Any) -> InventoryHost:
    return InventoryHost("sw1", "10.0.0.1", platform, [], {"role": "access", **data})


def renderer(tmp_path: Path, text: str, platform: str = "ios", **more: str) -> Renderer:
    for name, body in {f"{platform}/access.j2": text, **more}.items():
        path = tmp_path / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    return Renderer(tmp_path / "templates")


ESCAPES = [
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__['os'].environ }}",
    "{{ lipsum.__globals__['os'].environ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ secret.__globals__['os'].environ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self._TemplateReference__context }}",
    "{{ '{0.__class__.__mro__}'.format(role) }}",
    "{{ range.__self__ }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ interfaces.append('x') }}",
    "{{ interfaces.clear() }}",
    "{% set d = {} %}{{ d.update({'a': 1}) }}",
    "{{ config }}",
    "{% include '../secrets.yaml' %}",
    "{% include '/etc/passwd' %}",
]


@pytest.mark.parametrize("template", ESCAPES)
def test_template_escapes_fail_without_output(
    tmp_path: Path, template: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BLUEWIRE_SECRET_TACACS_KEY", CANARY)
    (tmp_path / "secrets.yaml").write_text(f"tacacs_key: {CANARY}\n")
    with pytest.raises(TemplateError) as info:
        renderer(tmp_path, template).render(host(interfaces=[]))
    assert CANARY not in str(info.value)
    assert str(info.value).startswith("templates/")


def test_symlinked_template_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.j2").write_text(f"{CANARY}\n")
    r = renderer(tmp_path, "{% include 'ios/_part.j2' %}\n")
    (tmp_path / "templates" / "ios" / "_part.j2").symlink_to(tmp_path / "outside.j2")
    with pytest.raises(TemplateError, match="symbolic link"):
        r.render(host())


def test_symlinked_templates_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "ios"
    real.mkdir(parents=True)
    (real / "access.j2").write_text("hostname x\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "ios").symlink_to(real)
    with pytest.raises(TemplateError, match="symbolic link"):
        Renderer(tmp_path / "templates").render(host())


UNSAFE_VALUES = [
    "uplink\nusername evil privilege 15 secret 0 x",
    "uplink\rusername evil",
    "uplink\u2028username evil",
    "uplink\x85username evil",
    "uplink\x1b[2J",
    "uplink\x00",
    "uplink\x0busername evil",
]


@pytest.mark.parametrize("value", UNSAFE_VALUES)
@pytest.mark.parametrize(
    "template",
    [
        "interface Gi1/0/1\n description {{ note }}\n",
        "{% macro d(x) %} description {{ x }}\n{% endmacro %}{{ d(note) }}",
        "interface Gi1/0/1\n description {{ 'to ' ~ note }}\n",
        "{{ [note] | join(',') }}\n",
    ],
)
def test_finalize_refuses_control_characters_the_schema_never_saw(
    tmp_path: Path, value: str, template: str
) -> None:
    with pytest.raises(TemplateError, match="refusing to print"):
        renderer(tmp_path, template).render(host(note=value))


def test_macro_output_may_span_lines(tmp_path: Path) -> None:
    text = "{% macro block(x) %}\n a {{ x }}\n b\n{% endmacro %}interface Gi1\n{{ block('y') }}"
    assert renderer(tmp_path, text).render(host()) == "interface Gi1\n a y\n b\n"


@pytest.mark.parametrize(
    "platform,text,expected",
    [
        ("junos", "HQ core link", '"HQ core link"'),
        ("junos", "uplink", "uplink"),
        ("junos", "room #5 (MDF)", '"room #5 (MDF)"'),
        ("dellos10", "HQ core link", '"HQ core link"'),
        ("dellos10", "uplink", "uplink"),
        ("ios", "HQ core link", "HQ core link"),
        ("eos", "HQ core link", "HQ core link"),
    ],
)
def test_quote_filter_per_platform(tmp_path: Path, platform: str, text: str, expected: str) -> None:
    r = renderer(tmp_path, "description {{ note | quote }}\n", platform)
    assert r.render(host(platform, note=text)) == f"description {expected}\n"


@pytest.mark.parametrize("platform", ["ios", "eos", "junos", "dellos10"])
@pytest.mark.parametrize("value", ['a"b', "a;b", "a}b", "a\\b", "a^Cb", "%%SECRET:tacacs_key%%"])
def test_quote_filter_refuses_syntax_characters(tmp_path: Path, platform: str, value: str) -> None:
    r = renderer(tmp_path, "description {{ note | quote }}\n", platform)
    with pytest.raises(TemplateError):
        r.render(host(platform, note=value))


@pytest.mark.parametrize("line", ["^C", "EOF", "x ^C y", "%%SECRET:x%%"])
def test_banner_lines_refuse_delimiters(tmp_path: Path, line: str) -> None:
    r = renderer(
        tmp_path, "banner login ^C\n{% for l in banner | banner_lines %}{{ l }}\n{% endfor %}^C\n"
    )
    with pytest.raises(TemplateError, match="banner"):
        r.render(host(banner=f"Authorized use only, activity is monitored.\n{line}\nusername evil"))


def test_secret_placeholders_are_stable_and_only_from_secret(tmp_path: Path) -> None:
    text = "tacacs server a\n key 7 {{ secret('tacacs_key') }}\n"
    first = renderer(tmp_path, text).render(host())
    assert first == Renderer(tmp_path / "templates").render(host())  # stable across renderers
    assert first == "tacacs server a\n key 7 %%SECRET:tacacs_key%%\n"
    assert isinstance(first, secrets.RenderedConfig)


@pytest.mark.parametrize(
    "template,data",
    [
        ("key 7 %%SECRET:tacacs_key%%\n", {}),
        (" description {{ note }}\n", {"note": "%%SECRET:tacacs_key%%"}),
        (" description {{ note }}\n", {"note": "%%secret:tacacs_key%%"}),
        (" description {{ note ~ secret('x') }}\n", {"note": "%%SECRET:tacacs_key%%"}),
    ],
)
def test_placeholders_not_made_by_secret_are_refused(
    tmp_path: Path, template: str, data: dict[str, str]
) -> None:
    with pytest.raises(TemplateError, match="no secret\\(\\) call produced"):
        renderer(tmp_path, template).render(host(**data))


def test_secrets_are_withheld_from_the_render_step(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(
        "sw1:\n  platform: ios\n  data: {role: access}\n", templates={"ios/access.j2": "x\n"}
    )
    names = [
        "BLUEWIRE_SECRET_TACACS_KEY",
        "BLUEWIRE_DEVICE_PASSWORD",
        "BLUEWIRE_PLAN_KEY",
        "GITLAB_TOKEN",
    ]
    for name in names:
        monkeypatch.setenv(name, CANARY)
    seen: list[dict[str, str]] = []
    real = rendering.render_hosts

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(dict(os.environ))
        return real(*args, **kwargs)

    monkeypatch.setattr(rendering, "render_hosts", spy)
    run = rendering.render_selected(project, None, 1)
    assert run.rendered == {"sw1": "x\n"}
    assert seen and not any(CANARY in v for v in seen[0].values())
    assert all(os.environ[name] == CANARY for name in names)  # back for the push step
