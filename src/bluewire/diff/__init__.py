"""The platform-aware config diff: remediation, rollback and a readable diff of two configs.

Pure functions on config text (or `Config` values, whose parsed tree is reused); both sides are
parsed with `bluewire.config.value.trees_of` (Junos in brace or `set` format, either side). Inputs are
expected sanitized (`bluewire.sanitize.sanitize` on the running config); golden configs may keep
their `%%SECRET:name%%` placeholders: lines compare through `sanitize.compare_form`, so a
placeholder equals the device's masked secret, and remediation keeps the placeholder names for
the push path to substitute.

    remediation(running, golden, platform) -> list[str]   commands taking running to golden
    rollback(running, golden, platform)    -> list[str]   commands taking golden back to running
    diff_text(running, golden, platform)   -> str         unified-style diff of the two trees

Platform behaviour (negation form, idempotent commands, ordering weights, sectional exits, ACLs
by sequence number, Junos `set`/`delete`, neighbors a `remote-as` change re-creates, physical
ports that are reset instead of deleted) is data in `bluewire.diff.platforms`.
"""

from __future__ import annotations

from bluewire.config.model import gc_paused
from bluewire.config.value import Config, trees_of
from bluewire.diff import engine, junos, ports, text
from bluewire.diff.platforms import RULES, rules_for
from bluewire.diff.rules import PlatformRules

__all__ = ["RULES", "PlatformRules", "diff_text", "remediation", "rollback", "rules_for"]


def remediation(running: str | Config, golden: str | Config, platform: str) -> list[str]:
    """Commands that take the device from `running` to `golden`, in the order the device needs.

    Indentation platforms: config-mode lines, indented by section, with sectional exits; Junos:
    `delete` then `set` lines. An empty list means the configs agree.
    """
    return _commands(running, golden, rules_for(platform))


def rollback(running: str | Config, golden: str | Config, platform: str) -> list[str]:
    """Commands that take the device from `golden` back to `running` (remediation reversed)."""
    return _commands(golden, running, rules_for(platform))


def _commands(source: str | Config, target: str | Config, rules: PlatformRules) -> list[str]:
    src, dst = trees_of(source, target, rules.platform)
    with gc_paused():  # the command tree, like the config trees, holds no cycles
        if rules.style == "set":
            return junos.set_commands(src, dst, rules)
        return engine.render(engine.diff_tree(src, dst, rules), rules)


def diff_text(running: str | Config, golden: str | Config, platform: str) -> str:
    """A unified-style diff of the two trees (`-` running only, `+` golden only, ` ` context)."""
    rules = rules_for(platform)
    src, dst = trees_of(running, golden, platform)
    dst = ports.complete(src, dst, rules)
    lines = text.tree_diff(src, dst, rules)
    if not lines:
        return ""
    return "\n".join(["--- running", "+++ intended", *lines]) + "\n"
