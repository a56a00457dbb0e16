"""The base of every configuration model (settings, scale and printer profiles) and its error sentence.

Configuration is parsed into frozen pydantic models that refuse unknown keys; a person fixing a
file at a workshop needs one sentence saying which file, which key, the bad value and what is
allowed, not pydantic's multi-line report, so `explain` turns the first error into that sentence.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

PositiveFloat = Annotated[float, Field(strict=True, gt=0)]  # strict: "5" or true is not a number here
NonNegativeFloat = Annotated[float, Field(strict=True, ge=0)]
PositiveInt = Annotated[int, Field(strict=True, gt=0)]
NonEmptyStr = Annotated[str, Field(strict=True, min_length=1)]
MAX_VALUE_CHARS = 60


class ConfigModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def explain(error: ValidationError, source: str, model: type[BaseModel] | None = None) -> str:
    """One line: `<source>: [section] key = <value> is not allowed; it must be ….` (first error only).

    `model` (the validated class) lets an unknown key's sentence list the keys that are allowed.
    """
    first = error.errors(include_url=False)[0]
    loc = tuple(str(part) for part in first["loc"])
    value = first.get("input")
    reason = first["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ").rstrip(".")
    if not loc:
        return _one_line(f"{source}: {reason}.")
    kind = first["type"]
    # a missing key's input is the table it is missing from, so only the model says it is a table itself
    table = _is_model(_field_type(model, loc)) or (kind != "missing" and isinstance(value, dict))
    where = _where(loc, section=table)
    if kind == "missing":
        return _one_line(f"{source}: {where} is required but missing.")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        tail = f"; allowed: {', '.join(allowed)}" if allowed else ""
        return _one_line(f"{source}: {where} is not a known key{tail}.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        reason = "it must be a table"
    reason = re.sub(r"^(\w+ should|must)\b", "it must", reason)
    shown = repr(value)
    if len(shown) > MAX_VALUE_CHARS:
        shown = shown[: MAX_VALUE_CHARS - 1] + "…"
    return _one_line(f"{source}: {where} = {shown} is not allowed; {reason}.")


def _where(loc: tuple[str, ...], section: bool) -> str:
    if len(loc) == 1:
        return f"[{loc[0]}]" if section else loc[0]
    return f"[{loc[0]}] {'.'.join(loc[1:])}"


def _one_line(sentence: str) -> str:
    return " ".join(sentence.split())


def _field_type(model: type[BaseModel] | None, loc: tuple[str, ...]) -> Any:
    """The declared type at `loc` inside `model` (unwrapping `X | None`), or None if not a field."""
    kind: Any = model
    for part in loc:
        if not _is_model(kind) or part not in kind.model_fields:
            return None
        kind = kind.model_fields[part].annotation
        kind = next((arg for arg in get_args(kind) if _is_model(arg)), kind)
    return kind


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _allowed_keys(model: type[BaseModel] | None, loc: tuple[str, ...]) -> list[str]:
    kind = _field_type(model, loc) if loc else model
    return sorted(kind.model_fields) if _is_model(kind) else []
