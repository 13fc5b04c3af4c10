"""Run-level errors. Per-host failures are data in results, never exceptions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located as `file:line`."""

    file: str
    line: int
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class BluewireError(Exception):
    """An expected error: reported as a message and exit 1, never a traceback."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = sorted(problems or [])

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] or [str(self)]


class ProjectError(BluewireError):
    """The project root or one of its folders cannot be found."""


class InventoryError(BluewireError):
    """The inventory files are malformed or fail validation."""


class TemplateError(BluewireError):
    """A template is missing, does not compile, or uses an undefined variable."""


class SecretError(BluewireError):
    """A secret a config needs has no value, or the secrets file is unsafe."""


class ComplianceError(BluewireError):
    """A compliance rule file, profile or policy file is malformed."""


class DeviceError(BluewireError):
    """A device could not be reached or refused an operation."""


class StalePlanError(BluewireError):
    """A saved plan no longer matches the repository or the devices."""


class LockHeldError(BluewireError):
    """Another run holds the change lock."""


class LockLostError(BluewireError):
    """A lock this run held was broken or taken over by someone else meanwhile."""
