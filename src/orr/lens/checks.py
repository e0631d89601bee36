"""Checks of a lens: what breaks its meaning, what breaks the published limits, what is odd.

* Meaning (errors for both import and validate): empty lists, duplicate ids, empty titles, risk
  rules that do not parse, name an unknown choice or repeat a risk level.
* Format and limits (errors for ``orr lens validate`` only; import is tolerant of them).
* Warnings: unknown keys, ``Url`` for ``url``, questions without a ``default`` rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from orr import expr
from orr.errors import Problem
from orr.lens import format as fmt
from orr.lens.format import Content, Question
from orr.lens.reading import LensReading, read_lens
from orr.loading import Document, Loc
from orr.suggest import did_you_mean

_DEFAULT = re.compile(r"(?<![\w-])default(?![\w-])")  # stands alone, or a syntax error
NO_DEFAULT = "no 'default' rule: when no condition holds, the risk is NO_RISK (none)"


@dataclass(frozen=True)
class LensCheck:
    reading: LensReading
    errors: list[Problem]
    warnings: list[Problem]


def check_lens(doc: Document, *, limits: bool) -> LensCheck:
    """Every problem of a lens; with ``limits``, also the published format and limits."""
    reading = read_lens(doc)
    errors = [*reading.problems, *_meaning(doc, reading)]
    warnings = _warnings(doc, reading, urls=limits)
    if limits:
        errors.extend(_limits(doc, reading))
    return LensCheck(reading, sorted(errors), sorted(warnings))


def lens_problems(doc: Document) -> list[Problem]:
    """The errors `orr lens validate` reports for a lens document (for `orr validate`)."""
    return check_lens(doc, limits=True).errors


# --- meaning -----------------------------------------------------------------------------


def _meaning(doc: Document, reading: LensReading) -> list[Problem]:
    out: list[Problem] = []
    if reading.head is not None and not reading.head.pillars:
        out.append(doc.problem(("pillars",), "a lens needs at least one pillar"))
    if reading.head is not None and not reading.head.name.strip():
        out.append(doc.problem(("name",), "must not be empty"))
    pillar_ids: set[str] = set()
    question_pillar: dict[str, str] = {}
    for p, pillar in enumerate(reading.pillars):
        head = pillar.head
        if head is None:
            continue
        if head.id in pillar_ids:
            out.append(doc.problem(("pillars", p, "id"), f"duplicate pillar id {head.id!r}"))
        pillar_ids.add(head.id)
        if not head.name.strip():
            out.append(doc.problem(("pillars", p, "name"), "must not be empty"))
        if not head.questions:
            out.append(doc.problem(("pillars", p, "questions"), "a pillar needs a question"))
        for q, question in enumerate(pillar.questions):
            if question is None:
                continue
            at: Loc = ("pillars", p, "questions", q)
            if question.id in question_pillar:
                out.append(
                    doc.problem(
                        (*at, "id"),
                        f"duplicate question id {question.id!r} (also in pillar "
                        f"{question_pillar[question.id]!r}); question ids are unique in a lens",
                    )
                )
            question_pillar.setdefault(question.id, head.id)
            out.extend(_question_meaning(doc, at, question))
    return out


def _question_meaning(doc: Document, at: Loc, question: Question) -> list[Problem]:
    out: list[Problem] = []
    if not question.title.strip():
        out.append(doc.problem((*at, "title"), "must not be empty"))
    if not question.choices:
        out.append(doc.problem((*at, "choices"), "a question needs at least one choice"))
    if not question.risk_rules:
        out.append(doc.problem((*at, "riskRules"), "a question needs risk rules (riskRules)"))
    ids: set[str] = set()
    for c, choice in enumerate(question.choices):
        if choice.id in ids:
            out.append(
                doc.problem(
                    (*at, "choices", c, "id"), f"duplicate choice id {choice.id!r} in this question"
                )
            )
        ids.add(choice.id)
        if not choice.title.strip():
            out.append(doc.problem((*at, "choices", c, "title"), "must not be empty"))
    levels: set[str] = set()
    for r, rule in enumerate(question.risk_rules):
        rule_at: Loc = (*at, "riskRules", r)
        if rule.risk in levels:
            out.append(
                doc.problem(
                    (*rule_at, "risk"),
                    f"a second rule for {rule.risk}; keep one rule per risk level",
                )
            )
        levels.add(rule.risk)
        try:
            node = expr.parse_condition(rule.condition)
        except expr.ExprError as error:
            out.append(doc.problem((*rule_at, "condition"), error.message, offset=error.offset))
            continue
        for name in expr.names(node):
            if name.name not in ids:
                out.append(
                    doc.problem(
                        (*rule_at, "condition"),
                        f"unknown choice {name.name!r}{did_you_mean(name.name, ids)}",
                        offset=name.offset,
                    )
                )
    return out


# --- format and limits -------------------------------------------------------------------


def _limits(doc: Document, reading: LensReading) -> list[Problem]:
    out: list[Problem] = []
    size = len(doc.text.encode("utf-8"))
    if size > fmt.MAX_BYTES:
        out.append(
            Problem(
                str(doc.path),
                0,
                0,
                f"the lens is {size:,} bytes, over the limit of {fmt.MAX_BYTES:,} (500 KB)",
            )
        )
    head = reading.head
    if head is not None:
        if head.schema_version is None:
            out.append(doc.problem((), "missing required field 'schemaVersion'"))
        elif head.schema_version != fmt.SCHEMA_VERSION:
            out.append(
                doc.problem(
                    ("schemaVersion",),
                    f"{head.schema_version!r} is not the lens schema version "
                    f"{fmt.SCHEMA_VERSION!r}",
                )
            )
        out += _length(doc, ("name",), head.name, fmt.MAX_NAME)
        out += _length(doc, ("description",), head.description, fmt.MAX_DESCRIPTION)
        out += _count(doc, ("pillars",), head.pillars, fmt.MAX_PILLARS, "pillars", "")
    for p, pillar in enumerate(reading.pillars):
        if pillar.head is not None:
            out += _id(doc, ("pillars", p, "id"), pillar.head.id)
            out += _length(doc, ("pillars", p, "name"), pillar.head.name, fmt.MAX_NAME)
            out += _count(
                doc,
                ("pillars", p, "questions"),
                pillar.head.questions,
                fmt.MAX_QUESTIONS,
                "questions",
                " per pillar",
            )
    for at, question in reading.questions():
        out += _question_limits(doc, at, question)
    return out


def _question_limits(doc: Document, at: Loc, question: Question) -> list[Problem]:
    out = _id(doc, (*at, "id"), question.id)
    out += _length(doc, (*at, "title"), question.title, fmt.MAX_TITLE)
    out += _length(doc, (*at, "description"), question.description, fmt.MAX_DESCRIPTION)
    out += _count(
        doc, (*at, "choices"), question.choices, fmt.MAX_CHOICES, "choices", " per question"
    )
    out += _count(
        doc, (*at, "riskRules"), question.risk_rules, fmt.MAX_RULES, "rules", " per question"
    )
    for c, choice in enumerate(question.choices):
        c_at: Loc = (*at, "choices", c)
        out += _id(doc, (*c_at, "id"), choice.id)
        out += _length(doc, (*c_at, "title"), choice.title, fmt.MAX_TITLE)
        if choice.improvement_plan is None and not fmt.is_none_choice(choice.id):
            out.append(
                doc.problem(
                    c_at,
                    "missing 'improvementPlan': every choice but \"None of these\" (an id "
                    "ending in '_no') needs one",
                )
            )
    for c_at, content in contents(at, question):
        url = content.link
        if url is not None and not url.startswith(("http://", "https://")):
            out.append(
                doc.problem(
                    (*c_at, "url"), f"{url!r} is not a link: start it with http:// or https://"
                )
            )
    return out


def _length(doc: Document, at: Loc, text: str, limit: int) -> list[Problem]:
    if len(text) <= limit:
        return []
    return [doc.problem(at, f"{len(text):,} characters, over the limit of {limit:,}")]


def _count(
    doc: Document, at: Loc, values: list[Any], limit: int, what: str, per: str
) -> list[Problem]:
    if len(values) <= limit:
        return []
    return [doc.problem(at, f"{len(values)} {what}, over the limit of {limit}{per}")]


def _id(doc: Document, at: Loc, value: str) -> list[Problem]:
    if fmt.ID_PATTERN.match(value):
        return []
    return [doc.problem(at, f"{value!r} is not a lens id: use {fmt.ID_RULE}")]


def contents(at: Loc, question: Question) -> Iterator[tuple[Loc, Content]]:
    """Every ``{displayText, url}`` of a question and its choices, with its JSON path."""
    if question.helpful_resource is not None:
        yield (*at, "helpfulResource"), question.helpful_resource
    for c, choice in enumerate(question.choices):
        c_at: Loc = (*at, "choices", c)
        if choice.helpful_resource is not None:
            yield (*c_at, "helpfulResource"), choice.helpful_resource
        if choice.improvement_plan is not None:
            yield (*c_at, "improvementPlan"), choice.improvement_plan
        for a, extra in enumerate(choice.additional_resources):
            for k, content in enumerate(extra.content):
                yield (*c_at, "additionalResources", a, "content", k), content


# --- warnings ----------------------------------------------------------------------------


def _warnings(doc: Document, reading: LensReading, *, urls: bool) -> list[Problem]:
    out: list[Problem] = []
    if reading.head is not None:
        out += _unknown(doc, (), reading.head, known=fmt.KNOWN_META)
    for p, pillar in enumerate(reading.pillars):
        if pillar.head is not None:
            out += _unknown(doc, ("pillars", p), pillar.head)
    for at, question in reading.questions():
        out += _unknown(doc, at, question)
        for c, choice in enumerate(question.choices):
            out += _unknown(doc, (*at, "choices", c), choice)
            for a, extra in enumerate(choice.additional_resources):
                out += _unknown(doc, (*at, "choices", c, "additionalResources", a), extra)
        for r, rule in enumerate(question.risk_rules):
            out += _unknown(doc, (*at, "riskRules", r), rule)
        for c_at, content in contents(at, question):
            out += _unknown(doc, c_at, content)
            if urls and "Url" in _raw(doc.data, c_at):
                out.append(
                    doc.problem((*c_at, "Url"), "read as 'url'; write it in lower case", key=True)
                )
        if question.risk_rules and not any(
            _DEFAULT.search(r.condition) for r in question.risk_rules
        ):
            out.append(doc.problem((*at, "riskRules"), NO_DEFAULT))
    return out


def _unknown(
    doc: Document, at: Loc, model: BaseModel, known: frozenset[str] = frozenset()
) -> list[Problem]:
    return [
        doc.problem((*at, key), "not part of the lens format; ignored", key=True)
        for key in model.model_extra or {}
        if key not in known
    ]


def _raw(data: Any, at: Loc) -> Any:
    for part in at:
        data = data[part]
    return data
