"""Process exit codes shared by every command (see README)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    CHANGES = 2
    INTERNAL = 3
    INTERRUPTED = 130

    @staticmethod
    def worst(*codes: ExitCode) -> ExitCode:
        """Error beats change beats clean (an internal error beats everything)."""
        rank = {ExitCode.OK: 0, ExitCode.CHANGES: 1, ExitCode.ERROR: 2, ExitCode.INTERRUPTED: 3}
        rank[ExitCode.INTERNAL] = 4
        return max(codes, key=lambda c: rank[c], default=ExitCode.OK)
