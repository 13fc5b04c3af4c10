"""Approval: the request as a whole, then each host against windows, emergency groups and OS10."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bluewire.apply.approval import (
    HostFacts,
    Request,
    check_request,
    ci_refusal,
    host_refusal,
    open_at,
)
from bluewire.apply.policy import ChangePolicy, Window
from bluewire.errors import BluewireError

CHICAGO = ZoneInfo("America/Chicago")


def policy(**extra: object) -> ChangePolicy:
    data: dict[str, object] = {
        "change_id": r"CHG\d{7}",
        "timezone": "America/Chicago",
        "windows": [
            {
                "name": "central",
                "groups": ["region-central"],
                "times": [{"days": ["sun"], "start": "02:00", "end": "05:00"}],
            },
            {
                "name": "dispatch",
                "groups": ["site-dispatch"],
                "times": [{"days": ["wed"], "start": "23:00", "end": "01:00"}],
            },
        ],
        "emergency_groups": ["site-dispatch"],
    }
    return ChangePolicy.model_validate({**data, **extra})


OK = Request(change_id="CHG0001234")
EMERGENCY = Request(change_id="CHG0001234", emergency=True, reason="core link flapping")
HQ = HostFacts("hq-core-1", "ios", ["ios", "site-hq", "region-central"])
DISPATCH = HostFacts("disp-core-1", "ios", ["ios", "site-dispatch", "region-central"])
OS10 = HostFacts("d1-access-1", "dellos10", ["dellos10", "region-central"])
NOWHERE = HostFacts("lab-1", "eos", ["eos"])

# 2026-11-29 is a Sunday; 2026-12-02 a Wednesday (local time in Chicago).
SUN_0300 = dt.datetime(2026, 11, 29, 3, 0, tzinfo=CHICAGO)
SUN_0500 = dt.datetime(2026, 11, 29, 5, 0, tzinfo=CHICAGO)
SUN_0159 = dt.datetime(2026, 11, 29, 1, 59, tzinfo=CHICAGO)
MON_0300 = dt.datetime(2026, 11, 30, 3, 0, tzinfo=CHICAGO)


# ------------------------------------------------------------------ the request


@pytest.mark.parametrize(
    ("request_", "fragment"),
    [
        (Request(change_id=None), "--change-id is required"),
        (Request(change_id=""), "--change-id is required"),
        (Request(change_id="CHG123"), "does not match the policy's pattern"),
        (Request(change_id="CHG00012345"), "does not match"),  # fullmatch, not search
        (Request(change_id="xCHG0001234"), "does not match"),
        (Request(change_id="CHG0001234\nrollback 1"), "letters, digits"),
        (Request(change_id="CHG 0001234"), "letters, digits"),
        (Request(change_id="CHG0001234", emergency=True), "--emergency needs --reason"),
        (Request(change_id="CHG0001234", emergency=True, reason="  "), "--emergency needs"),
        (Request(change_id="CHG0001234", reason="why"), "only meaningful with --emergency"),
        (Request(change_id="CHG0001234", emergency=True, reason="a\nb"), "control characters"),
        (Request(change_id="CHG0001234", emergency=True, reason="x" * 501), "at most 500"),
    ],
)
def test_bad_requests_stop_the_run(request_: Request, fragment: str) -> None:
    with pytest.raises(BluewireError, match=fragment.replace("-", r"\-")):
        check_request(policy(), request_)


def _refusal(policy_: ChangePolicy, request_: Request) -> str | None:
    try:
        check_request(policy_, request_)
    except BluewireError as exc:
        return str(exc)
    return None


def test_good_requests_pass() -> None:
    longest = Request("CHG0001234", emergency=True, reason="x" * 500)
    assert [_refusal(policy(), r) for r in (OK, EMERGENCY, longest)] == [None, None, None]


def test_a_permissive_pattern_still_cannot_smuggle_characters() -> None:
    loose = policy(change_id=".*")
    check_request(loose, Request("anything-1.2_3"))
    with pytest.raises(BluewireError, match="letters"):
        check_request(loose, Request('CHG"; rollback'))


# ------------------------------------------------------------------ CI


@pytest.mark.parametrize(
    ("env", "refused"),
    [
        ({}, False),
        ({"CI": "true", "CI_COMMIT_REF_PROTECTED": "true"}, False),
        ({"GITLAB_CI": "true", "CI_COMMIT_REF_PROTECTED": "true"}, False),
        ({"CI": "true", "CI_COMMIT_REF_PROTECTED": "false"}, True),
        ({"GITLAB_CI": "true"}, True),
        ({"CI": "false", "CI_COMMIT_REF_PROTECTED": "false"}, False),
    ],
)
def test_ci_requires_a_protected_ref(env: dict[str, str], refused: bool) -> None:
    assert (ci_refusal(env) is not None) is refused


def test_ci_refusal_names_the_ref() -> None:
    text = ci_refusal({"CI": "true", "CI_COMMIT_REF_NAME": "feature/x"})
    assert text is not None and "feature/x is not protected" in text


# ------------------------------------------------------------------ windows


def test_inside_the_window_is_allowed() -> None:
    assert host_refusal(policy(), HQ, OK, SUN_0300) is None


@pytest.mark.parametrize("now", [SUN_0500, SUN_0159, MON_0300])
def test_outside_the_window_is_refused_naming_the_window(now: dt.datetime) -> None:
    why = host_refusal(policy(), HQ, OK, now)
    assert why is not None
    assert "outside the maintenance window" in why
    assert "'central' sun 02:00-05:00 America/Chicago" in why


def test_window_is_read_in_the_policy_zone_not_the_callers() -> None:
    utc_0900 = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)  # 03:00 in Chicago
    assert host_refusal(policy(), HQ, OK, utc_0900) is None
    utc_0300 = dt.datetime(2026, 11, 29, 3, 0, tzinfo=dt.UTC)  # Sat 21:00 in Chicago
    assert host_refusal(policy(), HQ, OK, utc_0300) is not None


def test_emergency_overrides_the_window() -> None:
    assert host_refusal(policy(), HQ, EMERGENCY, MON_0300) is None


def test_host_without_window_is_refused_unless_emergency() -> None:
    why = host_refusal(policy(), NOWHERE, OK, SUN_0300)
    assert why is not None and "no maintenance window" in why
    assert host_refusal(policy(), NOWHERE, EMERGENCY, SUN_0300) is None


def test_emergency_groups_always_need_the_emergency_flag() -> None:
    wed_2330 = dt.datetime(2026, 12, 2, 23, 30, tzinfo=CHICAGO)  # inside dispatch's own window
    why = host_refusal(policy(), DISPATCH, OK, wed_2330)
    assert why is not None and "site-dispatch always needs --emergency" in why
    assert host_refusal(policy(), DISPATCH, EMERGENCY, wed_2330) is None
    relaxed = policy(emergency_groups=[])
    assert host_refusal(relaxed, DISPATCH, OK, wed_2330) is None


def test_os10_needs_explicit_consent_to_reload_revert() -> None:
    why = host_refusal(policy(), OS10, OK, SUN_0300)
    assert why is not None and "reload in N" in why and "--allow-reload-revert" in why
    consent = Request("CHG0001234", allow_reload_revert=True)
    assert host_refusal(policy(), OS10, consent, SUN_0300) is None
    assert host_refusal(policy(os10_reload_revert=True), OS10, OK, SUN_0300) is None
    # an emergency does not imply consent to reboot a switch
    assert host_refusal(policy(), OS10, EMERGENCY, SUN_0300) is not None


def test_consent_to_reload_does_not_open_the_window() -> None:
    consent = Request("CHG0001234", allow_reload_revert=True)
    assert host_refusal(policy(), OS10, consent, MON_0300) is not None


def _window(days: list[str], start: str, end: str) -> Window:
    return Window.model_validate(
        {"name": "w", "groups": ["g"], "times": [{"days": days, "start": start, "end": end}]}
    )


@pytest.mark.parametrize(
    ("weekday_date", "clock", "inside"),
    [
        (2, "22:59", False),  # wed before start
        (2, "23:00", True),  # wed at start
        (2, "23:59", True),
        (3, "00:00", True),  # thu after midnight: still wednesday's window
        (3, "00:59", True),
        (3, "01:00", False),  # end is exclusive
        (3, "23:30", False),  # thursday's own evening is not in the window
        (2, "00:30", False),  # wednesday early morning belongs to tuesday's (absent) window
    ],
)
def test_window_past_midnight(weekday_date: int, clock: str, inside: bool) -> None:
    hour, minute = map(int, clock.split(":"))
    local = dt.datetime(2026, 12, weekday_date, hour, minute, tzinfo=CHICAGO)
    assert open_at(_window(["wed"], "23:00", "01:00"), local) is inside


@pytest.mark.parametrize(("clock", "inside"), [("00:00", True), ("12:00", True), ("23:59", True)])
def test_whole_day_window(clock: str, inside: bool) -> None:
    hour, minute = map(int, clock.split(":"))
    local = dt.datetime(2026, 11, 29, hour, minute, tzinfo=CHICAGO)
    assert open_at(_window(["sun"], "00:00", "24:00"), local) is inside
    assert open_at(_window(["mon"], "00:00", "24:00"), local) is False


def test_any_range_of_a_window_opens_it() -> None:
    window = Window.model_validate(
        {
            "name": "w",
            "groups": ["g"],
            "times": [
                {"days": ["mon"], "start": "01:00", "end": "02:00"},
                {"days": ["sun"], "start": "02:00", "end": "04:00"},
            ],
        }
    )
    assert open_at(window, SUN_0300)
    assert not open_at(window, SUN_0500)
