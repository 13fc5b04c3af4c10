"""Backups: sanitized text, one file per host; volatile lines never commit; no secret on the branch."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from bluewire import gitrepo
from bluewire.drift.backup import backup_files, backup_path, backup_title
from bluewire.drift.shard import Shard
from bluewire.plan.build import redact
from tests.conftest import REPO, commit_all

HOSTS = {"hq-core-1": "ios", "dc-leaf-1": "eos", "edge-fw-1": "junos", "d3-access-1": "dellos10"}
CANARY = "Cnry7f3aZ"


def device_text(host: str, night: int) -> str:
    """The golden config as the device shows it: real secret values, a night's volatile lines."""
    text = (REPO / "golden_configs" / f"{host}.cfg").read_text()
    text = re.sub(r"%%SECRET:(\w+)%%", lambda m: f"{CANARY}{m[1]}", text)
    stamp = f"0{night}:1{night}:0{night} UTC Mon Nov {night + 1} 2026"
    if HOSTS[host] == "junos":
        return f"## Last commit: 2026-11-0{night + 1} 0{night}:00:00 UTC by netops\n{text}"
    volatile = [
        "Building configuration...",
        f"Current configuration : {18000 + night} bytes",
        f"! Last configuration change at {stamp} by netops",
        f"! NVRAM config last updated at {stamp}",
        f"ntp clock-period {36028797018963968 + night}",
        f"crypto pki certificate chain TP-self-signed-{night}",
        f" certificate self-signed 0{night}",
        f"  3082024E 30820137 A0030201 0202010{night} 300D0609",
        "  \tquit",
    ]
    return "\n".join(volatile) + "\n" + text


def night(root: Path, number: int, edit: dict[str, str] | None = None) -> str | None:
    running = {}
    for host, platform in HOSTS.items():
        raw = device_text(host, number) + (edit or {}).get(host, "")
        running[host] = redact(raw, platform)
    done = gitrepo.commit_files(
        root, "backups", backup_files(running), title=backup_title("0" * 40, None)
    )
    return done.sha


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "README").write_text("x\n")
    commit_all(tmp_path)
    return tmp_path


def test_volatile_lines_never_commit_and_changes_do(repo: Path) -> None:
    first = night(repo, 1)
    assert first is not None
    assert gitrepo.list_files(repo, "backups") == sorted(backup_path(h) for h in HOSTS)
    for later in (2, 3, 4):
        assert night(repo, later) is None
    change = {"dc-leaf-1": "interface Ethernet9\n   description changed by hand\n"}
    second = night(repo, 5, change)
    assert second is not None
    shown = subprocess.run(
        ["git", "show", "--format=%s", second], cwd=repo, capture_output=True, text=True
    ).stdout
    assert shown.startswith("backup running configs (drift at 000000000000): 1 files (1 modified")
    assert "+interface Ethernet9\n+   description changed by hand" in shown
    assert "configs/dc-leaf-1.cfg" in shown and "hq-core-1" not in shown


def test_no_secret_on_the_branch(repo: Path) -> None:
    night(repo, 1)
    night(repo, 2, {"hq-core-1": f"snmp-server community {CANARY}x RO\n"})
    objects = subprocess.run(
        ["git", "rev-list", "--objects", "backups"], cwd=repo, capture_output=True, text=True
    ).stdout.split()
    blobs = [
        subprocess.run(["git", "cat-file", "-p", sha], cwd=repo, capture_output=True).stdout
        for sha in objects
        if len(sha) == 40
    ]
    assert len(blobs) > len(HOSTS)
    assert not [b for b in blobs if CANARY.encode() in b]
    text = gitrepo.read_file(repo, "backups", backup_path("hq-core-1")) or ""
    assert "snmp-server community %%SECRET%% RO" in text


def test_title_names_commit_and_shard() -> None:
    assert backup_title("a" * 40, Shard(2, 3)) == (
        "backup running configs (drift at aaaaaaaaaaaa shard 2/3)"
    )
