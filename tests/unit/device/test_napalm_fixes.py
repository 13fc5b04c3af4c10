"""The NAPALM regex work-around: the same filtered config, without a match at every character."""

from __future__ import annotations

import re
from collections.abc import Iterable

import napalm.base.helpers as helpers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bluewire.device import napalm_fixes
from bluewire.device.connect import make_nornir
from bluewire.inventory.load import load_inventory
from bluewire.project import Project

# IOS get_config's header filters (napalm/ios/ios.py), and lines a running config starts with.
IOS_FILTERS = [
    r"^Building configuration.*$",
    r"^Current configuration :.*$",
    r"^! Last configuration change at.*$",
    r"^! NVRAM config last updated at.*$",
]
HEADERS = [
    "Building configuration...",
    "Current configuration : 34512 bytes",
    "! Last configuration change at 10:01:02 UTC Mon Nov 30 2026 by netops",
    "! NVRAM config last updated at 09:00:00 UTC Mon Nov 30 2026",
]
LINES = st.one_of(
    st.sampled_from(HEADERS),
    st.sampled_from(["!", "", "version 17.9", " description Building configuration", "end"]),
    st.text(alphabet=st.characters(codec="ascii", exclude_characters="\r\n"), max_size=40),
)


@given(st.lists(LINES, max_size=40))
def test_the_fixed_pattern_filters_every_config_exactly_as_napalms(lines: list[str]) -> None:
    config = "\n".join(lines)
    theirs = napalm_fixes.NAPALMS(IOS_FILTERS)
    ours = napalm_fixes.generate_regex_or(IOS_FILTERS)
    assert re.sub(ours, "", config, flags=re.M) == re.sub(theirs, "", config, flags=re.M)
    headers = sum(line in HEADERS for line in lines)
    assert len(re.findall(ours, config, flags=re.M)) == headers  # not one per character


@pytest.mark.parametrize("bad", ["a|b", 3, None])
def test_the_same_refusal_of_a_non_list(bad: object) -> None:
    with pytest.raises(ValueError):
        napalm_fixes.NAPALMS(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        napalm_fixes.generate_regex_or(bad)  # type: ignore[arg-type]


def test_connecting_patches_the_helper_the_ios_driver_calls(example_project: Project) -> None:
    import napalm.ios.ios as ios

    inventory = load_inventory(example_project)
    make_nornir(inventory, sorted(inventory.hosts)[:1])
    assert ios.generate_regex_or is napalm_fixes.generate_regex_or
    assert helpers.generate_regex_or(IOS_FILTERS).endswith("$)")
    assert not napalm_fixes.has_empty_alternative_bug()


def test_nothing_is_patched_once_napalm_is_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    def fixed_upstream(filters: Iterable[str]) -> str:
        return "(" + "|".join(filters) + ")"

    monkeypatch.setattr(helpers, "generate_regex_or", fixed_upstream)
    napalm_fixes.fix_napalm()
    assert helpers.generate_regex_or is fixed_upstream
