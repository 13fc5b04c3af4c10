"""Lab time: a scale factor lets tests run a 1-minute revert timer in about a second."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Clock:
    """`scale` lab seconds pass per real second (60 means a minute takes one second)."""

    scale: float = 1.0

    def real(self, lab_seconds: float) -> float:
        return lab_seconds / self.scale

    def sleep(self, lab_seconds: float) -> None:
        time.sleep(self.real(lab_seconds))

    def timer(self, lab_seconds: float, action: Callable[[], None]) -> threading.Timer:
        t = threading.Timer(self.real(lab_seconds), action)
        t.daemon = True
        return t
