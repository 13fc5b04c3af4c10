"""`--extra-vars` as ansible-playbook takes them: KEY=VALUE, @FILE (YAML/JSON), or a JSON object.

Parsed here, before anything runs, so a typo is `--extra-vars ...: what is wrong` and exit 1
instead of an Ansible traceback halfway through a run. Later values override earlier ones.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from bluewire.errors import BluewireError
from bluewire.project import read_regular


def parse_extra_vars(specs: Iterable[str]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for spec in specs:
        merged.update(_one(spec))
    return merged


def _one(spec: str) -> dict[str, Any]:
    text = spec.strip()
    if text.startswith("@"):
        return _mapping(spec, _file(spec, Path(text[1:])))
    if text.startswith("{"):
        try:
            return _mapping(spec, json.loads(text))
        except json.JSONDecodeError as exc:
            raise BluewireError(f"--extra-vars {spec}: not valid JSON ({exc.msg})") from None
    pairs: dict[str, Any] = {}
    for word in shlex.split(text):
        key, sep, value = word.partition("=")
        if not sep or not key.isidentifier():
            raise BluewireError(f"--extra-vars {spec}: expected KEY=VALUE, @FILE or a JSON object")
        pairs[key] = value
    return pairs


def _file(spec: str, path: Path) -> Any:
    try:
        return yaml.safe_load(read_regular(path).decode("utf-8"))
    except OSError as exc:
        raise BluewireError(f"--extra-vars {spec}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise BluewireError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise BluewireError(f"{path}{line}: not valid YAML") from None


def _mapping(spec: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise BluewireError(f"--extra-vars {spec}: must be a mapping of variable names")
    return value
