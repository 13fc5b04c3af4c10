"""--extra-vars in every form ansible-playbook takes; bad input is one clear line, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from bluewire.errors import BluewireError
from bluewire.playbook.extravars import parse_extra_vars


def test_forms_merge_later_wins(tmp_path: Path) -> None:
    vars_file = tmp_path / "vars.yml"
    vars_file.write_text("commands: [show version]\nmin_free_mb: 2048\n")
    got = parse_extra_vars(
        ["target_version=17.9.5 image='cat 9k.bin'", f"@{vars_file}", '{"min_free_mb": 10}']
    )
    assert got == {
        "target_version": "17.9.5",
        "image": "cat 9k.bin",
        "commands": ["show version"],
        "min_free_mb": 10,
    }


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("novalue", "expected KEY=VALUE"),
        ("1bad=x", "expected KEY=VALUE"),
        ("{not json", "not valid JSON"),
        ('["a"]', "expected KEY=VALUE"),
        ("@/nonexistent/vars.yml", "No such file"),
    ],
)
def test_bad_specs_are_refused(spec: str, message: str) -> None:
    with pytest.raises(BluewireError, match=message):
        parse_extra_vars([spec])


def test_a_file_that_is_not_a_mapping_or_yaml(tmp_path: Path) -> None:
    listed = tmp_path / "list.yml"
    listed.write_text("- a\n- b\n")
    with pytest.raises(BluewireError, match="must be a mapping"):
        parse_extra_vars([f"@{listed}"])
    broken = tmp_path / "broken.yml"
    broken.write_text("a: [1,\nb: 2\n")
    with pytest.raises(BluewireError, match=r"broken.yml:\d+: not valid YAML"):
        parse_extra_vars([f"@{broken}"])
