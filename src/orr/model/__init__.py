"""The validated shapes of orr's input files, as frozen pydantic models.

One module per file format: ``checklist.py``, ``review.py``, ``policy.py``; the value rules
they share are ``Annotated`` types in ``fields.py``. Import the models from here.
"""

from orr.model.base import Strict, field_names, reachable
from orr.model.checklist import (
    AdditionalResource,
    Checklist,
    Choice,
    ContextKey,
    Item,
    Link,
    Resource,
    RiskRule,
    Section,
)
from orr.model.policy import Policy, Settings
from orr.model.review import Answer, Baseline, Review, Waiver
from orr.model.types import ContextValue, Risk, Status

__all__ = [
    "AdditionalResource",
    "Answer",
    "Baseline",
    "Checklist",
    "Choice",
    "ContextKey",
    "ContextValue",
    "Item",
    "Link",
    "Policy",
    "Resource",
    "Review",
    "Risk",
    "RiskRule",
    "Section",
    "Settings",
    "Status",
    "Strict",
    "Waiver",
    "field_names",
    "reachable",
]
