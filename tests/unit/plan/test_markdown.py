"""The MR comment: what a reviewer reads first, what is bold, what is said once, what comes next."""

from __future__ import annotations

import re
from pathlib import Path

from bluewire.plan.markdown import NOTE_MARKER, NoteContext, content_key, to_markdown
from bluewire.plan.model import HostPlan, Plan, Risk
from bluewire.plan.summary import riskiest_first, shared_changes
from bluewire.project import Project
from tests.conftest import commit_all, git
from tests.unit.report import pages


def _table_hosts(text: str) -> list[str]:
    return re.findall(r"^\| ([\w-]+) \| (?:ios|eos|junos|dellos10) \|", text, re.M)


def test_hosts_riskiest_first_and_only_real_risks_in_bold() -> None:
    plan = Plan(
        commit="a" * 40,
        hosts={
            "a-small": HostPlan(platform="ios", remediation=["x"], diff="+x"),
            "b-pair": HostPlan(platform="ios", remediation=["y"], diff="+y", risks=[Risk.HA_PAIR]),
            "c-lock": HostPlan(platform="ios", remediation=["z"], diff="+z", risks=[Risk.MGMT_LOCKOUT]),
            "d-down": HostPlan(platform="eos", error="unreachable"),
        },
    ).sealed()  # fmt: skip
    text = to_markdown(plan)
    assert _table_hosts(text) == ["d-down", "c-lock", "b-pair", "a-small"]
    assert "**management-plane-lockout**" in text
    assert "both-ha-members" in text and "**both-ha-members**" not in text
    assert [n for n, _ in riskiest_first(plan)] == ["d-down", "c-lock", "b-pair", "a-small"]


def test_identical_changes_are_said_once_and_rollback_and_next_steps_are_there() -> None:
    text = to_markdown(pages.plan())
    assert text.startswith(NOTE_MARKER)
    shared = text[text.index("#### Changes shared") : text.index("<details>")]
    assert shared.count("no username temp-vendor privilege 15") == 1
    assert "on **6 ios hosts**" in shared
    assert (
        "6 hosts with the same change" not in text
    )  # their interfaces differ: blocks of their own
    assert "Rollback (undoes the remediation)" in text and "access-class MGMT in" in text
    assert "#### Next steps" in text and "bluewire apply --plan plan.json" in text
    assert text.index("| host |") < text.index("#### Changes shared") < text.index("<details>")


def test_hosts_with_the_same_whole_change_share_one_block() -> None:
    same = HostPlan(platform="ios", remediation=["no ip http server"], diff="-ip http server\n")
    plan = Plan(commit="a" * 40, hosts={f"sw{i}": same for i in range(5)}).sealed()
    text = to_markdown(plan)
    assert text.count("```diff") == 1 and "5 hosts with the same change" in text
    assert shared_changes(plan)[0].hosts == tuple(f"sw{i}" for i in range(5))


def test_stale_behind_and_dirty_plans_are_flagged_first() -> None:
    plan = pages.plan().model_copy(update={"dirty": True})
    text = to_markdown(plan, NoteContext(head_commit="d" * 40, target_branch="main", behind=4))
    warnings = text[: text.index("| host |")]
    assert "**stale**" in warnings and "dddddddddddd" in warnings
    assert "**behind target**" in warnings and "`main` has 4 commit(s)" in warnings
    assert "uncommitted changes" in warnings and "could not be planned" in warnings
    clean = to_markdown(pages.plan(), NoteContext(head_commit="c" * 40, behind=0))
    assert ":warning: **" not in clean


def test_the_note_key_follows_the_change_not_the_commit() -> None:
    plan = pages.plan()
    assert content_key(plan) == content_key(plan.model_copy(update={"commit": "e" * 40}))
    host = plan.hosts["core-1"].model_copy(update={"remediation": ["other"]})
    changed = plan.model_copy(update={"hosts": {**plan.hosts, "core-1": host}})
    assert content_key(changed) != content_key(plan)


def test_commits_behind_counts_the_target_branch_commits_head_lacks(tmp_path: Path) -> None:
    from bluewire.plan.git_info import commits_behind

    (tmp_path / "f").write_text("1")
    commit_all(tmp_path, "base")
    git(tmp_path, "branch", "-M", "main")
    git(tmp_path, "checkout", "-qb", "feature")
    git(tmp_path, "checkout", "-q", "main")
    for n in range(3):
        (tmp_path / "f").write_text(str(n))
        commit_all(tmp_path, f"main {n}")
    git(tmp_path, "checkout", "-q", "feature")
    project = Project(tmp_path)
    assert commits_behind(project, "main") == 3
    assert commits_behind(project, "no-such-branch") is None
