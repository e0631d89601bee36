"""The base of every input model, and the walk over the models a model holds."""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Base of every input model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def reachable(model: type[BaseModel]) -> list[type[BaseModel]]:
    """``model`` and every model its fields hold, at any depth, each once."""
    seen: list[type[BaseModel]] = []

    def walk(m: type[BaseModel]) -> None:
        if m not in seen:
            seen.append(m)
            for field in m.model_fields.values():
                for sub in _models_in(field.annotation):
                    walk(sub)

    walk(model)
    return seen


@cache
def field_names(model: type[BaseModel]) -> tuple[str, ...]:
    """Every field name of ``model`` and the models inside it, sorted (for "did you mean")."""
    return tuple(sorted({name for m in reachable(model) for name in m.model_fields}))


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]
