"""The validated shapes of orr's input files."""

from orr.model.checklist import Checklist, Choice, Item, RiskRule, Section
from orr.model.review import Answer, Review, Waiver

__all__ = ["Answer", "Checklist", "Choice", "Item", "Review", "RiskRule", "Section", "Waiver"]
