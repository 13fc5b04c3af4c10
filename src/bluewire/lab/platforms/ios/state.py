"""What an IOS-XE box keeps beyond its config stores: the armed revert timer's details.

`configure terminal revert timer N` (and `configure replace ... revert trigger timer N`) arms one
timer per device; `show archive config rollback timer` reports it from any session.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class IosState:
    """The revert timer `show archive config rollback timer` reports (the Device holds the rest)."""

    armed_at: float = 0.0  # when the timer was armed (epoch seconds); 0: never
    timer_min: int = 0
