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
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir)))
    direct: dict[str, set[str | None]] = {}
    for path in templates_dir.rglob("*.j2"):
        name = path.relative_to(templates_dir).as_posix()
        ast = env.parse(path.read_text(encoding="utf-8"))
        direct[name] = set(meta.find_referenced_templates(ast))
    closure: dict[str, set[str]] = {}
    for name in direct:
        seen: set[str] = set()
        stack = [name]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for ref in direct.get(current, set()):
                # a computed template name could be anything: depend on the whole folder
                stack.extend(direct if ref is None else [ref])
        closure[name] = seen
    return closure
