"""A review: one service's answers to its checklists, and the waivers it was granted."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, model_validator

from orr.model.base import Strict
from orr.model.fields import AnyContextValue, EmptyDict, EmptyList, EmptyMap, StrList, Text
from orr.model.types import Status


class Answer(Strict):
    status: Status | None = None
    choices: list[str] | None = None
    na_choices: list[str] = []
    reason: str | None = None
    notes: str = ""
    evidence: StrList = []
    answered_by: str | None = None
    answered_at: dt.datetime | dt.date | None = None
    fingerprint: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Answer:
        """An answer is a status or choices, and n/a says why."""
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
    context: Annotated[dict[str, AnyContextValue], EmptyDict] = {}
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
