"""The sanitizer masks line by line (memoised) exactly as netutils' whole-text pass would.

The reference below is the sanitizer as it was before: netutils' `sanitize_config` run over the
whole text with the platform's filters. Any input, from real golden configs to lines built from
the words the rules look for, with blank lines, tabs, carriage returns and `$`-hashes at line
starts, must give the same bytes.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from netutils.config.clean import sanitize_config

from bluewire import sanitize as san
from bluewire.secrets import masked
from tests.conftest import REPO
from tests.unit.test_sanitize import DEVICE
from tests.unit.test_sanitize_classes import CASES

PLATFORMS = ["ios", "eos", "dellos10", "junos"]


def reference(config: str, platform: str) -> str:
    """sanitize() with netutils over the whole text (blocks, then secrets, then volatile lines)."""
    rules = san.rules_for(platform)
    text = san._drop_blocks(config, san._compiled(rules.blocks))
    text = san.unmask_not_secrets(text, sanitize_config(text, rules.filters(platform)), rules)
    volatile = san._compiled(rules.volatile)
    kept = [line for line in text.splitlines() if volatile is None or not volatile.match(line)]
    return masked("\n".join(kept) + ("\n" if kept else ""))


def _corpus() -> list[str]:
    lines = {
        line
        for path in sorted((REPO / "golden_configs").glob("*.cfg"))
        for line in path.read_text(encoding="utf-8").splitlines()
    }
    lines |= {line for text in DEVICE.values() for line in text.splitlines()}
    lines |= {line for text in CASES.values() for line in text.splitlines()}
    return sorted(lines)


CORPUS = _corpus()
WORDS = [
    "key",
    "key-string",
    "7",
    "0",
    "9",
    "sha512",
    "secret",
    "password",
    "enable",
    "username",
    "snmp-server",
    "community",
    "host",
    "version",
    "2c",
    "tacacs-server",
    "radius-server",
    "server-key",
    "passphrase",
    "authentication",
    "ipsec",
    "spi",
    "256",
    "md5",
    "sha1",
    "esp",
    "aes-cbc",
    "encryption",
    "neighbor",
    "192.0.2.1",
    "set",
    "system",
    "encrypted-password",
    "pre-shared-key",
    "ascii-text",
    "value",
    "trap-group",
    "chain",
    "text",
    "$9$abc",
    "$1$s$h",
    '"$9$q"',
    '"x"',
    ";",
    "{",
    "}",
    "##",
    "SECRET-DATA",
    "ntp",
    "authentication-key",
]
BLANK = st.sampled_from(["", " ", "  ", "\t", "\r", " \t ", "\x0b", "\u2028"])
MADE = st.builds(
    lambda lead, words, tail: lead + " ".join(words) + tail,
    st.sampled_from(["", " ", "  ", "\t", "    "]),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=8),
    st.sampled_from(["", " ", "\r", ";", " ## SECRET-DATA", "\t"]),
)
LINES = st.lists(st.one_of(st.sampled_from(CORPUS), MADE, BLANK), max_size=40)


@given(lines=LINES, platform=st.sampled_from(PLATFORMS), end=st.sampled_from(["", "\n", "\n\n"]))
def test_line_by_line_equals_the_whole_text_pass(lines: list[str], platform: str, end: str) -> None:
    text = "\n".join(lines) + end
    assert san.sanitize(text, platform) == reference(text, platform)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_known_config_is_sanitized_as_before(platform: str) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "golden_configs").glob("*.cfg"))]
    texts += [DEVICE[platform]] if platform in DEVICE else []
    texts += list(CASES.values())
    for text in texts:
        assert san.sanitize(text, platform) == reference(text, platform)
        assert san.sanitize(text, platform) == reference(text, platform)  # memoised: same again


def test_a_blank_line_travels_with_the_line_after_it() -> None:
    # `^\s+key` reaches back over the blank line in a whole-text pass: the line pass agrees
    text = "interface Vlan1\n\nkey 7 0822455D0A16\nkey 7 0822455D0A16\n"
    assert san.sanitize(text, "ios") == reference(text, "ios")
    assert san.sanitize(text, "ios").count("%%SECRET%%") == 1
