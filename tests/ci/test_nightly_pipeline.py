"""The scheduled drift pipeline really runs under gitlab-ci-local: 3 shard jobs against the lab,
their backups pushed to one branch, a merge job publishing the report and calling the hook."""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.ci.test_gitlab_pipeline import GITLAB_CI_LOCAL, VENV, pipeline_repo  # noqa: F401
from tests.conftest import git

pytestmark = pytest.mark.ci


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[bytes]]]:
    """A Teams/Slack stand-in on 127.0.0.1 that keeps what is POSTed to it."""
    received: list[bytes] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()


def test_nightly_pipeline_shards_merges_backs_up_and_notifies(
    pipeline_repo: Path,  # noqa: F811
    webhook: tuple[str, list[bytes]],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    remote = tmp_path_factory.mktemp("remote") / "backups.git"
    git(remote.parent, "init", "-q", "--bare", str(remote))
    url, received = webhook
    variables = [
        f"BLUEWIRE_VENV={VENV}",
        "CI_PIPELINE_SOURCE=schedule",
        "BLUEWIRE_DRIFT_TARGET=lab",
        "BLUEWIRE_LAB_SEED=brownfield",  # devices changed by hand: drift to find
        f"BLUEWIRE_BACKUP_PUSH_URL={remote}",
        f"BLUEWIRE_DRIFT_WEBHOOK={url}",
    ]
    flags = [arg for v in variables for arg in ("--variable", v)]
    # GitLab gives each job its own checkout; gitlab-ci-local's shell executor runs every job in
    # this one folder, where the shards' labs (one per project) would meet: one job at a time.
    result = subprocess.run(
        [str(GITLAB_CI_LOCAL), "--shell-executor-no-image=true", "--concurrency", "1", *flags],
        cwd=pipeline_repo,
        capture_output=True,
        text=True,
        timeout=900,
    )
    log = result.stdout[-4000:] + result.stderr[-2000:]
    assert result.returncode == 0, log
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)  # no terminal colours
    verdicts = re.findall(r"^ (?:PASS|WARN|FAIL) +(\S+(?: \[\d/\d\])?)", plain, re.M)
    jobs = sorted(set(verdicts) - {"Avoid"})  # gitlab-ci-local warns about CI_PIPELINE_SOURCE
    assert jobs == ["drift-report", "drift: [1/3]", "drift: [2/3]", "drift: [3/3]"], log

    found = sorted(str(f.relative_to(pipeline_repo)) for f in pipeline_repo.rglob("drift*.json"))
    assert (pipeline_repo / "drift.json").is_file(), (found, plain[-3000:])
    report = json.loads((pipeline_repo / "drift.json").read_text())
    assert report["shard"] == "" and len(report["hosts"]) == 24
    statuses = {h: v["status"] for h, v in report["hosts"].items()}
    assert "drifted" in statuses.values()
    assert all(v["error"] is None for v in report["hosts"].values())
    html = (pipeline_repo / "drift.html").read_text()
    drifted = next(h for h, s in statuses.items() if s == "drifted")
    assert html.startswith("<!doctype html>") and f"<b>{drifted}</b> <span" in html

    files = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "backups"],
        cwd=remote,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert len(files) == 24 and f"configs/{drifted}.cfg" in files
    commits = subprocess.run(
        ["git", "rev-list", "--count", "backups"], cwd=remote, capture_output=True, text=True
    )
    assert commits.stdout.strip() == "3"  # one per shard, none conflicting

    assert len(received) == 1
    text = json.loads(received[0])["text"]
    assert text.startswith("drift: 24 host(s):") and "drifted" in text
