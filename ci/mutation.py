"""`make mutation`: mutmut on the modules whose tests carry bluewire's promises, one at a time.

    python ci/mutation.py [MODULE ...]     run each module's mutants, then print the scores
    python ci/mutation.py --score [MODULE ...]   print the scores of the last runs only

Modules are run one after the other (each run re-tests every mutant of that module), so a run
on a shared machine uses at most MUTATION_JOBS cores (default 2). What mutmut mutates and which
tests it runs is configured under [tool.mutmut] in pyproject.toml. The score of a module is the
share of its mutants some test detects (killed, timed out or crashed); a mutant no test reaches
counts as surviving.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = str(Path(sys.executable).with_name("mutmut"))
# name -> the mutant names (fnmatch) of the module
MODULES = {
    "sanitize": "bluewire.sanitize.*",
    "secrets": "bluewire.secrets.*",
    "diff": "bluewire.diff.*",
    "risk": "bluewire.plan.risk.*",
    "validate": "bluewire.inventory.validate.*",
    "apply": "bluewire.apply.*",
}
DETECTED = {"killed", "timeout", "segfault", "caught by type check"}
_RESULT = re.compile(r"^\s*(?P<name>\S+): (?P<status>.+)$")


def run(module: str) -> None:
    jobs = os.environ.get("MUTATION_JOBS", "2")
    cmd = [MUTMUT, "run", "--max-children", jobs, MODULES[module]]
    print("$", " ".join(cmd[1:]).replace(MUTMUT, "mutmut"), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def statuses() -> dict[str, str]:
    out = subprocess.run(
        [MUTMUT, "results", "--all", "true"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return {m["name"]: m["status"] for m in map(_RESULT.match, out.splitlines()) if m}


def scores(modules: list[str]) -> list[str]:
    found = statuses()
    lines = ["| module | mutants | detected | survived | score |", "|---|---:|---:|---:|---:|"]
    for module in modules:
        prefix = MODULES[module].removesuffix("*")
        counts = Counter(s for n, s in found.items() if n.startswith(prefix))
        total = sum(counts.values()) - counts["not checked"]
        detected = sum(counts[s] for s in DETECTED)
        score = f"{100 * detected / total:.1f} %" if total else "not run"
        lines.append(f"| {module} | {total} | {detected} | {total - detected} | {score} |")
    return lines


def main(argv: list[str]) -> int:
    score_only = "--score" in argv
    modules = [a for a in argv if a != "--score"] or list(MODULES)
    unknown = sorted(set(modules) - set(MODULES))
    if unknown:
        print(f"unknown module(s) {', '.join(unknown)}; known: {', '.join(MODULES)}")
        return 1
    if not score_only:
        for module in modules:
            run(module)
    print("\n".join(scores(modules)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
