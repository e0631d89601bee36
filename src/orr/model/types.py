"""Plain type aliases and constants of the input formats."""

from __future__ import annotations

from typing import Literal

SLUG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$"
VERSION_PATTERN = r"^\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?$"

#: The risk an item carries when it is not met.
Risk = Literal["high", "medium", "low"]
#: What a review may say of an item.
Status = Literal["met", "partial", "unmet", "n/a"]
ContextValue = str | int | float | bool | list[str | int | float | bool]
Scalar = str | int | float | bool
#: The type a checklist declares for a context key.
ContextType = Literal["integer", "string", "boolean"]
CONTEXT_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$"


def context_type_of(value: object) -> ContextType | None:
    """The declared type ``value`` has, or None (a float, a list, a mapping, null)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    return None


RISK_WEIGHT: dict[str, float] = {"high": 3.0, "medium": 2.0, "low": 1.0}
PILLARS = (
    "operationalExcellence",
    "security",
    "reliability",
    "performance",
    "costOptimization",
    "sustainability",
)
