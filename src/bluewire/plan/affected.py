"""Which hosts a change touches, from `git diff REF` of the working tree.

A host entry or a group/defaults key: compare the resolved data of both inventory versions.
A template: Jinja's AST gives the include/import/extends graph, so a partial plans every host
whose role template reaches it. A golden config: that host.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import git

from bluewire.errors import BluewireError
from bluewire.inventory.load import FILES, load_inventory
from bluewire.inventory.model import Inventory, InventoryHost
from bluewire.project import Project
from bluewire.render import template_name
from bluewire.template_graph import template_closure


def _missing_ref(repo: git.Repo, ref: str) -> str:
    """Why `ref` is not there, with the fix: CI clones are shallow unless told otherwise."""
    shallow = Path(repo.git_dir, "shallow").is_file()
    hint = (
        "this clone is shallow: set GIT_DEPTH: 0 on the job (or `git fetch --unshallow`, or "
        "fetch the merge request's base commit) so the base is present"
        if shallow
        else "fetch it first (e.g. `git fetch origin <target branch>`), or check the name"
    )
    return f"--changed-since {ref}: no such commit in this clone; {hint}"


def changed_files(project: Project, ref: str) -> list[str]:
    """Paths (relative to the repository) that differ between `ref` and the working tree."""
    try:
        repo = git.Repo(project.root, search_parent_directories=True)
        repo.commit(ref)
    except git.InvalidGitRepositoryError:
        raise BluewireError(
            f"--changed-since {ref}: {project.root} is not in a git repository"
        ) from None
    except (git.BadName, ValueError):
        raise BluewireError(_missing_ref(repo, ref)) from None
    names = set(repo.git.diff("--name-only", ref, "--", ".").splitlines())
    names.update(repo.untracked_files)
    prefix = Path(project.root).resolve().relative_to(Path(repo.working_tree_dir or ".").resolve())
    out = []
    for name in sorted(names):
        path = Path(name)
        if prefix.parts and path.parts[: len(prefix.parts)] == prefix.parts:
            path = path.relative_to(prefix)
        out.append(path.as_posix())
    return out


def _old_inventory(project: Project, ref: str) -> Inventory | None:
    repo = git.Repo(project.root, search_parent_directories=True)
    rel = project.inventory_dir.resolve().relative_to(Path(repo.working_tree_dir or ".").resolve())
    with tempfile.TemporaryDirectory() as tmp:
        old = Project(Path(tmp))
        old.inventory_dir.mkdir()
        for name in FILES:
            try:
                text = repo.git.show(f"{ref}:{(rel / name).as_posix()}")
            except git.GitCommandError:
                continue
            (old.inventory_dir / name).write_text(text + "\n", encoding="utf-8")
        if not (old.inventory_dir / "hosts.yaml").exists():
            return None
        return load_inventory(old, use_cache=False)


def affected_hosts(project: Project, ref: str, inventory: Inventory) -> list[str]:
    """The hosts whose intended config may differ from `ref` to the working tree."""
    files = changed_files(project, ref)
    hosts: set[str] = set()
    if any(f in {f"inventory/{n}" for n in FILES} for f in files):
        hosts |= _inventory_changes(project, ref, inventory)
    changed_templates = {f.removeprefix("templates/") for f in files if f.startswith("templates/")}
    if changed_templates:
        closure = template_closure(project.templates_dir)
        for host in inventory.hosts.values():
            if (
                host.role is not None
                and closure.get(template_name(host), {template_name(host)}) & changed_templates
            ):
                hosts.add(host.name)
    for f in files:
        if f.startswith("golden_configs/") and f.endswith(".cfg"):
            name = Path(f).stem
            if name in inventory.hosts:
                hosts.add(name)
    return sorted(hosts)


def _inventory_changes(project: Project, ref: str, inventory: Inventory) -> set[str]:
    try:
        old = _old_inventory(project, ref)
    except BluewireError:
        old = None
    if old is None:  # no (valid) inventory at ref: everything is new
        return set(inventory.hosts)
    changed = set()
    for name, host in inventory.hosts.items():
        before = old.hosts.get(name)
        if before is None or _identity(before) != _identity(host):
            changed.add(name)
    return changed


def _identity(host: InventoryHost) -> tuple[object, ...]:
    """Everything about a host that can change its config or how bluewire reaches it."""
    return (host.data, host.platform, host.hostname, host.port, host.username, host.groups)
