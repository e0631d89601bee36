"""A review: what one team answered for one service, and the risks it chose to accept."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from orr.model.types import Strict, Text

Status = Literal["met", "partial", "unmet", "n/a"]
ContextValue = str | int | float | bool | list[str | int | float | bool]


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _none_is_empty(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ({} if v is None else v) for k, v in value.items()}
    return {} if value is None else value


def _none_is_empty_list(value: Any) -> Any:
    return [] if value is None else value


#: A key left empty by hand (`context:` followed only by comments) means "none yet".
EmptyList = BeforeValidator(_none_is_empty_list)
EmptyMap = BeforeValidator(_none_is_empty)


class Answer(Strict):
    status: Status | None = None
    choices: list[str] | None = None
    na_choices: list[str] = []
    reason: str | None = None
    notes: str = ""
    evidence: Annotated[list[str], BeforeValidator(_listify)] = []
    answered_by: str | None = None
    answered_at: dt.datetime | dt.date | None = None
    fingerprint: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Answer:
        if self.status == "n/a" and not (self.reason or "").strip():
            raise ValueError("status n/a needs a `reason:` saying why the item does not apply")
        if self.choices is not None and self.status not in (None, "n/a"):
            raise ValueError("give either `status` (met, partial, unmet) or `choices`, not both")
        return self

    @property
    def answered(self) -> bool:
        return self.status is not None or self.choices is not None


class Waiver(Strict):
    item: Text
    reason: Text
    approved_by: Text
    expires: dt.date
    approved_at: dt.date | None = None


class Review(Strict):
    service: Text
    owner: Text
    reviewers: Annotated[list[str], EmptyList] = []
    date: dt.date | None = None
    context: Annotated[dict[str, ContextValue], EmptyMap] = {}
    checklists: list[Text] = Field(min_length=1)
    answers: Annotated[dict[str, Answer], EmptyMap] = {}
    waivers: Annotated[list[Waiver], EmptyList] = []

    def pins(self) -> list[tuple[str, str | None]]:
        """The checklists this review uses, as (id, pinned version or None)."""
        out: list[tuple[str, str | None]] = []
        for entry in self.checklists:
            cid, _, version = entry.partition("@")
            out.append((cid, version or None))
        return out
