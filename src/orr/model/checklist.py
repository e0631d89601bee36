"""A checklist: sections of items, each a question with its guidance, risk and rules."""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, model_validator

from orr.model.base import Strict
from orr.model.checks import Checks
from orr.model.fields import AppliesWhen, Condition, ContextName, OneLine, Slug, Text, Url, Version
from orr.model.types import RISK_WEIGHT, ContextType, Risk, Scalar, context_type_of

#: The largest item weight: sums of weights stay finite, and a score stays a number.
MAX_WEIGHT = 1000


class Link(Strict):
    """A titled pointer to further reading: a source, a reference."""

    title: Text
    url: Url | None = None


class Resource(Strict):
    """Well-Architected style text with an optional link (helpful resource, improvement plan)."""

    text: Text
    url: Url | None = None


class AdditionalResource(Strict):
    type: Literal["helpful", "improvement"]
    content: list[Resource] = Field(min_length=1)


class Choice(Strict):
    """One selectable best practice of a Well-Architected style question."""

    id: Slug
    title: Text
    description: str = ""
    helpful_resource: Resource | None = None
    improvement_plan: Resource | None = None
    additional_resources: list[AdditionalResource] = []
    none_of_these: bool = False


class RiskRule(Strict):
    """`condition` over the item's choice ids (lens syntax); the first rule that holds wins."""

    condition: Condition
    risk: Literal["high", "medium", "none"]


class ContextKey(Strict):
    """A context key the checklist's ``applies_when`` read: its type and, if closed, its values."""

    type: ContextType
    values: list[Scalar] | None = Field(default=None, min_length=1)
    description: OneLine

    @model_validator(mode="after")
    def _values_have_the_type(self) -> ContextKey:
        for value in self.values or ():
            if context_type_of(value) != self.type:
                raise ValueError(f"values: {value!r} is not of type {self.type}")
        return self


class Item(Strict):
    id: Slug
    question: Text
    why: str = ""
    guidance: str = ""
    remediation: str = ""
    references: list[Link] = []
    risk: Risk = "medium"
    mandatory: bool = False
    weight: float | None = Field(default=None, gt=0, le=MAX_WEIGHT, allow_inf_nan=False)
    evidence: Literal["none", "optional", "required"] = "optional"
    applies_when: AppliesWhen | None = None
    helpful_resource: Resource | None = None
    choices: list[Choice] = []
    risk_rules: list[RiskRule] = []
    checks: Checks = []  # probes `orr check` runs against the repository

    @property
    def effective_weight(self) -> float:
        return self.weight if self.weight is not None else RISK_WEIGHT[self.risk]

    @property
    def has_choices(self) -> bool:
        return bool(self.choices)

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of what the item asks, to spot answers given to an older wording."""
        parts = [self.question, *(f"{c.id}={c.title}" for c in self.choices)]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


class Section(Strict):
    id: Slug
    title: Text
    description: str = ""
    pillar: str | None = None
    items: list[Item] = Field(min_length=1)


class Checklist(Strict):
    id: Slug
    title: Text
    version: Version
    description: str = ""
    sources: list[Link] = []
    #: the context keys the items' ``applies_when`` read, declared once for every review
    context: dict[Annotated[str, ContextName], ContextKey] = {}
    sections: list[Section] = Field(min_length=1)

    def iter_items(self) -> list[tuple[Section, Item]]:
        return [(section, item) for section in self.sections for item in section.items]

    @cached_property
    def items_by_id(self) -> dict[str, Item]:
        return {item.id: item for section in self.sections for item in section.items}
