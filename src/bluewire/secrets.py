"""Secrets: templates name them, golden configs hold placeholders, values appear only at push time.

A placeholder is `%%SECRET:<name>%%`. It is plain ASCII with no spaces or braces, so it survives every
platform's config grammar (quoted or not) and is unmistakable in a diff. The diff engine compares a
placeholder with whatever the device shows in the same position (its encrypted form, which the
sanitizer masks as `%%SECRET%%`), so secret values never need to leave the push path.
"""

from __future__ import annotations

import os
import re
import secrets as random_tokens
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from bluewire.errors import SecretError

PLACEHOLDER = re.compile(r"%%SECRET(?::(?P<name>[a-z][a-z0-9_]*))?%%")
ENV_PREFIX = "BLUEWIRE_SECRET_"
FILE_ENV = "BLUEWIRE_SECRETS_FILE"


def placeholder(name: str) -> str:
    """The stable text a golden config holds where secret `name` goes."""
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise SecretError(f"secret name {name!r}: use lower-case letters, digits and _")
    return f"%%SECRET:{name}%%"


# Environment variables that may hold a credential: withheld from the render step.
CREDENTIAL_VARIABLE = re.compile(
    r"SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|(?:^|_)KEY(?:$|_)", re.IGNORECASE
)


@contextmanager
def withheld_environment() -> Iterator[None]:
    """Run a block (rendering: template code from a merge request) with every credential-like
    variable removed from os.environ, render worker processes included; restored afterwards for
    the push step, which reads them once templates are done."""
    taken = {k: os.environ.pop(k) for k in list(os.environ) if CREDENTIAL_VARIABLE.search(k)}
    try:
        yield
    finally:
        os.environ.update(taken)


def credential_values(environ: dict[str, str] | None = None) -> list[str]:
    """Values of every credential-like environment variable (device passwords, tokens, keys):
    what error messages and crash logs mask when no SecretStore is loaded."""
    env = os.environ if environ is None else environ
    return [v for k, v in env.items() if CREDENTIAL_VARIABLE.search(k) and v]


class RenderedConfig(str):
    """A config as bluewire's renderer produced it: each `%%SECRET:name%%` in it is the output of
    a secret() call (see `seal`). Only such text, or commands taken from it, get secret values."""

    __slots__ = ()


def new_nonce() -> str:
    return random_tokens.token_hex(8)


def marker_maker(nonce: str) -> Callable[[str], str]:
    """The template's secret(): a placeholder carrying the renderer's nonce until `seal`."""

    def secret(name: str) -> str:
        return placeholder(name).replace("%%SECRET:", f"%%SECRET-{nonce}:", 1)

    return secret


_ANY_PLACEHOLDER = re.compile(r"%%\s*secret", re.IGNORECASE)


def seal(text: str, nonce: str) -> RenderedConfig:
    """Rendered text with its nonce markers made stable placeholders.

    Any other `%%SECRET` text (typed into a template, or smuggled through data past the schema)
    is refused: substituting it at push time would write a secret where the reviewer saw none.
    """
    marker = f"%%SECRET-{nonce}:"
    if len(_ANY_PLACEHOLDER.findall(text)) != text.count(marker):
        for number, line in enumerate(text.splitlines(), 1):
            if len(_ANY_PLACEHOLDER.findall(line)) != line.count(marker):
                raise SecretError(
                    f"rendered line {number} holds '%%SECRET' text that no secret() call produced"
                )
    return RenderedConfig(text.replace(marker, "%%SECRET:"))


def names_in(config: str) -> set[str]:
    """Names of the secrets a rendered config refers to."""
    return {m["name"] for m in PLACEHOLDER.finditer(config) if m["name"]}


# A secret shorter than this cannot be told apart from ordinary text (`10` is also `vlan 10`),
# so it is refused; value masking ignores anything shorter.
MIN_SECRET_LENGTH = 8
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # C0, DEL, C1, Unicode line breaks


def mask_values(text: str, values: Iterable[str]) -> str:
    """`text` with every known secret value replaced by `%%SECRET%%` (longest first, so a value
    containing another is masked whole).

    A last resort for free text that cannot hold config (error messages, logs): configs and
    diffs are masked by position, by the sanitizer, never by value.
    """
    for value in sorted(values, key=len, reverse=True):
        if len(value) >= MIN_SECRET_LENGTH:
            text = text.replace(value, "%%SECRET%%")
    return text


def masked(config: str) -> str:
    """Placeholders reduced to the anonymous form the sanitizer gives device secrets."""
    return PLACEHOLDER.sub("%%SECRET%%", config)


