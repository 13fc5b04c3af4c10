"""Value types for numbers read from YAML, shared by every model bluewire validates files with.

YAML reads yes/no/on/off as true/false, and pydantic would take true as 1 (`vlan: on` became
VLAN 1, `warn_days: yes` one day): `Int` refuses a truth value with pydantic's own "valid
integer" error, which `hints` turns into "a number, not true ...". Quoted numbers stay accepted.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError


def not_a_truth_value(value: object) -> object:
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


Int = Annotated[int, BeforeValidator(not_a_truth_value)]
