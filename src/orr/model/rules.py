"""The checks on single values that the models run, as plain functions.

They live apart from the pydantic models (``spec.py``) so that the compiled validators
(``compiled.py``) can call them without importing pydantic's model machinery.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from pydantic_core import PydanticCustomError

from orr import expr
from orr.model.types import SLUG_PATTERN

_SLUG = re.compile(SLUG_PATTERN)


def slug(value: str) -> str:
    if not _SLUG.match(value):
        raise PydanticCustomError(
            "slug",
            "'{value}' is not a valid id: use 1-128 letters, digits, '-' or '_', "
            "starting with a letter or digit",
            {"value": value},
        )
    return value


def url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise PydanticCustomError(
            "url", "'{value}' is not a link: start it with http:// or https://", {"value": value}
        )
    return value


def _parsed(source: str, parse: Any) -> str:
    try:
        parse(source)
    except expr.ExprError as error:
        raise PydanticCustomError(
            "expression", "{message}", {"message": error.message, "offset": error.offset}
        ) from None
    return source


def condition(source: str) -> str:
    """A risk rule's condition over choice ids (the lens syntax)."""
    return _parsed(source, expr.parse_condition)


def applies_when(source: str) -> str:
    """An item's ``applies_when`` over the review's context."""
    return _parsed(source, expr.parse_applies_when)


def listify(value: Any) -> Any:
    """One string where a list is expected is a list of one."""
    return [value] if isinstance(value, str) else value


def none_is_empty_map(value: Any) -> Any:
    """A key left empty by hand (``context:`` followed only by comments) means "none yet"."""
    if isinstance(value, dict):
        return {k: ({} if v is None else v) for k, v in value.items()}
    return {} if value is None else value


def none_is_empty_list(value: Any) -> Any:
    return [] if value is None else value


class _AnswerLike(Protocol):
    status: str | None
    choices: list[str] | None
    reason: str | None


def answer_consistent(answer: _AnswerLike) -> Any:
    """An answer is a status or choices, and n/a says why."""
    if answer.status == "n/a" and not (answer.reason or "").strip():
        raise ValueError("status n/a needs a `reason:` saying why the item does not apply")
    if answer.choices is not None and answer.status not in (None, "n/a"):
        raise ValueError("give either `status` (met, partial, unmet) or `choices`, not both")
    return answer
