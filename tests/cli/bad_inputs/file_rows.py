"""Files that are not what their names promise: pipes, folders, links, garbage in a golden config.

A pipe named like an input blocked `check` forever; a binary or folder golden config, or a
`golden_configs` file, made `check` and `render` crash (exit 3).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.bad_inputs import (
    DEFAULTS,
    GROUPS,
    HOSTS,
    POLICY,
    Case,
    Edit,
    link,
    pipe,
    remove,
    write,
)

GOLDEN = "golden_configs/hq-core-1.cfg"
T = "templates/ios/access.j2"


def golden_dir_a_file(root: Path) -> None:
    shutil.rmtree(root / "golden_configs")
    (root / "golden_configs").write_text("x\n", encoding="utf-8")


def golden_folder() -> Edit:
    def edit(root: Path) -> None:
        (root / GOLDEN).mkdir()

    return edit


PIPES = [
    Case("groups-a-pipe", (pipe(GROUPS),), where=GROUPS, says="not a regular file", max_s=10),
    Case("defaults-a-pipe", (pipe(DEFAULTS),), where=DEFAULTS, says="not a regular file", max_s=10),
    Case("policy-a-pipe", (pipe(POLICY),), where=POLICY, says="not a regular file", max_s=10),
    Case("golden-a-pipe", (pipe(GOLDEN),), where=GOLDEN, says="not a regular file", max_s=10),
    Case(
        "golden-a-pipe-render",
        (pipe(GOLDEN),),
        argv=("render",),
        where=GOLDEN,
        says="not a regular file",
        max_s=10,
    ),
    Case("template-a-pipe", (pipe(T),), where=T, max_s=10),
    Case("hosts-a-pipe", (pipe(HOSTS),), says="not inside a bluewire project", max_s=10),
]

GOLDEN_ROWS = [
    Case(
        "golden-binary",
        (write(GOLDEN, b"hostname hq-core-1\n\xff\xfe\x00 #!\n"),),
        where=GOLDEN,
        says="UTF-8",
    ),
    Case(
        "golden-binary-render-check",
        (write(GOLDEN, b"hostname hq-core-1\n\xff\xfe\x00 #!\n"),),
        argv=("render", "--check"),
        where=GOLDEN,
        says="UTF-8",
    ),
    Case("golden-a-folder", (remove(GOLDEN), golden_folder()), where=GOLDEN, says="folder"),
    Case(
        "golden-a-folder-render",
        (remove(GOLDEN), golden_folder()),
        argv=("render",),
        where=GOLDEN,
        says="folder",
    ),
    Case(
        "golden-dir-a-file",
        (golden_dir_a_file,),
        where="golden_configs",
        says="is a file",
    ),
]

LINKS = [
    Case("groups-link-outside", link(GROUPS, "/etc/hostname"), where=GROUPS, says="link"),
    Case("golden-link-outside", link(GOLDEN, "/etc/hostname"), where=GOLDEN, says="link"),
    Case(
        "golden-link-render",
        link(GOLDEN, "/etc/hostname"),
        argv=("render",),
        where=GOLDEN,
        says="link",
    ),
    Case("groups-link-dangling", link(GROUPS, "/nonexistent/groups.yaml"), where=GROUPS),
    Case("groups-link-loop", link(GROUPS, "groups.yaml"), where=GROUPS),
    Case("template-link-outside", link(T, "/etc/hostname"), where=T, says="link"),
    Case("policy-link-inside", link(POLICY, "{root}/inventory/groups.yaml"), where=POLICY),
]

ROWS = PIPES + GOLDEN_ROWS + LINKS
