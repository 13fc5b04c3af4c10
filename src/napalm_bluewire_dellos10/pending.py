"""A pending revert kept on the switch, so any driver instance (a CI job that died, its retry)
can see it, confirm it or roll it back.

OS10 offers no command that shows a scheduled `reload in N` (the User Guide documents `reload in`,
`reload at`, `reload cancel`, and nothing that lists them), and its file system under `home://`
survives a reload (`dir home`, `copy ... home://`, `delete home://...`). So when the driver arms a
revert it leaves a marker file, `home://bluewire-revert-<deadline UTC>.cfg` (its content is the
config before the commit, for people), and reads the switch's state back through two facts:

- the marker, and the deadline in its name;
- whether running equals startup. Before arming, the driver saves the old config to startup and
  commits without saving, so while the revert waits they differ; the reload (or a confirm, which
  saves) makes them equal again.

That gives `assess`:

| marker | running vs startup | now vs deadline | meaning |
|---|---|---|---|
| none | any | - | nothing pending |
| yes | differ | before deadline + grace | **pending**: the change runs, the reload is due |
| yes | differ | long after the deadline | stale: the reload was cancelled by hand |
| yes | equal | any | over: the reload happened, or the commit never did, or someone saved |

In the last row a reload may still be scheduled (the commit was cut before it happened, or
someone saved the change), yet it could only reboot the switch into the config it runs: the
driver cancels it (`reload cancel`, its error ignored) and removes the marker. The deadline is the
controller's clock (UTC), used only to retire a marker nobody cleared.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

PREFIX = "bluewire-revert-"
_NAME = re.compile(rf"^{PREFIX}(\d{{8}}T\d{{6}}Z)\.cfg$")
_STAMP = "%Y%m%dT%H%M%SZ"
GRACE = dt.timedelta(minutes=10)  # past the deadline, a reload that has not come never will


class State(Enum):
    NONE = "none"
    PENDING = "pending"
    OVER = "over"  # cancel any reload left (harmless: it would reboot into what runs), clean up
    STALE = "stale"  # the reload was cancelled by someone else long ago: clean up


@dataclass(frozen=True)
class Marker:
    name: str  # file name in home://
    deadline: dt.datetime

    @property
    def url(self) -> str:
        return f"home://{self.name}"


def marker_for(deadline: dt.datetime) -> Marker:
    """The marker a revert due at `deadline` leaves (whole seconds, UTC)."""
    utc = deadline.astimezone(dt.UTC).replace(microsecond=0)
    return Marker(f"{PREFIX}{utc.strftime(_STAMP)}.cfg", utc)


def markers(listing: str) -> list[Marker]:
    """The driver's markers in `dir home` output (the file name is each row's last column)."""
    found: list[Marker] = []
    for line in listing.splitlines():
        words = line.split()
        m = _NAME.match(words[-1]) if words else None
        if m:
            stamp = dt.datetime.strptime(m[1], _STAMP).replace(tzinfo=dt.UTC)
            found.append(Marker(m[0], stamp))
    return found


def assess(found: list[Marker], saved: bool, now: dt.datetime) -> State:
    """What the markers mean; `saved` is whether running equals startup (see the table above)."""
    if not found:
        return State.NONE
    if saved:
        return State.OVER
    if now > max(m.deadline for m in found) + GRACE:
        return State.STALE
    return State.PENDING


def body(config: str) -> list[str]:
    """Config lines without comments or blank lines, to compare running and startup."""
    return [line for line in config.splitlines() if line.strip() and not line.startswith("!")]
