"""One pass over every key and string of the inventory files, whatever the schema says about them.

The schema types the keys bluewire defines; this pass makes sure nothing escapes by living under a
key it does not define (kept for templates), under `connection_options`, or in a key: every string
follows the free-text rule (a `banner` the banner rule), no credential sits anywhere, host names
are device hostnames and group names are identifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bluewire.errors import Problem
from bluewire.inventory.strings import HOST, NAME, banner_problem, dotted, free_text_problem
from bluewire.inventory.yamlfile import PathKey, YamlDoc

_SECRET_NAME = re.compile(r"[a-z][a-z0-9_]{1,62}")
_CREDENTIAL_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "secret",
        "secrets",
        "token",
        "apikey",
        "psk",
        "community",
        "credential",
        "credentials",
        "privkey",
    }
)
CREDENTIAL_HINT = (
    "passwords and other credentials do not belong in the repository: name a secret with a *_secret key "
    "(value: the secret's name) and set BLUEWIRE_SECRET_<NAME>, or use BLUEWIRE_DEVICE_PASSWORD, "
    "BLUEWIRE_ENABLE_SECRET or the secrets file"
)


def _words(key: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


def is_credential_key(key: str) -> bool:
    """`password`, `enable_password`, `optional_args.secret`, `authKey`, `snmp_community`..."""
    words = _words(key)
    return bool(words) and (bool(_CREDENTIAL_WORDS.intersection(words)) or words[-1] == "key")


def _names_a_secret(key: str, value: Any, in_data: bool) -> bool:
    """A data key `*_secret` (or `secret`) whose value is a secret's name, not its value."""
    named = key == "secret" or key.endswith("_secret")
    return in_data and named and isinstance(value, str) and bool(_SECRET_NAME.fullmatch(value))


def _walk(value: Any, path: PathKey) -> Iterator[tuple[PathKey, Any, Any]]:
    """(path, key or None, value) for every mapping entry and list item below `value`."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), key, item
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield (*path, i), None, item
            yield from _walk(item, (*path, i))


def _problem(doc: YamlDoc, path: PathKey, message: str) -> Problem:
    return Problem(doc.file, doc.line_of(path), message, dotted(path))


def scan_document(doc: YamlDoc, data_depth: int) -> list[Problem]:
    """Every problem of one file's strings; `data_depth` is where `data` sits in a path."""
    problems: list[Problem] = []
    for path, key, value in _walk(doc.data, ()):
        in_data = len(path) > data_depth and path[data_depth] == "data"
        if isinstance(key, str):
            problem = free_text_problem(key)
            if problem:
                problems.append(_problem(doc, path, f"key {problem}"))
                continue
            if is_credential_key(key) and not _names_a_secret(key, value, in_data):
                problems.append(_problem(doc, path, CREDENTIAL_HINT))
                continue
        if isinstance(value, str):
            check = banner_problem if key == "banner" else free_text_problem
            problem = check(value)
            if problem:
                problems.append(_problem(doc, path, problem))
    return problems


def check_entry_names(doc: YamlDoc, *, hosts: bool) -> list[Problem]:
    """Host names are device hostnames (and file names); group names are identifiers."""
    if not isinstance(doc.data, dict):
        return []
    kind = HOST if hosts else NAME
    problems = []
    for name in doc.data:
        problem = kind.problem(name) if isinstance(name, str) else f"{name!r} is not a name"
        if problem:
            problems.append(_problem(doc, (name,), problem))
    return problems
