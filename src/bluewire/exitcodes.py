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
        order = (
            ExitCode.OK,
            ExitCode.CHANGES,
            ExitCode.ERROR,
            ExitCode.INTERRUPTED,
            ExitCode.INTERNAL,
        )
        return max(codes, key=order.index, default=ExitCode.OK)
