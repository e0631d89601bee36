"""Read a lens document level by level, so every shape problem is reported in one run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails

from orr.errors import Problem
from orr.lens.format import LensHead, PillarHead, Question
from orr.loading import Document, Loc, schema_problems
from orr.model import field_names

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Pillar:
    head: PillarHead
    questions: list[Question]


@dataclass(frozen=True)
class Lens:
    """A lens whose every part has the right shape (what the importer works on)."""

    head: LensHead
    pillars: list[Pillar]

    def questions(self) -> Iterator[tuple[int, int, Pillar, Question]]:
        for p, pillar in enumerate(self.pillars):
            for q, question in enumerate(pillar.questions):
                yield p, q, pillar, question


@dataclass(frozen=True)
class PillarReading:
    head: PillarHead | None
    questions: list[Question | None]


@dataclass(frozen=True)
class LensReading:
    """What parsed, with ``None`` where a part is broken (its problems are in ``problems``)."""

    head: LensHead | None
    pillars: list[PillarReading]
    problems: list[Problem]

    def questions(self) -> Iterator[tuple[Loc, Question]]:
        """Every question that parsed, with its JSON path."""
        for p, pillar in enumerate(self.pillars):
            for q, question in enumerate(pillar.questions):
                if question is not None:
                    yield ("pillars", p, "questions", q), question

    def complete(self) -> Lens | None:
        """The whole lens, if no part of it is broken."""
        if self.head is None or self.problems:
            return None
        pillars = []
        for pillar in self.pillars:
            questions = [q for q in pillar.questions if q is not None]
            if pillar.head is None or len(questions) != len(pillar.questions):
                return None
            pillars.append(Pillar(pillar.head, questions))
        return Lens(self.head, pillars)


def read_lens(doc: Document) -> LensReading:
    problems: list[Problem] = []
    head = _part(doc, LensHead, doc.data, (), problems)
    pillars = []
    for p, raw_pillar in enumerate(_items(doc.data, "pillars")):
        at: Loc = ("pillars", p)
        if not _is_object(doc, raw_pillar, at, problems):
            pillars.append(PillarReading(None, []))
            continue
        pillar_head = _part(doc, PillarHead, raw_pillar, at, problems)
        questions: list[Question | None] = []
        for q, raw_question in enumerate(_items(raw_pillar, "questions")):
            q_at: Loc = (*at, "questions", q)
            if _is_object(doc, raw_question, q_at, problems):
                questions.append(_part(doc, Question, raw_question, q_at, problems))
            else:
                questions.append(None)
        pillars.append(PillarReading(pillar_head, questions))
    return LensReading(head, pillars, problems)


def _items(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def _is_object(doc: Document, value: Any, at: Loc, problems: list[Problem]) -> bool:
    if isinstance(value, dict):
        return True
    problems.append(doc.problem(at, "should be an object ({...})"))
    return False


def _part(
    doc: Document, model: type[M], data: dict[str, Any], at: Loc, problems: list[Problem]
) -> M | None:
    """``data`` validated as ``model``; on failure its problems, located below ``at``."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        details: list[InitErrorDetails] = []
        for err in error.errors(include_url=False):
            detail = InitErrorDetails(type=err["type"], loc=(*at, *err["loc"]), input=err["input"])
            if "ctx" in err:
                detail["ctx"] = err["ctx"]
            details.append(detail)
        located = ValidationError.from_exception_data(model.__name__, details)
        problems.extend(schema_problems(doc, located, field_names(model)))
        return None
