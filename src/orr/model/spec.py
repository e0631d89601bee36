"""The input formats, written once as pydantic models: checklist, review and policy.

These classes are the single source of the schema. ``orr schema`` prints their JSON Schema and
``python -m orr.model.compile`` compiles their pydantic-core schema into ``compiled.py``, whose
light frozen classes are what orr loads files into (so that a command starts without
building pydantic models). Behaviour belongs in ``methods.py``; value checks in ``rules.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic import StringConstraints as _Constraints

from orr.model import rules
from orr.model.types import VERSION_PATTERN, ContextValue, Risk, Status

Slug = Annotated[str, AfterValidator(rules.slug)]
Text = Annotated[str, _Constraints(min_length=1)]
Url = Annotated[str, AfterValidator(rules.url)]
Condition = Annotated[str, AfterValidator(rules.condition)]
AppliesWhen = Annotated[str, AfterValidator(rules.applies_when)]
Version = Annotated[str, Field(pattern=VERSION_PATTERN)]
EmptyList = BeforeValidator(rules.none_is_empty_list)
EmptyMap = BeforeValidator(rules.none_is_empty_map)


class Strict(BaseModel):
    """Base of every input model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- checklist -----------------------------------------------------------------------------


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


class Item(Strict):
    id: Slug
    question: Text
    why: str = ""
    guidance: str = ""
    remediation: str = ""
    references: list[Link] = []
    risk: Risk = "medium"
    mandatory: bool = False
    weight: float | None = Field(default=None, gt=0)
    evidence: Literal["none", "optional", "required"] = "optional"
    applies_when: AppliesWhen | None = None
    helpful_resource: Resource | None = None
    choices: list[Choice] = []
    risk_rules: list[RiskRule] = []


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
    sections: list[Section] = Field(min_length=1)


# --- review --------------------------------------------------------------------------------


class Answer(Strict):
    status: Status | None = None
    choices: list[str] | None = None
    na_choices: list[str] = []
    reason: str | None = None
    notes: str = ""
    evidence: Annotated[list[str], BeforeValidator(rules.listify)] = []
    answered_by: str | None = None
    answered_at: dt.datetime | dt.date | None = None
    fingerprint: str | None = None

    consistent = model_validator(mode="after")(rules.answer_consistent)


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


# --- policy --------------------------------------------------------------------------------


class Policy(Strict):
    """The gate's thresholds (`.orr.toml` or `[tool.orr]`)."""

    min_score: float | None = Field(default=None, ge=0, le=100)
    max_high_risks: int | None = Field(default=None, ge=0)
    unanswered_blocks: bool = True
    waiver_warning_days: int = Field(default=30, ge=0)
    fail_on_warnings: bool = False
    min_answered: float = Field(default=100, ge=0, le=100)
    max_age_days: int = Field(default=365, ge=1)
    stale_blocks: bool = False


#: The models with a compiled counterpart, dependencies first.
MODELS: tuple[type[Strict], ...] = (
    Link,
    Resource,
    AdditionalResource,
    Choice,
    RiskRule,
    Item,
    Section,
    Checklist,
    Answer,
    Waiver,
    Review,
    Policy,
)


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


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]
