"""Push secrets only where GitLab gives them: `plan --device-diff` in CI needs a protected ref."""

from __future__ import annotations

import pytest

from bluewire.cli.main import main
from bluewire.errors import BluewireError
from bluewire.pipeline import require_push_context
from tests.conftest import MakeProject


@pytest.mark.parametrize(
    "env,allowed",
    [
        ({}, True),  # a person's machine
        ({"CI": "true", "CI_COMMIT_REF_PROTECTED": "true"}, True),
        ({"CI": "true", "CI_COMMIT_REF_PROTECTED": "false"}, False),
        ({"CI": "true"}, False),  # GitHub Actions and other CI: no protected-ref proof
        ({"GITLAB_CI": "true", "CI_COMMIT_REF_PROTECTED": "False"}, False),
        ({"CI": "1", "CI_COMMIT_REF_PROTECTED": "yes"}, False),
    ],
)
def test_push_context(env: dict[str, str], allowed: bool) -> None:
    if allowed:
        require_push_context("x", env)
    else:
        with pytest.raises(BluewireError, match="unprotected ref"):
            require_push_context("x", env)


def test_device_diff_is_refused_in_a_merge_request_pipeline_before_anything_runs(
    make_project: MakeProject,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    project = make_project("sw1:\n  platform: ios\n  data: {role: access}\n")  # no templates
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("CI_COMMIT_REF_PROTECTED", "false")
    monkeypatch.setenv("BLUEWIRE_SECRET_TACACS_KEY", "Canary-never-used-1")
    code = main(["--project", str(project.root), "plan", "--device-diff", "--no-comment"])
    assert code == 1
    err = capsys.readouterr().err
    assert "plan --device-diff needs the push secrets" in err
    assert "no such template" not in err  # refused before rendering, let alone devices
