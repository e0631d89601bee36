"""The Well-Architected custom lens JSON format: tolerant models and the published limits.

The models accept what real lens files contain: unknown keys are kept aside (``model_extra``)
so the checks can warn about them, ``Url`` is read as ``url``, and optional texts default to
empty. Types stay strict: a title that is not a string is an error, never coerced.

Each level is validated on its own (the lens head, each pillar head, each question) so that one
broken question does not hide the problems of the others; ``checks.read_lens`` assembles them.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

SCHEMA_VERSION = "2021-11-01"
MAX_BYTES = 500_000
MAX_NAME = 128
MAX_DESCRIPTION = 2048
MAX_PILLARS = 10
MAX_QUESTIONS = 20
MAX_CHOICES = 15
MAX_TITLE = 128
MAX_RULES = 3
ID_PATTERN = re.compile(r"^[A-Za-z0-9_]{3,128}$")
ID_RULE = "3-128 letters, digits or '_'"
#: Top-level keys real lens files carry as metadata; ignored without a warning.
KNOWN_META = frozenset({"_version", "_release_date", "_release_note", "_teams", "_note"})

LensRisk = Literal["HIGH_RISK", "MEDIUM_RISK", "NO_RISK"]
ResourceType = Literal["HELPFUL_RESOURCE", "IMPROVEMENT_PLAN"]


class _Lens(BaseModel):
    model_config = ConfigDict(
        extra="allow", frozen=True, strict=True, alias_generator=to_camel, populate_by_name=True
    )


class Content(_Lens):
    """``{displayText, url}``: a helpful resource, an improvement plan, an additional link."""

    display_text: str = ""
    url: str | None = Field(default=None, validation_alias=AliasChoices("url", "Url"))

    @property
    def link(self) -> str | None:
        """The url, with an empty string read as no url."""
        return self.url or None


class AdditionalResources(_Lens):
    type: ResourceType
    content: list[Content]


class LensChoice(_Lens):
    id: str
    title: str
    description: str = ""
    helpful_resource: Content | None = None
    improvement_plan: Content | None = None
    additional_resources: list[AdditionalResources] = []


class LensRule(_Lens):
    condition: str
    risk: LensRisk


class Question(_Lens):
    id: str
    title: str
    description: str = ""
    helpful_resource: Content | None = None
    choices: list[LensChoice] = []
    risk_rules: list[LensRule] = []


class PillarHead(_Lens):
    """A pillar without its questions (they are validated one by one)."""

    id: str
    name: str
    questions: list[Any]


class LensHead(_Lens):
    """The lens without its pillars (they are validated one by one)."""

    schema_version: str | None = None
    name: str
    description: str = ""
    pillars: list[Any]


def is_none_choice(choice_id: str) -> bool:
    """The AWS tool's "None of these" choice: its id ends in ``_no``."""
    return choice_id.endswith("_no")
