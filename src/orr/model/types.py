"""Reusable annotated types shared by the checklist and review models."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$"
_SLUG = re.compile(SLUG_PATTERN)


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise PydanticCustomError(
            "slug",
            "{value!r} is not a valid id: use 1-128 letters, digits, '-' or '_', "
            "starting with a letter or digit",
            {"value": value},
        )
    return value


def _url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise PydanticCustomError(
            "url", "{value!r} is not a link: start it with http:// or https://", {"value": value}
        )
    return value


Slug = Annotated[str, AfterValidator(_slug)]
Text = Annotated[str, StringConstraints(min_length=1)]
Url = Annotated[str, AfterValidator(_url)]

#: The risk an item carries when it is not met.
Risk = Literal["high", "medium", "low"]


class Strict(BaseModel):
    """Base of every input model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)
