"""Secrets: placeholders in golden configs, values only at push time, never in outputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bluewire import secrets
from bluewire.errors import SecretError

CANARY = "CANARY-7f3a9c-do-not-leak"


def test_placeholder_round_trip() -> None:
    text = secrets.RenderedConfig(f"tacacs server a\n key 0 {secrets.placeholder('tacacs_key')}\n")
    assert secrets.names_in(text) == {"tacacs_key"}
    store = secrets.SecretStore(environ={"BLUEWIRE_SECRET_TACACS_KEY": CANARY})
    assert store.substitute(text) == f"tacacs server a\n key 0 {CANARY}\n"


def test_missing_secrets_are_all_named(tmp_path: Path) -> None:
    text = secrets.RenderedConfig("a %%SECRET:one%% b %%SECRET:two%%")
    with pytest.raises(SecretError) as info:
        secrets.SecretStore(environ={}).substitute(text)
    assert "one, two" in str(info.value)
    assert "BLUEWIRE_SECRET_ONE" in str(info.value)


def test_masked_form_matches_the_sanitized_device_form() -> None:
    assert secrets.masked("key 7 %%SECRET:ntp_key%%") == "key 7 %%SECRET%%"


def test_bad_secret_name_rejected() -> None:
    with pytest.raises(SecretError):
        secrets.placeholder("Bad Name")


def test_secrets_file_outside_repo(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    outside = tmp_path / "secrets.yaml"
    outside.write_text(f"snmp_auth: {CANARY}\n")
    os.chmod(outside, 0o600)
    store = secrets.SecretStore(repo, environ={"BLUEWIRE_SECRETS_FILE": str(outside)})
    assert store.value("snmp_auth") == CANARY
    assert CANARY in store.known_values()


def test_secrets_file_inside_repo_refused(tmp_path: Path) -> None:
    inside = tmp_path / "secrets.yaml"
    inside.write_text("a: b\n")
    os.chmod(inside, 0o600)
    with pytest.raises(SecretError, match="outside the repository"):
        secrets.SecretStore(tmp_path, environ={"BLUEWIRE_SECRETS_FILE": str(inside)})


def test_world_readable_secrets_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("a: b\n")
    os.chmod(path, 0o644)
    with pytest.raises(SecretError, match="chmod 600"):
        secrets.SecretStore(tmp_path / "repo", environ={"BLUEWIRE_SECRETS_FILE": str(path)})


def test_lab_store_uses_placeholders_unless_a_value_is_set() -> None:
    store = secrets.SecretStore(environ={"BLUEWIRE_SECRET_SNMP_AUTH": CANARY}, lab=True)
    config = secrets.RenderedConfig("a %%SECRET:ntp_key%% b %%SECRET:snmp_auth%%")
    assert store.substitute(config) == (f"a %%SECRET:ntp_key%% b {CANARY}")


def test_mask_values_masks_the_longest_value_whole() -> None:
    text = f"key {CANARY}-long and {CANARY}"
    assert (
        secrets.mask_values(text, [CANARY, f"{CANARY}-long", ""]) == "key %%SECRET%% and %%SECRET%%"
    )


def test_only_rendered_configs_get_secret_values() -> None:
    store = secrets.SecretStore(environ={"BLUEWIRE_SECRET_TACACS_KEY": CANARY})
    with pytest.raises(SecretError, match="did not render"):
        store.substitute("description %%SECRET:tacacs_key%%\n")  # type: ignore[arg-type]


def test_derived_commands_get_values_only_on_lines_of_the_rendered_config() -> None:
    store = secrets.SecretStore(environ={"BLUEWIRE_SECRET_TACACS_KEY": CANARY})
    rendered = secrets.RenderedConfig("tacacs server a\n key 7 %%SECRET:tacacs_key%%\n")
    assert store.substitute(rendered, "tacacs server a\n  key 7 %%SECRET:tacacs_key%%\n") == (
        f"tacacs server a\n  key 7 {CANARY}\n"
    )
    with pytest.raises(SecretError, match="not a line of the rendered config"):
        store.substitute(rendered, "interface Gi1\n description %%SECRET:tacacs_key%%\n")


def test_a_rendered_config_survives_the_render_process_pool() -> None:
    import pickle

    config = secrets.RenderedConfig("key %%SECRET:k%%\n")
    copy = pickle.loads(pickle.dumps(config))
    assert isinstance(copy, secrets.RenderedConfig) and copy == config


def test_seal_refuses_placeholders_without_the_renderers_nonce() -> None:
    nonce = secrets.new_nonce()
    made = secrets.marker_maker(nonce)("ntp_key")
    assert secrets.seal(f"ntp key {made}\n", nonce) == "ntp key %%SECRET:ntp_key%%\n"
    with pytest.raises(SecretError, match="line 2"):
        secrets.seal(f"ntp key {made}\ndescription %%SECRET:ntp_key%%\n", nonce)
    with pytest.raises(SecretError):
        secrets.seal(made.replace(nonce, secrets.new_nonce()), nonce)


@pytest.mark.parametrize("value", ["10", "1234567", "abc"])
def test_secrets_too_short_to_mask_are_refused(value: str) -> None:
    with pytest.raises(SecretError, match="shorter than 8") as info:
        secrets.SecretStore(environ={"BLUEWIRE_SECRET_NTP_KEY": value})
    assert "BLUEWIRE_SECRET_NTP_KEY" in str(info.value)
    assert f" {value} " not in f" {info.value} "


def test_short_values_are_never_masked_in_free_text() -> None:
    assert secrets.mask_values("vlan 10 and key 10", ["10"]) == "vlan 10 and key 10"
    assert secrets.mask_values(f"auth {CANARY} failed", [CANARY]) == "auth %%SECRET%% failed"


def _secrets_file(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "secrets.yaml"
    path.write_bytes(content)
    os.chmod(path, 0o600)
    return path


@pytest.mark.parametrize(
    "content,why",
    [
        (b"ntp_key: 'short'\n", "shorter than 8"),
        (f"ntp_key: '{CANARY}'\n  bad: [\n".encode(), "malformed YAML at line"),
        (b"\xff\xfe\x00binary\x00", "UTF-8"),
        (b"- a\n- b\n", "mapping"),
        (b"ntp_key: 01234567\n", "quoted string"),
        (f"ntp_key: {{value: '{CANARY}'}}\n".encode(), "quoted string"),
    ],
)
def test_a_bad_secrets_file_is_bad_input_and_never_quoted(
    tmp_path: Path, content: bytes, why: str
) -> None:
    path = _secrets_file(tmp_path, content)
    with pytest.raises(SecretError, match=why) as info:
        secrets.SecretStore(environ={"BLUEWIRE_SECRETS_FILE": str(path)})
    assert CANARY not in str(info.value)


def test_a_missing_or_directory_secrets_file_is_bad_input(tmp_path: Path) -> None:
    for path, why in ((tmp_path / "nope.yaml", "does not exist"), (tmp_path, "is a directory")):
        with pytest.raises(SecretError, match=why):
            secrets.SecretStore(environ={"BLUEWIRE_SECRETS_FILE": str(path)})


@pytest.mark.parametrize("name", ["Bad Name", "1st", "", "a-b", "ntp.key", "UPPER", "é"])
def test_a_bad_secret_name_is_refused_by_name(name: str) -> None:
    with pytest.raises(SecretError) as info:
        secrets.placeholder(name)
    assert str(info.value) == f"secret name {name!r}: use lower-case letters, digits and _"


@pytest.mark.parametrize(
    ("inner", "outer"),
    [
        (CANARY, f"{CANARY}-long"),  # a prefix
        ("zzzz-secret-1", "a-zzzz-secret-1"),  # a suffix that sorts after its container
        ("middle-secret", "x-middle-secret-y"),
    ],
)
def test_mask_values_masks_a_value_containing_another_whole(inner: str, outer: str) -> None:
    """Shorter first would leave the rest of the longer value in the clear."""
    text = f"failed: {outer} / {inner}"
    for values in ([inner, outer], [outer, inner]):
        assert secrets.mask_values(text, values) == "failed: %%SECRET%% / %%SECRET%%"


def test_the_minimum_secret_length_is_inclusive() -> None:
    eight, seven = "k" * secrets.MIN_SECRET_LENGTH, "k" * (secrets.MIN_SECRET_LENGTH - 1)
    assert secrets.mask_values(f"a {eight} b", [eight]) == "a %%SECRET%% b"
    assert secrets.mask_values(f"a {seven} b", [seven]) == f"a {seven} b"
    store = secrets.SecretStore(environ={"BLUEWIRE_SECRET_NTP_KEY": eight})
    assert store.value("ntp_key") == eight


def test_a_short_secret_is_named_with_where_it_came_from(tmp_path: Path) -> None:
    with pytest.raises(SecretError) as info:
        secrets.SecretStore(environ={"BLUEWIRE_SECRET_B": "short", "BLUEWIRE_SECRET_A": "x"})
    assert str(info.value) == (
        "environment: BLUEWIRE_SECRET_A, BLUEWIRE_SECRET_B: shorter than 8 characters; such a "
        "value cannot be told apart from ordinary config text (an NTP key `10` is also "
        "`vlan 10`), so bluewire refuses it: use a longer secret"
    )
    path = _secrets_file(tmp_path, b"ntp_key: 'short'\n")
    with pytest.raises(SecretError) as info:
        secrets.SecretStore(environ={"BLUEWIRE_SECRETS_FILE": str(path)})
    assert str(info.value).startswith(f"{path}: ntp_key: shorter than 8 characters; ")


def test_only_bluewire_secret_variables_are_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other variables (short ones included) are neither checked nor treated as secrets; without
    an explicit environment the process environment is read."""
    monkeypatch.setenv("BLUEWIRE_SECRET_SNMP_AUTH", CANARY)
    monkeypatch.setenv("SHORT", "x")
    monkeypatch.setenv("BLUEWIRE_SECRET_EMPTY", "")
    store = secrets.SecretStore()
    assert store.value("snmp_auth") == CANARY
    assert store.known_values() == [CANARY]
    assert store.value("empty") is None


