"""The OS10 driver's prompt pattern: what netmiko waits for after every command."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from napalm_bluewire_dellos10.driver import _PROMPT

PROMPT = re.compile(_PROMPT)
# The plain form of the pattern (slow on long output: netmiko searches all of it after every
# read); the driver's must find exactly what this finds.
PLAIN = re.compile(r"[\w.-]+(\([\w/.:-]+\))?#\s*$")


def test_the_prompts_of_each_mode_end_a_command_output() -> None:
    for prompt in (
        "OS10#",
        "OS10(config)# ",
        "d3-access-1(conf-if-eth1/1/1)#",
        "sw.lab-2(config-router-bgp-65001)#  ",
        "OS10(conf-if-vl-10)#\n",
        "OS10(conf-range-eth1/1/1-1/1/4)#",
    ):
        found = PROMPT.search(f"show running-configuration\n! Version 10.5\n{prompt}")
        assert found is not None and found.group(0).strip() == prompt.strip(), prompt


def test_a_hash_inside_the_output_is_not_the_prompt() -> None:
    for text in (" description uplink#1 to core\n", "OS10# show version\nOS10 Enterprise", "abc"):
        assert PROMPT.search(text) is None, text


@given(st.text(alphabet="ab-.(/:)# \n1", max_size=60))
def test_it_finds_what_the_plain_pattern_finds(text: str) -> None:
    ours, plain = PROMPT.search(text), PLAIN.search(text)
    assert (ours is None) == (plain is None)
    if ours is not None and plain is not None:
        assert ours.group(0) == plain.group(0)
