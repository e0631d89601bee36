"""A checklist overlay: an organisation's changes to checklists it does not own, by item ref.

Named from ``.orr.toml`` / ``[tool.orr]`` (``overlays = [...]``) and applied in order before
a review is evaluated, so an org can make bake-time mandatory for tier 1 without forking the
bundled checklist and losing its upgrades.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from orr.model.base import Strict
from orr.model.checklist import Item
from orr.model.fields import AppliesWhen, Slug, Text
from orr.model.types import Risk


class ItemChange(Strict):
    """Changes to one existing item; only the fields given change."""

    item: Text  # checklist-id/item-id
    when: AppliesWhen | None = None  # over the review's context: the change holds only then
    mandatory: bool | None = None
    risk: Risk | None = None
    weight: float | None = Field(default=None, gt=0)
    evidence: Literal["none", "optional", "required"] | None = None
    applies_when: AppliesWhen | None = None
    guidance: str | None = None  # appended to the checklist's guidance
    reason: str = ""


class ItemAddition(Strict):
    """A new item in an existing section (``checklist-id/section-id``); with ``when:`` it
    applies only to the reviews whose context makes it true (and its own ``applies_when``)."""

    section: Text
    when: AppliesWhen | None = None
    item: Item


class ItemDrop(Strict):
    """An item removed from its checklist, with why (always a loosening)."""

    item: Text
    when: AppliesWhen | None = None
    reason: Text


class Overlay(Strict):
    overlay: Slug  # the overlay's id
    description: str = ""
    #: loosening (lower risk or weight, not mandatory, less evidence, narrower applies_when,
    #: drop) is refused unless this is true, and then listed in every report's audit appendix
    allow_loosen: bool = False
    changes: list[ItemChange] = []
    add: list[ItemAddition] = []
    drop: list[ItemDrop] = []
