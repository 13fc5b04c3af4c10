"""The Jinja environment templates run in: sandboxed, confined to templates/, and guarded.

Templates are code from a merge request, run in CI. So they run in Jinja's
ImmutableSandboxedEnvironment (no `__globals__`, no attribute starting with `_`, no mutation of
data), read only regular files inside the templates folder (`..`, absolute paths and symlinks are
refused), and print through a `finalize` guard: a printed value holding a control character (a
line break included) is refused, whatever the schema let through. A macro's output is the one
printed value that may span lines; every value inside it was itself checked when it was printed.

Free text is printed through `quote`, the one per-platform quoting filter, and banners through
`banner_lines`; both re-check the free-text rule of bluewire.inventory.strings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bluewire.inventory.strings import BANNER_MAX, banner_problem, free_text_problem
from bluewire.project import checked_path

# Characters that make a platform need quotes around free text (Junos: blanks and its syntax
# characters, as `show configuration` quotes; OS10: blanks). IOS and EOS take the rest of the line.
QUOTE_WHEN: dict[str, str] = {
    "junos": " \t;{}[]\"#()'<>|&!",
    "dellos10": " ",
    "ios": "",
    "eos": "",
}


class UnsafeValue(ValueError):
    """A template tried to print a value that could become config syntax."""


class MacroText(str):
    """A macro's output: may span lines, since each value inside it was printed (and checked)."""

    __slots__ = ()


def _visible(text: str) -> str:
    return text.encode("unicode_escape").decode("ascii")[:60]


def finalize(value: Any) -> Any:
    """Refuse a printed value with a control character (Jinja calls this for every `{{ }}`)."""
    if type(value) is str:
        if value.isprintable():
            return value
    elif isinstance(value, MacroText):
        if value.replace("\n", "").isprintable():
            return value
    elif value is None or isinstance(value, (int, float)) or str(value).isprintable():
        return value
    raise UnsafeValue(
        f"refusing to print {_visible(str(value))!r}: it holds a control character or a line "
        "break (data must never become config lines)"
    )


@jinja2.pass_context
def quote(context: jinja2.runtime.Context, value: Any) -> str:
    """Free text as the host's platform needs it: checked, then quoted where the platform must."""
    text = str(value)
    problem = free_text_problem(text, BANNER_MAX)
    if problem:
        raise UnsafeValue(f"free text {_visible(text)!r} {problem}")
    needs = QUOTE_WHEN.get(str(context.get("platform")), "")
    if text == "" or any(c in needs for c in text):
        return f'"{text}"' if needs else text
    return text


def banner_lines(value: Any) -> list[str]:
    """A banner's lines, checked: free text each, and no line that would end the banner early."""
    text = str(value)
    problem = banner_problem(text)
    if problem:
        raise UnsafeValue(f"banner {problem}")
    return text.strip().split("\n")


MAX_VALUE = 1_000_000  # characters or items one `*` may make (a config is far smaller)
MAX_POWER_BITS = 4096  # `**` results above this size are no config value


def check_operation(operator: str, left: Any, right: Any) -> None:
    """Refuse `'x' * 10**9` and `10 ** 10**8`: a template must not exhaust CI's memory or CPU."""
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            size = len(seq) * n if isinstance(seq, (str, list, tuple)) and isinstance(n, int) else 0
            if size > MAX_VALUE:
                raise SecurityError(
                    f"'*' would make a value of {size:,} items (at most {MAX_VALUE:,})"
                )
    powers = operator == "**" and isinstance(left, int) and isinstance(right, int)
    if powers and abs(left) > 1 and right > 0 and abs(left).bit_length() * right > MAX_POWER_BITS:
        raise SecurityError(f"'**' would make a number of more than {MAX_POWER_BITS} bits")


_DICT_ATTRIBUTES = frozenset(dir(dict))
_SAFE_ATTRIBUTES: dict[tuple[type, str], bool] = {}


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with macro outputs marked so `finalize` lets their line breaks through.

    Two fast paths keep rendering near unsandboxed speed, with the same outcome as the checks
    they skip: a data key read as `intf.name` (a dict has no such attribute, so Jinja falls back
    to the item anyway), and a call to a template macro (always safe to call).
    """

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        check_operation(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's answer depends only on the object's type and the name: remember it."""
        key = (type(obj), attr)
        safe = _SAFE_ATTRIBUTES.get(key)
        if safe is None:
            safe = _SAFE_ATTRIBUTES[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) is Macro:
            return MacroText(__context.call(__obj, *args, **kwargs))
        return super().call(__context, __obj, *args, **kwargs)


class ConfinedLoader(jinja2.FileSystemLoader):
    """Templates from one folder only: every path component a real directory or regular file."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*jinja2.loaders.split_template_path(template))
        checked_path(self.folder, path)
        return super().get_source(environment, template)


def make_environment(
    templates_dir: Path, filters: dict[str, Callable[..., Any]]
) -> jinja2.Environment:
    env = Sandbox(
        loader=ConfinedLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=finalize,
    )
    env.filters.update(filters)
    return env
