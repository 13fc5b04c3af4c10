"""The bad-input table: every row is one broken input, and bluewire answers each the same way.

Exit code as promised (1 for bad input, usage errors included), the message points at the file
(and, where the row marks it, the line), no Python traceback on stdout or stderr, no input file
(inventory, templates, golden configs) changed, and a bad input fails fast. Rows live in
tests/cli/bad_inputs/.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from bluewire.cli.main import main
from tests.cli.bad_inputs import Case, marked_line
from tests.cli.bad_inputs.apply_rows import ROWS as APPLY_ROWS
from tests.cli.bad_inputs.data_rows import ROWS as DATA_ROWS
from tests.cli.bad_inputs.file_rows import ROWS as FILE_ROWS
from tests.cli.bad_inputs.inventory_rows import ROWS as INVENTORY_ROWS
from tests.cli.bad_inputs.other_rows import ROWS as OTHER_ROWS
from tests.conftest import REPO

ROWS = INVENTORY_ROWS + DATA_ROWS + FILE_ROWS + OTHER_ROWS + APPLY_ROWS


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _inputs(root: Path) -> dict[str, str]:
    """What bluewire reads (inventory, templates, golden configs): a bad input changes none."""
    return {
        f"{name}/{rel}": digest
        for name in ("inventory", "templates", "golden_configs")
        if (root / name).is_dir()
        for rel, digest in _snapshot(root / name).items()
    }


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "net"
    for folder in ("inventory", "templates", "golden_configs"):
        shutil.copytree(REPO / folder, root / folder)
    return root


class Hung(Exception):
    """The command was still running long after its bound (e.g. blocked reading a pipe)."""


def _hung(signum: int, frame: object) -> None:
    raise Hung


def _run(root: Path, case: Case) -> int:
    argv = [a.replace("{root}", str(root)) for a in case.argv]
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.setitimer(signal.ITIMER_REAL, case.max_s + 30)  # a hang fails the row, not the suite
    try:
        return main(["--project", str(root), *argv])
    except SystemExit as exc:  # argparse's --help/--version only; errors must return
        return exc.code if isinstance(exc.code, int) else -1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_rows_are_unique() -> None:
    ids = [c.id for c in ROWS]
    assert len(ids) == len(set(ids)) and len(ids) >= 100


@pytest.mark.parametrize("case", ROWS, ids=[c.id for c in ROWS])
def test_bad_input(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    for edit in case.edits:
        edit(root)
    inputs = _inputs(root)
    monkeypatch.chdir(root)
    for name in ("BLUEWIRE_LAB", "CI", "GITLAB_CI", "BLUEWIRE_SECRETS_FILE"):
        monkeypatch.delenv(name, raising=False)
    for key, value in case.env.items():
        monkeypatch.setenv(key, value.replace("{root}", str(root)))
    # CPU, not wall time: a guard must stop the work (an alias bomb, a recursive include) early,
    # and on a loaded machine (2 cores, several test runs) wall time says more about the others.
    start = time.process_time()
    code = _run(root, case)
    elapsed = time.process_time() - start
    out, err = capsys.readouterr()
    both = out + err
    assert code == case.code, both[-3000:]
    assert "Traceback" not in both
    assert elapsed < case.max_s, f"took {elapsed:.1f} s"
    if case.where:
        line = marked_line(root, case.where)
        pattern = re.escape(case.where) + (f":{line}\\b" if line else r"\b")
        assert re.search(pattern, both), f"no {pattern} in:\n{both[-3000:]}"
    if case.says:
        assert case.says.lower() in both.lower(), both[-3000:]
    assert _inputs(root) == inputs, "an input file was written"
    for rel in case.absent:
        assert not (root / rel).exists(), rel
