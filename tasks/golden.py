"""Nornir task for users of `napalm_configure`: push a host's golden config with its secrets.

Golden configs hold `%%SECRET:name%%` placeholders; pushing them as they are would set literal
placeholder passwords. `configure_golden` renders the host again (only text bluewire renders
may receive secret values), refuses when that differs from the committed golden config, puts
the values in (BLUEWIRE_SECRET_<NAME> or BLUEWIRE_SECRETS_FILE; in the lab the placeholders
themselves) and hands the result to nornir_napalm's `napalm_configure`. The values never
appear in the Result: its `diff` is the device's diff with known secret values masked.

    from bluewire.tasks.golden import configure_golden
    result = nr.run(task=configure_golden, dry_run=True)
"""

from __future__ import annotations

from pathlib import Path

from nornir.core.task import Result, Task
from nornir_napalm.plugins.tasks import napalm_configure

from bluewire.errors import BluewireError
from bluewire.project import find_project_root
from bluewire.render import Renderer
from bluewire.secrets import SecretStore, mask_values
from bluewire.tasks.render import render_config


def configure_golden(
    task: Task,
    *,
    dry_run: bool = True,
    replace: bool = True,
    revert_in: int | None = None,
    lab: bool = False,
    project_dir: str | None = None,
) -> Result:
    """napalm_configure with the host's golden config, secrets substituted (dry run by default)."""
    project = find_project_root(Path(project_dir) if project_dir else None)
    renderer = Renderer(project.templates_dir, project.relative(project.templates_dir))
    rendered = task.run(task=render_config, renderer=renderer).result
    golden = project.golden_path(task.host.name)
    if not golden.is_file() or project.read_text(golden) != rendered:
        raise BluewireError(
            f"{project.relative(golden)} is missing or stale: run `bluewire render` and commit"
        )
    store = SecretStore(project.root, lab=lab)
    pushed = task.run(
        task=napalm_configure,
        configuration=store.substitute(rendered),
        replace=replace,
        dry_run=dry_run,
        revert_in=revert_in,
    )
    values = store.known_values()
    for sub in pushed:  # the subtask's own Result is printed by print_result too
        sub.diff = mask_values(sub.diff or "", values)
    return Result(host=task.host, diff=pushed[0].diff, changed=pushed.changed)
