"""Sanitize configs: device secrets become `%%SECRET%%`, volatile lines go, golden and running compare.

A running config fetched from a device holds encrypted secrets and lines the device rewrites on its
own (timestamps, `ntp clock-period`, certificate blobs, the `file prompt quiet` NAPALM's ios driver
adds). `sanitize()` turns it into text that is safe to store, hash and show, and that compares with
a golden config: golden placeholders `%%SECRET:name%%` reduce to the same `%%SECRET%%`, and
`compare_form()` also drops the encryption-type word before a masked secret (`key 0` in golden,
`key 7` on the device). Rules are data (`sanitize_rules.yaml`).

Line substitutions run through netutils' `sanitize_config` (a list of `{regex, replace}` applied in
multi-line mode), which fits exactly. Its own provided filters do not: they are two IOS `username`
patterns that write `<redacted_config>`, so bluewire passes its own per-platform list. Removing
whole blocks (certificate chains) and normalizing the golden side are outside what netutils does.
netutils runs each rule over the whole text (~40 passes, 25 ms for a 23 KB config, measured): it is
run one line at a time instead, memoised, since a fleet's configs repeat most lines (see `_mask`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml
from netutils.config.clean import sanitize_config
from pydantic import BaseModel, ConfigDict

from bluewire.platforms import profile
from bluewire.secrets import masked

MASK = "%%SECRET%%"
RULES_FILE = Path(__file__).with_name("sanitize_rules.yaml")
_TYPE_BEFORE_MASK = re.compile(r"(?<=\s)(?:\d{1,2}|sha512)\s+(?=\"?%%SECRET%%)")


class NotSecret(BaseModel):
    """A line a secrets rule would mask, known not to be a secret under `parent`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    parent: re.Pattern[str]
    line: re.Pattern[str]


class SanitizeRules(BaseModel):
    """One platform's sanitizer rules (see sanitize_rules.yaml for their meaning)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    secrets: tuple[str, ...] = ()
    volatile: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()
    trailing: tuple[str, ...] = ()
    not_secrets: tuple[NotSecret, ...] = ()

    def filters(self, platform: str) -> list[dict[str, str]]:
        """The secret rules in netutils' filter form."""
        value = f'"{MASK}"' if profile(platform).braces else MASK  # Junos quotes secrets
        subs = [{"regex": r, "replace": rf"\g<1>{value}"} for r in self.secrets]
        return subs + [{"regex": r, "replace": ""} for r in self.trailing]


@functools.cache
def rules_for(platform: str) -> SanitizeRules:
    """The sanitizer rules of `platform` (read once per process)."""
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    if platform not in data or platform.startswith("_"):
        raise ValueError(f"no sanitizer rules for platform {platform!r}")
    return SanitizeRules.model_validate({k: _flat(v) for k, v in data[platform].items()})


def _flat(items: list[object]) -> list[object]:
    """YAML anchors nest a shared list inside a platform's own: flatten one level."""
    return [x for item in items for x in (item if isinstance(item, list) else [item])]


@functools.cache
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.M) if patterns else None


def sanitize(config: str, platform: str) -> str:
    """`config` with every secret masked as `%%SECRET%%` and volatile lines removed.

    Works on a device's running config and on a golden config alike (placeholders are masked), so
    the two hash and display the same way when they agree.
    """
    rules = rules_for(platform)
    unblocked = _drop_blocks(config, _compiled(rules.blocks))
    text = unmask_not_secrets(unblocked, _mask(unblocked, rules, platform), rules)
    volatile = _compiled(rules.volatile)
    lines = text.splitlines()
    kept = [line for line in lines if volatile is None or not volatile.match(line)]
    return masked("\n".join(kept) + ("\n" if kept else ""))


CACHED_LINES = 200_000  # per rule set: far more distinct lines than a fleet of 1,000 has


@functools.cache
def _line_cache(rules: SanitizeRules, platform: str) -> dict[str, str]:
    """Sanitized pieces by text, for one platform's rules (keyed by the rules themselves)."""
    return {}


@functools.cache
def _filters(rules: SanitizeRules, platform: str) -> list[dict[str, str]]:
    return rules.filters(platform)


