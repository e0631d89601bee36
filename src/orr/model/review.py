"""A review: one service's answers to its checklists, and the waivers it was granted."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, model_validator

from orr.model.base import Strict
from orr.model.checks import Outcome
from orr.model.fields import (
    AnyContextValue,
    EmptyDict,
    EmptyList,
    EmptyMap,
    Slug,
    StrList,
    Text,
    no_items,
)
from orr.model.types import Status


class CheckRecord(Strict):
    """What one of the item's checks found, as `orr check` recorded it under the answer."""

    check: Text  # the probe, as `orr check` describes it
    outcome: Outcome
    checked_at: dt.date
    repo: str = "."  # the repository's top level, relative to the review file's folder
    files: dict[str, str] = {}  # path in the repository -> sha256
    failed: Annotated[list[str], EmptyList] = []  # file:line: resource: what is wrong
    note: str = ""  # why the outcome is unknown


class Answer(Strict):
    status: Status | None = None
    choices: list[str] | None = None
    na_choices: list[str] = no_items()
    reason: str | None = None
    notes: str = ""
    evidence: StrList = no_items()
    answered_by: str | None = None
    answered_at: dt.datetime | dt.date | None = None
    fingerprint: str | None = None
    proposed_by: str | None = None  # set by `orr check --propose` until a person confirms it
    checked: Annotated[list[CheckRecord], EmptyList] = no_items()

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
        """Answered by a person: a status or choices that nobody left as a mere proposal."""
        return (self.status is not None or self.choices is not None) and not self.proposed_by


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
    #: baselines whose answers and waivers this review inherits: paths relative to this file
    extends: Annotated[list[Text], EmptyList] = []

    def pins(self) -> list[tuple[str, str | None]]:
        """The checklists this review uses, as (id, pinned version or None)."""
        return _pins(self.checklists)


class Baseline(Strict):
    """Answers given once, by a platform, for every service whose review ``extends:`` it.

    Review-shaped, with the baseline's id where a review names its service (``baseline:`` is
    also how a folder's files are told apart); the owner is the platform team, and its waivers
    hold for every service.
    """

    baseline: Slug
    owner: Text
    reviewers: Annotated[list[str], EmptyList] = []
    date: dt.date | None = None
    checklists: list[Text] = Field(min_length=1)
    answers: Annotated[dict[str, Answer], EmptyMap] = {}
    waivers: Annotated[list[Waiver], EmptyList] = []
    extends: Annotated[list[Text], EmptyList] = []

    def pins(self) -> list[tuple[str, str | None]]:
        return _pins(self.checklists)


def _pins(entries: list[str]) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for entry in entries:
        cid, _, version = entry.partition("@")
        out.append((cid, version or None))
    return out