def _check_derived(derived: str, source: RenderedConfig) -> None:
    lines = {line.strip() for line in source.splitlines() if "%%SECRET" in line}
    for line in derived.splitlines():
        if "%%SECRET" in line and line.strip() not in lines:
            raise SecretError(
                f"refusing to put secrets into {line.strip()!r}: not a line of the rendered config"
            )


def read_secrets_file(path: Path) -> dict[str, str]:
    """A YAML mapping of secret names to string values, mode 600. Every way it can be wrong is
    bad input (SecretError, exit 1), and no message quotes the file's content."""
    if not path.is_file():
        what = "is a directory" if path.is_dir() else "does not exist"
        raise SecretError(f"{path}: the secrets file ({FILE_ENV}) {what}")
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretError(f"{path}: secrets file is readable by others; chmod 600 it")
    try:
        data = yaml.safe_load(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretError(
            f"{path}: cannot read the secrets file as UTF-8 text ({type(exc).__name__})"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise SecretError(f"{path}: malformed YAML{where} (content not shown)") from None
    if not isinstance(data, dict):
        raise SecretError(f"{path}: expected a mapping of secret names to values")
    bad = sorted(
        str(k) for k, v in data.items() if not isinstance(k, str) or not isinstance(v, str)
    )
    if bad:
        raise SecretError(
            f"{path}: {', '.join(bad)}: each value must be a quoted string "
            "(YAML turns 0123 into a number and changes the secret)"
        )
    return dict(data)


def check_values(values: dict[str, str], where: str) -> None:
    """Refuse secrets too short to stay secret in reports (see MIN_SECRET_LENGTH), and secrets
    holding control characters: a line break in a value put into `ntp authentication-key 1
    md5 VALUE` would add a config line of its own (names only in the message, never values)."""
    short = sorted(name for name, value in values.items() if len(value) < MIN_SECRET_LENGTH)
    if short:
        raise SecretError(
            f"{where}: {', '.join(short)}: shorter than {MIN_SECRET_LENGTH} characters; such a "
            "value cannot be told apart from ordinary config text (an NTP key `10` is also "
            "`vlan 10`), so bluewire refuses it: use a longer secret"
        )
    control = sorted(name for name, value in values.items() if CONTROL.search(value))
    if control:
        raise SecretError(
            f"{where}: {', '.join(control)}: holds a line break or another control character; "
            "a secret must be one line of printable text (it is put into a config line)"
        )


class SecretStore:
    """Secret values from BLUEWIRE_SECRET_<NAME> variables, then the secrets file (outside the repo)."""

    def __init__(
        self,
        repo_root: Path | None = None,
        environ: dict[str, str] | None = None,
        *,
        lab: bool = False,
    ) -> None:
        self._env = dict(os.environ if environ is None else environ)
        self._file_values = self._read_file(repo_root)
        self._lab = lab
        env_values = {k: v for k, v in self._env.items() if k.startswith(ENV_PREFIX) and v}
        check_values(env_values, "environment")

    def _read_file(self, repo_root: Path | None) -> dict[str, str]:
        path_text = self._env.get(FILE_ENV)
        if not path_text:
            return {}
        path = Path(path_text).expanduser().resolve()
        if repo_root is not None and path.is_relative_to(repo_root.resolve()):
            raise SecretError(f"{path}: the secrets file must live outside the repository")
        values = read_secrets_file(path)
        check_values(values, str(path))
        return values

    def value(self, name: str) -> str | None:
        """The secret's value; in the lab (booted from golden configs) the placeholder itself."""
        found = self._env.get(ENV_PREFIX + name.upper()) or self._file_values.get(name)
        if found is None and self._lab:
            return placeholder(name)
        return found

    def substitute(self, config: RenderedConfig, derived: str | None = None) -> str:
        """The rendered `config` (or commands `derived` from it) with every placeholder replaced
        by its value; all missing names in one error.

        Only text the renderer sealed is substituted, and in derived text only lines that are
        lines of `config`, so a placeholder can only ever come from a template's secret().
        """
        if not isinstance(config, RenderedConfig):
            raise SecretError("refusing to put secrets into text bluewire did not render")
        if derived is not None:
            _check_derived(derived, config)
            config = RenderedConfig(derived)
        missing = sorted(n for n in names_in(config) if self.value(n) is None)
        if missing:
            hint = ", ".join(ENV_PREFIX + n.upper() for n in missing)
            raise SecretError(
                f"no value for secret(s) {', '.join(missing)}: set {hint} or {FILE_ENV}"
            )
        return PLACEHOLDER.sub(lambda m: self.value(m["name"]) or m.group(0), config)

    def known_values(self) -> list[str]:
        """Every secret value in reach, for output leak checks."""
        env_values = [v for k, v in self._env.items() if k.startswith(ENV_PREFIX) and v]
        return sorted({*env_values, *self._file_values.values()})
