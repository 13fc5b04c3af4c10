"""The test suite itself: every test can fail, none can turn a regression into a skip, and golden
files are never rewritten by a pipeline.

A test without an assertion passes whatever the code does; an assertion of a constant or of an
expression compared with itself can never fail; a skip reports a broken template or a missing tool
as "skipped" (CI installs every tool, so a missing one is a defect too). The scans below read the
tests' syntax trees, so they hold for tests written later.
"""

from __future__ import annotations

import ast
import functools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

TESTS = REPO / "tests"


@functools.cache
def _modules() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for path in sorted(TESTS.rglob("*.py"))
    ]


def _tests(module: ast.Module) -> Iterator[ast.FunctionDef]:
    """Module-level `test*` functions and `test*` methods of classes (pytest's collection)."""
    for node in module.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            yield node
        if isinstance(node, ast.ClassDef):
            yield from (
                f for f in node.body if isinstance(f, ast.FunctionDef) and f.name.startswith("test")
            )


def _name(call: ast.Call) -> str:
    return ast.unparse(call.func)


def _checks_something(node: ast.AST) -> bool:
    """An `assert`, `pytest.raises`/`warns`/`fail`, or a call of an `assert_*` helper."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assert):
            return True
        if isinstance(sub, ast.Call):
            name = _name(sub).rsplit(".", 1)[-1]
            if name in ("raises", "warns", "fail") or name.startswith("assert_"):
                return True
    return False


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(REPO)}:{getattr(node, 'lineno', 0)}"


def test_every_test_checks_something() -> None:
    missing = [
        f"{_where(path, fn)}: {fn.name}"
        for path, module in _modules()
        for fn in _tests(module)
        if not _checks_something(fn)
    ]
    assert missing == [], "tests that pass whatever the code does (no assert):\n" + "\n".join(
        missing
    )


def _always_true(test: ast.expr) -> bool:
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.JoinedStr)):
        return True  # a non-empty literal (`assert (x, "why")` is the classic slip)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return any(_always_true(v) for v in test.values)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        # `f(x) == f(x)` too: a deterministic f always agrees with itself in one process; a
        # determinism check compares with a value obtained another way (pinned, another process).
        same = ast.dump(test.left) == ast.dump(test.comparators[0])
        return same and isinstance(test.ops[0], (ast.Eq, ast.Is, ast.GtE, ast.LtE))
    return False


def test_no_assertion_is_always_true() -> None:
    found = [
        f"{_where(path, node)}: assert {ast.unparse(node.test)}"
        for path, module in _modules()
        for node in ast.walk(module)
        if isinstance(node, ast.Assert) and _always_true(node.test)
    ]
    assert found == [], "assertions that cannot fail:\n" + "\n".join(found)


SKIPS = ("pytest.skip", "pytest.importorskip", "pytest.mark.skip", "pytest.mark.skipif")


def _skips(module: ast.Module) -> Iterator[ast.AST]:
    for node in ast.walk(module):
        if isinstance(node, ast.Attribute) and ast.unparse(node) in SKIPS:
            yield node
        elif isinstance(node, ast.Call) and _name(node) == "pytest.mark.xfail":
            strict = [k for k in node.keywords if k.arg == "strict"]
            if not strict or not (
                isinstance(strict[0].value, ast.Constant) and strict[0].value.value is True
            ):
                yield node  # a non-strict xfail passes whether or not the bug is fixed


def test_no_test_can_skip_itself() -> None:
    found = sorted(
        {
            f"{_where(path, node)}: {ast.unparse(node)}"
            for path, m in _modules()
            for node in _skips(m)
        }
    )
    assert found == [], (
        "skips turn a regression (or a tool CI should have installed) into a pass; "
        "fail instead:\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("def test_a():\n    f()\n", True),
        ("def test_a():\n    assert f()\n", False),
        ("def test_a():\n    with pytest.raises(E):\n        f()\n", False),
        ("def test_a():\n    assert_round_trip(x)\n", False),
        ("class TestX:\n    def test_a(self):\n        f()\n", True),
        ("def helper():\n    f()\n", False),
    ],
)
def test_the_assertion_scan_sees_what_it_must(source: str, flagged: bool) -> None:
    module = ast.parse(source)
    assert any(not _checks_something(fn) for fn in _tests(module)) is flagged


@pytest.mark.parametrize(
    ("expr", "flagged"),
    [
        ("True", True),
        ("(x, 'why')", True),
        ("f'{x}'", True),
        ("x == x", True),
        ("x.y >= x.y", True),
        ("x or 1", True),
        ("f(x) == f(x)", True),
        ("f(x) != f(x)", False),
        ("x == y", False),
        ("x", False),
        ("None", False),
        ("not x", False),
    ],
)
def test_the_always_true_scan_sees_what_it_must(expr: str, flagged: bool) -> None:
    assert _always_true(ast.parse(expr, mode="eval").body) is flagged


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("pytest.skip('x')", True),
        ("@pytest.mark.skipif(c, reason='r')\ndef test_a(): pass", True),
        ("@pytest.mark.skip\ndef test_a(): pass", True),
        ("pytest.importorskip('m')", True),
        ("@pytest.mark.xfail(reason='r')\ndef test_a(): pass", True),
        ("@pytest.mark.xfail(strict=True, reason='r')\ndef test_a(): pass", False),
        ("pytest.fail('x')", False),
    ],
)
def test_the_skip_scan_sees_what_it_must(source: str, flagged: bool) -> None:
    assert any(True for _ in _skips(ast.parse(source))) is flagged


def test_update_golden_is_refused_when_ci_is_set() -> None:
    """A pipeline that passed `--update-golden` would rewrite the golden files and pass."""
    env = {**os.environ, "CI": "true"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--update-golden", "-q", "-p", "no:cacheprovider",
         "tests/unit/diff/test_golden_fixtures.py::test_every_platform_has_a_fixture"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == pytest.ExitCode.USAGE_ERROR, proc.stdout + proc.stderr
    assert "refused because CI is set" in proc.stderr
