"""Which templates a template reaches: the include/import/extends graph from Jinja's own AST.

Plan uses it to find the hosts a template edit affects; the render cache to key each host by
every template its render can read.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import meta


def template_closure(templates_dir: Path) -> dict[str, set[str]]:
    """For each template, every template it reaches through include, import and extends."""
    env = jinja2.Environment()
    direct: dict[str, set[str | None]] = {}

    def references(name: str) -> set[str | None]:
        """What `name` includes, imports or extends (a file of any name: `include "x.txt"`)."""
        if name not in direct:
            path = templates_dir / name
            inside = ".." not in Path(name).parts and not Path(name).is_absolute()
            text = path.read_text(encoding="utf-8") if inside and path.is_file() else ""
            direct[name] = set(meta.find_referenced_templates(env.parse(text)))
        return direct[name]

    for path in templates_dir.rglob("*.j2"):
        references(path.relative_to(templates_dir).as_posix())
    every_file = {p.relative_to(templates_dir).as_posix() for p in templates_dir.rglob("*")}
    closure: dict[str, set[str]] = {}
    for name in list(direct):
        seen: set[str] = set()
        stack = [name]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            refs = references(current)
            if None in refs:  # a computed template name could be anything: the whole folder
                seen |= every_file
            stack.extend(ref for ref in refs if ref is not None)
        closure[name] = seen
    return closure