def _mask(text: str, rules: SanitizeRules, platform: str) -> str:
    """netutils' `sanitize_config` with the platform's filters, byte for byte, in a fraction of the time.

    Each rule matches within one config line, apart from leading whitespace that may reach back
    over blank lines; so the text is cut into pieces (blank lines plus the line after them), each
    piece is sanitized alone, which is exactly what the whole-text pass does to it, and memoised.
    tests/unit/test_sanitize_lines.py checks the equality with the whole-text pass.
    """
    cache, filters = _line_cache(rules, platform), _filters(rules, platform)
    if len(cache) > CACHED_LINES:
        cache.clear()
    out: list[str] = []
    blank: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            blank.append(line)
            continue
        piece = "\n".join([*blank, line]) if blank else line
        blank.clear()
        done = cache.get(piece)
        if done is None:
            done = cache[piece] = sanitize_config(piece, filters)
        out.append(done)
    if blank:
        out.append(sanitize_config("\n".join(blank), filters))
    return "\n".join(out)


def unmask_not_secrets(before: str, after: str, rules: SanitizeRules) -> str:
    """`after` (masked `before`) with the lines of `rules.not_secrets` given back their text.

    The parent of a line is the last line before it that starts in column 0. Only masked lines
    are looked at (found with `str.find`, a few per config), so the common case costs two splits.
    Masking keeps the line count; if it ever did not, nothing is given back (a false mask is
    safer than a leak).
    """
    if not rules.not_secrets or MASK not in after:
        return after
    old, new = before.split("\n"), after.split("\n")
    if len(old) != len(new):
        return after
    changed = False
    for i in _masked_lines(after):
        if _not_secret(old, i, rules.not_secrets):
            new[i], changed = old[i], True
    return "\n".join(new) if changed else after


def _masked_lines(text: str) -> Iterator[int]:
    """Indexes of the lines of `text` that hold a mask, each once, in order."""
    line, last, pos = 0, 0, text.find(MASK)
    while pos != -1:
        line += text.count("\n", last, pos)
        yield line
        last = text.find("\n", pos)
        if last == -1:
            return
        pos = text.find(MASK, last)


def _not_secret(lines: list[str], i: int, rules: tuple[NotSecret, ...]) -> bool:
    line = lines[i]
    if line[:1].strip():
        return False
    matching = [n for n in rules if n.line.match(line)]
    if not matching:
        return False
    parent = next((lines[j] for j in range(i - 1, -1, -1) if lines[j][:1].strip()), "")
    return any(n.parent.match(parent) for n in matching)


_DIFF_MARK = re.compile(r"^[-+]")


def sanitize_diff(text: str, platform: str) -> str:
    """Device-originated text that is not a whole config (the device's own diff, evidence lines):
    every line's secrets masked by the same rules, with its diff marker (`-`, `+`) set aside so
    the rules still see the command. No line is dropped or moved, so the text still reads.
    """
    rules = rules_for(platform)
    lines = text.split("\n")
    marks = [line[:1] if _DIFF_MARK.match(line) else "" for line in lines]
    bodies = "\n".join(line[len(mark) :] for line, mark in zip(lines, marks, strict=True))
    masked_lines = masked(sanitize_config(bodies, rules.filters(platform))).split("\n")
    return "\n".join(mark + body for mark, body in zip(marks, masked_lines, strict=True))


def _drop_blocks(config: str, opener: re.Pattern[str] | None) -> str:
    """Remove each block `opener` matches: its line and every following more-indented line."""
    if opener is None or opener.search(config) is None:
        return config
    out: list[str] = []
    depth: int | None = None
    for line in config.splitlines():
        indent = len(line) - len(line.lstrip())
        if depth is not None and (indent > depth or not line.strip()):
            continue
        depth = None
        if opener.match(line):
            depth = indent
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def compare_form(line: str) -> str:
    """The form of one config line the diff engine compares: secrets anonymous, no type word.

    `key 0 %%SECRET:k%%` (golden) and `key 7 %%SECRET%%` (device) compare equal; lines without a
    secret are returned unchanged (the fast path: most lines).
    """
    if "%%SECRET" not in line:
        return line
    return _TYPE_BEFORE_MASK.sub("", masked(line))


def leaked(text: str, values: Iterable[str]) -> list[str]:
    """The secret values (from `SecretStore.known_values()` or canaries) that occur in `text`."""
    return sorted({v for v in values if v and v in text})
