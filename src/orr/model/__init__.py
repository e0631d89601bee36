"""The validated shapes of orr's input files.

``spec.py`` declares them as pydantic models; ``compiled.py`` (generated from it) holds the
frozen classes files are loaded into. Import them from here.
"""

from orr.model.compiled import (
    AdditionalResource,
    Answer,
    Checklist,
    Choice,
    Item,
    Link,
    Policy,
    Resource,
    Review,
    RiskRule,
    Section,
    Waiver,
)
from orr.model.types import ContextValue, Risk, Status

__all__ = [
    "AdditionalResource",
    "Answer",
    "Checklist",
    "Choice",
    "ContextValue",
    "Item",
    "Link",
    "Policy",
    "Resource",
    "Review",
    "Risk",
    "RiskRule",
    "Section",
    "Status",
    "Waiver",
]
