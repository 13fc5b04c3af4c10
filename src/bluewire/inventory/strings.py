"""Typed strings: what inventory data may contain before a template prints it.

A merge-request author controls inventory data, so data must never become config syntax. Every
string a template can print is one of three kinds:

- an identifier (host, interface, zone, VLAN, policy names...): a strict pattern per kind, so it is
  one token on every platform;
- free text (descriptions, locations, banners): printable ASCII only (no control character, no
  Unicode line or paragraph separator, no bidi or zero-width character) and none of the characters
  that are config syntax on some platform; templates print it through the per-platform `quote`
  filter (bluewire.render) and a banner never holds a platform's banner delimiter;
- an address: parsed by `ipaddress` in the schema.

Keys bluewire does not define get the free-text rule (validate.check_strings walks every string of
every inventory file). The checks here are shared by the schema, that walk and the render filters,
so one rule gives one message wherever it is broken.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field

# `"` cannot be escaped on OS10, `\` escapes on Junos, `;` `{` `}` end or open a Junos statement,
# `^` is the IOS banner delimiter (`^C`). Free text is printable ASCII without these.
SYNTAX_CHARACTERS = '"\\;{}^'
FREE_TEXT_MAX = 240
BANNER_MAX = 2000
# EOS ends `banner login` at a line `EOF`; IOS at the delimiter `^C`.
BANNER_END_LINES = frozenset({"EOF"})
_FREE_TEXT = re.compile(r"[ !#-:<-\[\]_-z|~]*")  # printable ASCII minus SYNTAX_CHARACTERS
_PLACEHOLDER = re.compile(r"%%\s*secret", re.IGNORECASE)


def _describe(char: str) -> str:
    if char == "\n":
        return "a line break"
    if char == "\r":
        return "a carriage return"
    if char in SYNTAX_CHARACTERS:
        return f"{char!r}, which is config syntax on some platform"
    category = unicodedata.category(char)
    what = {
        "Cc": "control character",
        "Cf": "invisible format character",
        "Zl": "line separator",
        "Zp": "paragraph separator",
    }.get(category, "non-ASCII character")
    return f"{what} U+{ord(char):04X}"


def dotted(path: tuple[object, ...]) -> str:
    """A location in a file as `a.b.0.c`, with any unprintable character in a key escaped (an
    error message must not itself break lines)."""
    text = ".".join(str(p) for p in path)
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def free_text_problem(value: str, max_length: int = FREE_TEXT_MAX) -> str | None:
    """Why `value` is not safe free text, or None when it is."""
    if _PLACEHOLDER.search(value):
        return "holds '%%SECRET': secret placeholders come only from secret() in templates"
    if _FREE_TEXT.fullmatch(value) is None:
        bad = next(c for c in value if _FREE_TEXT.fullmatch(c) is None)
        return (
            f"contains {_describe(bad)}; free text is one line of printable ASCII "
            f"without {' '.join(SYNTAX_CHARACTERS)}"
        )
    if len(value) > max_length:
        return f"is {len(value)} characters long (at most {max_length})"
    return None


def banner_problem(value: str) -> str | None:
    """Why `value` cannot be a login banner (lines of free text, no banner delimiter)."""
    if len(value) > BANNER_MAX:
        return f"is {len(value)} characters long (at most {BANNER_MAX})"
    for number, line in enumerate(value.split("\n"), 1):
        problem = free_text_problem(line, BANNER_MAX)
        if problem is None and line.strip().upper() in BANNER_END_LINES:
            problem = f"is {line.strip()!r}, which ends a banner on EOS"
        if problem is not None:
            return f"line {number} of the banner {problem}"
    return None


def check_free_text(value: str) -> str:
    problem = free_text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def check_banner(value: str) -> str:
    problem = banner_problem(value)
    if problem:
        raise ValueError(problem)
    return value


FreeText = Annotated[str, AfterValidator(check_free_text)]
BannerText = Annotated[str, Field(min_length=20), AfterValidator(check_banner)]


class IdentifierKind:
    """One kind of identifier: a name for messages and the pattern every value must match."""

    def __init__(self, name: str, pattern: str, example: str) -> None:
        self.name = name
        self.pattern = re.compile(pattern)
        self.example = example

    def problem(self, value: str) -> str | None:
        if self.pattern.fullmatch(value):
            return None
        return f"{value!r} is not a valid {self.name} (for example {self.example})"

    def check(self, value: str) -> str:
        problem = self.problem(value)
        if problem:
            raise ValueError(problem)
        return value


_NUMBER_OR_RANGE = r"(?:\d{1,5}|\[\d{1,5}-\d{1,5}\])"
# Cisco `hostname`: starts with a letter, ends with a letter or digit, letters, digits and
# hyphens inside, at most 63 characters (the RFC 1035 label rule); Junos and OS10 accept it too.
HOST = IdentifierKind(
    "host name", r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?", "'hq-core-1': a device hostname"
)
DNS_NAME = IdentifierKind(
    "DNS name",
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*",
    "'pd.city.example'",
)
INTERFACE = IdentifierKind(
    "interface name",
    rf"[A-Za-z][A-Za-z0-9-]{{0,47}}?{_NUMBER_OR_RANGE}?(?:[/:.]{_NUMBER_OR_RANGE}){{0,4}}",
    "'GigabitEthernet1/0/[1-48]', 'ge-0/0/0', 'Port-Channel10'",
)
NAME = IdentifierKind(
    "name", r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}", "'HQ-USERS', 'trust-to-dmz', 'MGMT'"
)
USER = IdentifierKind("user name", r"[A-Za-z_][A-Za-z0-9_.-]{0,31}", "'breakglass'")
ROLE = IdentifierKind("role (a template name)", r"[a-z][a-z0-9_-]{0,31}", "'access'")
TOKEN = IdentifierKind("keyword", r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}", "'sha2-256', 'junos-https'")
VERSION = IdentifierKind("version", r"[A-Za-z0-9][A-Za-z0-9._()-]{0,31}", "'17.9.4a'")
MODEL = IdentifierKind("model", r"[A-Za-z0-9][A-Za-z0-9._/+-]{0,39}", "'C9300-48P'")
SPEED = IdentifierKind("speed", r"[A-Za-z0-9-]{1,16}(?: [A-Za-z0-9-]{1,16})?", "'auto', '10g'")
TIMEZONE = IdentifierKind(
    "time zone", r"[A-Za-z][A-Za-z0-9_+-]{0,31}(?:/[A-Za-z0-9_+-]{1,31}){0,2}", "'PST'"
)


MAX_RANGE = 1024
_RANGE = re.compile(r"\[(\d+)-(\d+)\]")


def check_interface(value: str) -> str:
    """An interface name, or a range of them (`Gi1/0/[1-48]`): one range, first <= last."""
    INTERFACE.check(value)
    ranges = _RANGE.findall(value)
    if len(ranges) > 1:
        raise ValueError(f"{value!r}: at most one [first-last] range per interface name")
    if ranges and not int(ranges[0][0]) <= int(ranges[0][1]) <= int(ranges[0][0]) + MAX_RANGE:
        raise ValueError(f"{value!r}: the range must go up, by at most {MAX_RANGE}")
    return value


def check_address(value: str) -> str:
    """A device's management address: an IP address or a DNS name.

    A name whose last label is all digits (`999.1.1.1`, `10.1.1`) is no DNS name (RFC 1123
    2.1: a top-level domain is not numeric), and C resolvers read `10.1.1` as 10.1.0.1.
    """
    try:
        ipaddress.ip_address(value)
    except ValueError:
        numeric = value.rpartition(".")[2].isdigit()
        if numeric or DNS_NAME.problem(value) is not None:
            raise ValueError(f"{value!r} is neither an IP address nor a DNS name") from None
    return value


HostName = Annotated[str, AfterValidator(HOST.check)]
DeviceAddress = Annotated[str, AfterValidator(check_address)]
DnsName = Annotated[str, AfterValidator(DNS_NAME.check)]
InterfaceName = Annotated[str, AfterValidator(check_interface)]
Name = Annotated[str, AfterValidator(NAME.check)]
UserName = Annotated[str, AfterValidator(USER.check)]
Role = Annotated[str, AfterValidator(ROLE.check)]
Token = Annotated[str, AfterValidator(TOKEN.check)]
Version = Annotated[str, AfterValidator(VERSION.check)]
Model = Annotated[str, AfterValidator(MODEL.check)]
Speed = Annotated[str, AfterValidator(SPEED.check)]
TimeZone = Annotated[str, AfterValidator(TIMEZONE.check)]
