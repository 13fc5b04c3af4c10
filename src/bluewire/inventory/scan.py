"""One pass over every key and string of the inventory files, whatever the schema says about them.

The schema types the keys bluewire defines; this pass makes sure nothing escapes by living under a
key it does not define (kept for templates), under `connection_options`, or in a key: every string
follows the free-text rule (a `banner` the banner rule), no credential sits anywhere, host names
are device hostnames and group names are identifiers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
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


@lru_cache(maxsize=4096)
def is_credential_key(key: str) -> bool:
    """`password`, `enable_password`, `optional_args.secret`, `authKey`, `snmp_community`..."""
    words = _words(key)
    return bool(words) and (bool(_CREDENTIAL_WORDS.intersection(words)) or words[-1] == "key")


def _names_a_secret(key: str, value: Any, in_data: bool) -> bool:
    """A data key `*_secret` (or `secret`) whose value is a secret's name, not its value."""
    named = key == "secret" or key.endswith("_secret")
    return in_data and named and isinstance(value, str) and bool(_SECRET_NAME.fullmatch(value))


def _problem(doc: YamlDoc, path: PathKey, message: str) -> Problem:
    return Problem(doc.file, doc.line_of(path), message, dotted(path))


class _Scan:
    """One walk over a file's data. Every mapping entry and list item is checked in document
    order; the string checks are pure, so each distinct string is checked once (an inventory
    repeats its keys and many of its values across thousands of hosts)."""

    def __init__(self, doc: YamlDoc, data_depth: int) -> None:
        self.doc = doc
        self.data_depth = data_depth
        self.problems: list[Problem] = []
        self.path: list[str | int] = []
        self.text: dict[str, str | None] = {}
        self.keys: dict[str, str | None] = {}

    def walk(self, value: Any, in_data: bool) -> None:
        path = self.path
        at_data_depth = len(path) == self.data_depth
        if isinstance(value, dict):
            for key, item in value.items():
                path.append(key)
                inside = in_data or (at_data_depth and key == "data")
                if isinstance(key, str):
                    self._entry(key, item, inside)
                elif isinstance(item, str):
                    self._string(item, free_text_problem)
                if isinstance(item, (dict, list)):
                    self.walk(item, inside)
                path.pop()
        elif isinstance(value, list):
            for i, item in enumerate(value):
                path.append(i)
                if isinstance(item, str):
                    self._string(item, free_text_problem)
                elif isinstance(item, (dict, list)):
                    self.walk(item, in_data)
                path.pop()

    def _entry(self, key: str, value: Any, in_data: bool) -> None:
        problem = self.keys.get(key, "")
        if problem == "":
            problem = self.keys[key] = free_text_problem(key)
        if problem:
            self._report(f"key {problem}")
        elif is_credential_key(key) and not _names_a_secret(key, value, in_data):
            self._report(CREDENTIAL_HINT)
        elif isinstance(value, str):
            self._string(value, banner_problem if key == "banner" else free_text_problem)

    def _string(self, value: str, check: Callable[[str], str | None]) -> None:
        if check is free_text_problem:
            problem = self.text.get(value, "")
            if problem == "":
                problem = self.text[value] = check(value)
        else:
            problem = check(value)
        if problem:
            self._report(problem)

    def _report(self, message: str) -> None:
        self.problems.append(_problem(self.doc, tuple(self.path), message))


def scan_document(doc: YamlDoc, data_depth: int) -> list[Problem]:
    """Every problem of one file's strings; `data_depth` is where `data` sits in a path."""
    scan = _Scan(doc, data_depth)
    scan.walk(doc.data, False)
    return scan.problems


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
