"""'Did you mean' hints: a typo in a key, a name or a choice is an error that names the fix.

`allowed_keys` finds which keys a pydantic model accepts at an error's location, so a key
pydantic refuses (`extra_forbidden`) gets the closest known key as its hint, in every file
bluewire validates with a model (inventory, compliance policy, rule files).
"""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

# SequenceMatcher ratio: one letter swapped, dropped or added in a key of 7+ letters, or an `s`.
NEAR_MISS = 0.85


def did_you_mean(word: object, choices: Iterable[object]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or "" when none is close."""
    names = sorted({str(c) for c in choices})
    text = str(word)
    lowered = {n.lower(): n for n in names}
    close = difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean '{lowered[close[0]]}'?)" if close else ""


@functools.cache
def near_miss(word: str, known: frozenset[str]) -> bool:
    """Whether `word` is one slip away from a known key without being it (`os_versoin`, `vlan`
    for `vlans`, `Loopback`): where other keys are allowed, such a key is a typo, not a new key."""
    if word in known:
        return False
    lowered = {k.lower() for k in known}
    slip = word.lower()
    if slip in lowered:
        return True  # case only
    close = difflib.get_close_matches(slip, list(lowered), n=1, cutoff=NEAR_MISS)
    if not close:
        return False
    # a short key with a letter or digit more is often a key of the user's own (`ospf3`, `bgp2`)
    return len(close[0]) >= 7 or close[0] in (slip + "s", slip.removesuffix("s"))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold at its own level (unions and Optional)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _step(annotation: Any, key: object) -> Any:
    """The annotation one location step below `annotation` (a field, an item, a value)."""
    for model in _models_in(annotation):
        field = model.model_fields.get(str(key))
        if field is None:
            alias = next((f for f in model.model_fields.values() if f.alias == key), None)
            field = alias
        if field is not None:
            return field.annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _step(typing.get_args(annotation)[0], key)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) in (list, tuple, dict):
                return _step(arg, key)
    if origin in (list, tuple):
        return typing.get_args(annotation)[0]
    if origin is dict:
        return typing.get_args(annotation)[1]
    return None


def allowed_keys(model: Any, loc: Iterable[object]) -> set[str]:
    """The keys the model accepts in the mapping at `loc` (pydantic's location of an error)."""
    annotation = model
    for key in loc:  # a step the schema does not know is pydantic's own (a union's tag)
        annotation = _step(annotation, key) or annotation
    return {f.alias or name for m in _models_in(annotation) for name, f in m.model_fields.items()}


def unknown_key(key: object, allowed: Iterable[str]) -> str:
    """The message for a key no model defines there: the closest known key, or the known keys."""
    known = sorted(allowed)
    hint = did_you_mean(key, known)
    if hint or not known:
        return f"unknown key '{key}'{hint}"
    shown = ", ".join(known[:15]) + (", ..." if len(known) > 15 else "")
    return f"unknown key '{key}' (known here: {shown})"


def pydantic_message(err: Any, model: Any) -> str | None:
    """A hint-bearing message for the pydantic errors a typo causes (an unknown key, a choice
    outside a Literal), or None to keep pydantic's own."""
    loc = tuple(err.get("loc", ()))
    if err["type"] == "extra_forbidden" and loc:
        return unknown_key(loc[-1], allowed_keys(model, loc[:-1]))
    if err["type"] == "int_type" and isinstance(err.get("input"), bool):
        return f"a number, not {str(err['input']).lower()} (YAML reads yes/no/on/off as true/false)"
    if err["type"] == "literal_error" and isinstance(err.get("input"), str):
        expected = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        return f"{err['msg']} (got {err['input']!r}){did_you_mean(err['input'], expected)}"
    return None
