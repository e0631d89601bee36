"""What the loaded models can do beyond holding their fields (mixed into ``compiled.py``)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from orr.model.types import RISK_WEIGHT

if TYPE_CHECKING:
    from orr.model.compiled import Choice, Item, Section
    from orr.model.types import Risk


class ItemMethods:
    __slots__ = ()
    if TYPE_CHECKING:  # the fields used here, declared by the compiled class
        question: str
        risk: Risk
        weight: float | None
        choices: list[Choice]

    @property
    def effective_weight(self) -> float:
        return self.weight if self.weight is not None else RISK_WEIGHT[self.risk]

    @property
    def has_choices(self) -> bool:
        return bool(self.choices)

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of what the item asks, to spot answers given to an older wording."""
        import hashlib

        parts = [self.question, *(f"{c.id}={c.title}" for c in self.choices)]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


class ChecklistMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        sections: list[Section]

    def iter_items(self) -> list[tuple[Section, Item]]:
        return [(section, item) for section in self.sections for item in section.items]

    @cached_property
    def items_by_id(self) -> dict[str, Item]:
        return {item.id: item for section in self.sections for item in section.items}


class AnswerMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        status: str | None
        choices: list[str] | None

    @property
    def answered(self) -> bool:
        return self.status is not None or self.choices is not None


class ReviewMethods:
    __slots__ = ()
    if TYPE_CHECKING:
        checklists: list[str]

    def pins(self) -> list[tuple[str, str | None]]:
        """The checklists this review uses, as (id, pinned version or None)."""
        out: list[tuple[str, str | None]] = []
        for entry in self.checklists:
            cid, _, version = entry.partition("@")
            out.append((cid, version or None))
        return out