def test_missing_secrets_are_named_with_the_variables_to_set() -> None:
    text = secrets.RenderedConfig("a %%SECRET:one%% b %%SECRET:two%% c %%SECRET:one%%")
    with pytest.raises(SecretError) as info:
        secrets.SecretStore(environ={}).substitute(text)
    assert str(info.value) == (
        "no value for secret(s) one, two: set BLUEWIRE_SECRET_ONE, BLUEWIRE_SECRET_TWO "
        "or BLUEWIRE_SECRETS_FILE"
    )


def test_text_not_rendered_is_refused_with_the_reason() -> None:
    with pytest.raises(SecretError) as info:
        secrets.SecretStore(environ={}).substitute("key %%SECRET:k%%")  # type: ignore[arg-type]
    assert str(info.value) == "refusing to put secrets into text bluewire did not render"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ntp_key: 'x'\n  bad: [\n", "malformed YAML at line 2 (content not shown)"),
        (b"a: 1\nb: 2\nc: 'x\n", "malformed YAML at line 4 (content not shown)"),
        (b"a: \x07\n", "malformed YAML (content not shown)"),  # a reader error has no line
        (b"\xff\xfe", "cannot read the secrets file as UTF-8 text (UnicodeDecodeError)"),
        (b"- a\n", "expected a mapping of secret names to values"),
        (
            b"b_key: 12345678\na_key: [x]\nok_key: 'long enough'\n",
            "a_key, b_key: each value must be a quoted string "
            "(YAML turns 0123 into a number and changes the secret)",
        ),
        (b"12345678: 'long enough'\n", "12345678: each value must be a quoted string "
         "(YAML turns 0123 into a number and changes the secret)"),
    ],
)  # fmt: skip
def test_a_bad_secrets_file_says_exactly_what_is_wrong(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = _secrets_file(tmp_path, content)
    with pytest.raises(SecretError) as info:
        secrets.read_secrets_file(path)
    assert str(info.value) == f"{path}: {message}"


def test_a_missing_or_directory_secrets_file_is_named(tmp_path: Path) -> None:
    for path, what in ((tmp_path / "nope.yaml", "does not exist"), (tmp_path, "is a directory")):
        with pytest.raises(SecretError) as info:
            secrets.read_secrets_file(path)
        assert str(info.value) == f"{path}: the secrets file (BLUEWIRE_SECRETS_FILE) {what}"


CREDENTIAL_NAMES = [
    "BLUEWIRE_DEVICE_PASSWORD",
    "BLUEWIRE_SECRET_NTP_KEY",
    "BLUEWIRE_PLAN_KEY",
    "GITLAB_TOKEN",
    "SSH_PRIVATE_KEY_FILE",
    "db_passwd",
    "AWS_CREDENTIALS",
    "KEY",
    "key_id",
]
ORDINARY_NAMES = ["HOME", "PATH", "KEYBOARD", "MONKEY", "CI_JOB_ID", "BLUEWIRE_LAB"]


def test_credential_values_are_those_of_credential_like_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What error messages and crash logs mask without a SecretStore: the value of every variable
    named like a credential, nothing else, no empty value; the process environment by default."""
    environ = {name: f"value-of-{name}" for name in CREDENTIAL_NAMES + ORDINARY_NAMES}
    environ["BLUEWIRE_ENABLE_SECRET"] = ""
    expected = [f"value-of-{name}" for name in CREDENTIAL_NAMES]
    assert secrets.credential_values(environ) == expected
    monkeypatch.setattr(os, "environ", environ)
    assert secrets.credential_values() == expected
    assert secrets.credential_values({}) == []
