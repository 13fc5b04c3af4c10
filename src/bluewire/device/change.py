"""Operations that change a device: stage a candidate, commit with a revert timer, confirm,
roll back, discard; plus the getters post-checks compare.

None of these is retried: a commit or a confirm that timed out may still have happened, so the
caller decides what an uncertain outcome means (apply leaves it to the device's revert timer and
verifies afterwards). How each platform carries the change id and undoes an unconfirmed commit is
data (`COMMIT`), keyed by the platform registry:

- Junos: `commit confirmed N` with the change id as the commit comment (`show system commit`);
- EOS: a named config session `configure session <name> commit timer`, the name carrying the
  change id (NAPALM's driver takes no commit message, but keeps a session name it is given);
- IOS: `configure replace ... revert timer N` / `configure terminal revert timer N`; no comment;
- Dell OS10 (bluewire's driver): `reload in N` after saving the old config: an unconfirmed
  change is undone by rebooting the switch.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from napalm.base import exceptions as napalm_exc

from bluewire.device.errors import innermost
from bluewire.device.ops import read_only, remove_candidate_files
from bluewire.platforms import Platform


@dataclass(frozen=True)
class CommitStyle:
    revert: Literal["commit-confirm", "reload"]
    comment: bool = False  # commit_config(message=...) is stored by the device
    session: bool = False  # the driver's config session can be named (EOS)
    max_revert_min: int = 120  # longest revert timer the device accepts


COMMIT: Mapping[Platform, CommitStyle] = MappingProxyType(
    {
        Platform.IOS: CommitStyle("commit-confirm"),
        Platform.EOS: CommitStyle("commit-confirm", session=True),
        Platform.JUNOS: CommitStyle("commit-confirm", comment=True, max_revert_min=65535),
        Platform.DELLOS10: CommitStyle("reload"),
    }
)
# The device said no (grammar, validation, commit check): it kept its old config.
_REJECTED: tuple[type[BaseException], ...] = (
    napalm_exc.MergeConfigException,
    napalm_exc.ReplaceConfigException,
    napalm_exc.CommitError,
)


def style(platform: str) -> CommitStyle:
    return COMMIT[Platform(platform)]


def is_rejection(exc: BaseException) -> bool:
    """The device refused the candidate or the commit (not a lost session: that is uncertain)."""
    exc = innermost(exc)
    return isinstance(exc, _REJECTED) or "CommitError" in {c.__name__ for c in type(exc).__mro__}


def stage(device: Any, platform: str, candidate: str, replace: bool, label: str) -> str:
    """Load `candidate` and return the device's own diff; the candidate stays loaded."""
    if style(platform).session:
        device.config_session = label  # NAPALM's EOS driver names its session only if unset
    try:
        return load(device, candidate, replace)
    except Exception:
        discard(device)
        raise


def load(device: Any, candidate: str, replace: bool) -> str:
    if replace:
        device.load_replace_candidate(config=candidate)
    else:
        device.load_merge_candidate(config=candidate)
    return str(device.compare_config())


def remove_candidate(device: Any) -> None:
    """Delete the candidate files a driver uploaded (they hold real secrets)."""
    remove_candidate_files(device)


def commit(device: Any, platform: str, revert_in_s: int, label: str) -> None:
    """Commit the staged candidate; the device reverts it unless confirmed within `revert_in_s`."""
    message = label if style(platform).comment else ""
    device.commit_config(message=message, revert_in=revert_in_s)


def confirm(device: Any) -> None:
    device.confirm_commit()


def rollback(device: Any) -> None:
    """Undo the last commit (a pending commit-confirm is cancelled and reverted)."""
    device.rollback()


def discard(device: Any) -> None:
    """Drop a staged candidate; best effort, since it runs on paths that are already failing."""
    # the session may be gone already; the device then drops the candidate itself
    with contextlib.suppress(Exception):
        device.discard_config()


def health(device: Any, bgp: bool = True) -> tuple[dict[str, Any], dict[str, Any]]:
    """(get_interfaces, get_bgp_neighbors); no peers without asking when `bgp` is False (the
    caller knows there are none), nor from a platform without BGP support."""
    interfaces = read_only(device.get_interfaces)
    if not bgp:
        return dict(interfaces), {}
    try:
        peers = read_only(device.get_bgp_neighbors)
    except NotImplementedError:
        peers = {}
    return dict(interfaces), dict(peers)


def pending(device: Any) -> bool:
    """Whether a commit waits for its confirmation (False where the driver cannot tell)."""
    try:
        return bool(device.has_pending_commit())
    except NotImplementedError:
        return False
