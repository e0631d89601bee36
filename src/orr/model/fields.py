"""Reusable field types of the input formats: the value rules, each written once.

Each is an ``Annotated`` type, so a model says ``id: Slug`` and the rule travels with it (into
validation and into the JSON Schema). The error messages are the ones a user reads after
``file:line:col:``, so they say what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

from orr import expr
from orr.model.types import CONTEXT_NAME_PATTERN, SLUG_PATTERN, VERSION_PATTERN, ContextValue

_SLUG = re.compile(SLUG_PATTERN)


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise PydanticCustomError(
            "slug",
            "'{value}' is not a valid id: use 1-128 letters, digits, '-' or '_', "
            "starting with a letter or digit",
            {"value": value},
        )
    return value


def _context_name(value: str) -> str:
    if not re.match(CONTEXT_NAME_PATTERN, value):
        raise PydanticCustomError(
            "context_name",
            "'{value}' is not a context key: use up to 64 letters, digits, '_' or '-', "
            "starting with a letter or '_'",
            {"value": value},
        )
    return value


def _one_line(value: str) -> str:
    if "\n" in value.strip():
        raise PydanticCustomError("one_line", "keep it to one line", {})
    return value


#: What a context key left empty (``multi_az:`` and nothing after it) is told.
EMPTY_CONTEXT_VALUE = "is empty: give it a value or remove the line"


def _one_context_error(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """One message for a value no context key can hold, not one per type it is not."""
    if value is None:
        raise PydanticCustomError("context_value", EMPTY_CONTEXT_VALUE, {})
    try:
        return handler(value)
    except ValidationError:
        raise PydanticCustomError(
            "context_value",
            "a context value is a word, a number, true or false, or a list of them",
            {},
        ) from None


def _url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise PydanticCustomError(
            "url", "'{value}' is not a link: start it with http:// or https://", {"value": value}
        )
    return value


def _parses_with(parse: Callable[[str], Any]) -> Callable[[str], str]:
    """A check that ``parse`` accepts the text, its error kept with the offset it names."""

    def check(source: str) -> str:
        try:
            parse(source)
        except expr.ExprError as error:
            raise PydanticCustomError(
                "expression", "{message}", {"message": error.message, "offset": error.offset}
            ) from None
        return source

    return check


def _listify(value: Any) -> Any:
    """One string where a list is expected is a list of one."""
    return [value] if isinstance(value, str) else value


def _none_is_empty_map(value: Any) -> Any:
    """A key left empty by hand (``context:`` followed only by comments) means "none yet"."""
    if isinstance(value, dict):
        return {k: ({} if v is None else v) for k, v in value.items()}
    return {} if value is None else value


def _none_is_empty_dict(value: Any) -> Any:
    return {} if value is None else value


def _none_is_empty_list(value: Any) -> Any:
    return [] if value is None else value


#: An id: a checklist, section, item or choice.
Slug = Annotated[str, AfterValidator(_slug)]
#: Text that must say something.
Text = Annotated[str, StringConstraints(min_length=1)]
Url = Annotated[str, AfterValidator(_url)]
#: A risk rule's condition over choice ids (the lens syntax).
Condition = Annotated[str, AfterValidator(_parses_with(expr.parse_condition))]
#: An item's ``applies_when`` over the review's context.
AppliesWhen = Annotated[str, AfterValidator(_parses_with(expr.parse_applies_when))]
Version = Annotated[str, Field(pattern=VERSION_PATTERN)]
#: The name of a context key, as ``applies_when`` can spell it.
ContextName = AfterValidator(_context_name)
#: Text of one line and something in it (a description shown beside a prompt).
OneLine = Annotated[str, StringConstraints(min_length=1), AfterValidator(_one_line)]
#: A value under a review's ``context:``.
AnyContextValue = Annotated[ContextValue, WrapValidator(_one_context_error)]
#: A list that also accepts one string for a list of one.
StrList = Annotated[list[str], BeforeValidator(_listify)]
#: Mark a list or mapping field whose key may be left empty by hand (``answers:`` alone).
EmptyList = BeforeValidator(_none_is_empty_list)
EmptyMap = BeforeValidator(_none_is_empty_map)
#: A mapping field whose key may be left empty; its values stay as written (null is an error).
EmptyDict = BeforeValidator(_none_is_empty_dict)


def no_items() -> Any:
    """The default of a list field left out: a new list, not a deep copy of ``[]`` (pydantic
    deep-copies a mutable default every time, and a review has dozens of answers). The
    schema still says ``"default": []``."""
    return Field(default_factory=list, json_schema_extra={"default": []})
