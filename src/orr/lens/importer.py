"""A Well-Architected custom lens as an orr checklist.

Pillars become sections (``pillar`` keeps the lens pillar id), questions become items with
their choices and risk rules (conditions kept in the lens syntax, rule order kept: the first
rule that holds wins), resources and improvement plans move across unchanged.

Tolerant of what real files contain, strict about what breaks meaning: see ``checks``. An id
orr cannot take as it is (lens ids may start with ``_``) is renamed ``id_...`` with a warning,
and the risk rules follow the rename. A question without a ``default`` rule is imported with a
warning: when none of its conditions holds, its risk is none (NO_RISK), as ``choice_risk`` says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from orr.errors import InputError, Problem
from orr.lens.checks import check_lens
from orr.lens.format import AdditionalResources, Content, LensChoice, Question, is_none_choice
from orr.lens.reading import Lens
from orr.loading import Document, Loc
from orr.model import Checklist
from orr.model.fields import Version
from orr.model.types import SLUG_PATTERN

RISK_OF: dict[str, str] = {"HIGH_RISK": "high", "MEDIUM_RISK": "medium", "NO_RISK": "none"}
RESOURCE_TYPE_OF: dict[str, str] = {
    "HELPFUL_RESOURCE": "helpful",
    "IMPROVEMENT_PLAN": "improvement",
}
_SLUG = re.compile(SLUG_PATTERN)
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]*")  # a choice id inside a condition
_NONE_TITLE = re.compile(r"\s*none of (these|the above)\b", re.IGNORECASE)
_VERSION: TypeAdapter[str] = TypeAdapter(Version)


@dataclass(frozen=True)
class Imported:
    checklist: Checklist
    warnings: list[Problem]


def import_lens(doc: Document, checklist_id: str | None = None) -> Imported:
    """The checklist a lens document describes; InputError listing every error if it has any."""
    check = check_lens(doc, limits=False)
    lens = check.reading.complete()
    if lens is None or check.errors:
        raise InputError(check.errors)
    importer = _Importer(doc)
    data = importer.checklist(lens, slug(checklist_id or lens.head.name))
    if importer.errors:
        raise InputError(importer.errors)
    try:
        checklist = Checklist.model_validate(data)
    except ValidationError as error:  # the checks above should make this unreachable
        raise InputError.at(doc.path, f"cannot be imported: {error}") from None
    return Imported(checklist, sorted([*check.warnings, *importer.warnings]))


def slug(text: str) -> str:
    """A checklist id made of a name: lower case, words joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:64].strip("-") or "lens"


def version_of(value: Any) -> str:
    """``_version`` when it reads as a version (``v3.1.0`` -> ``3.1.0``), else ``1.0.0``."""
    if isinstance(value, str):
        candidate = value.strip().removeprefix("v").removeprefix("V")
        try:
            return _VERSION.validate_python(candidate)
        except ValidationError:
            pass
    return "1.0.0"


class _Importer:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []

    def checklist(self, lens: Lens, checklist_id: str) -> dict[str, Any]:
        head = lens.head
        pillar_id = self._renamer({p.head.id for p in lens.pillars})
        question_id = self._renamer({q.id for _, _, _, q in lens.questions()})
        sections = []
        for p, pillar in enumerate(lens.pillars):
            items = [
                self.item(("pillars", p, "questions", q), question, question_id)
                for q, question in enumerate(pillar.questions)
            ]
            sections.append(
                {
                    "id": pillar_id(("pillars", p, "id"), pillar.head.id),
                    "title": pillar.head.name,
                    "pillar": pillar.head.id,
                    "items": items,
                }
            )
        return _compact(
            {
                "id": checklist_id,
                "title": head.name,
                "version": version_of((head.model_extra or {}).get("_version")),
                "description": head.description,
                "sections": sections,
            }
        )

    def item(self, at: Loc, question: Question, question_id: _Rename) -> dict[str, Any]:
        choice_id = self._renamer({c.id for c in question.choices})
        renamed: dict[str, str] = {}
        choices = []
        for c, choice in enumerate(question.choices):
            new_id = choice_id((*at, "choices", c, "id"), choice.id)
            renamed[choice.id] = new_id
            choices.append(self.choice((*at, "choices", c), choice, new_id))
        rules = [
            {
                "condition": _NAME.sub(lambda m: renamed.get(m.group(), m.group()), r.condition),
                "risk": RISK_OF[r.risk],
            }
            for r in question.risk_rules
        ]
        levels = {r.risk for r in question.risk_rules}
        helpful = self.resource((*at, "helpfulResource"), question.helpful_resource)
        references = []
        if helpful and helpful.get("url"):
            references.append({"title": helpful["text"], "url": helpful["url"]})
        return _compact(
            {
                "id": question_id((*at, "id"), question.id),
                "question": question.title,
                "why": question.description,
                "references": references,
                "risk": "high"
                if "HIGH_RISK" in levels
                else "medium"
                if "MEDIUM_RISK" in levels
                else "low",
                "helpful_resource": helpful,
                "choices": choices,
                "risk_rules": rules,
            }
        )

    def choice(self, at: Loc, choice: LensChoice, new_id: str) -> dict[str, Any]:
        return _compact(
            {
                "id": new_id,
                "title": choice.title,
                "description": choice.description,
                "helpful_resource": self.resource(
                    (*at, "helpfulResource"), choice.helpful_resource
                ),
                "improvement_plan": self.resource(
                    (*at, "improvementPlan"), choice.improvement_plan
                ),
                "additional_resources": [
                    extra
                    for a, resources in enumerate(choice.additional_resources)
                    if (extra := self.additional((*at, "additionalResources", a), resources))
                ],
                "none_of_these": is_none_choice(choice.id)
                or _NONE_TITLE.match(choice.title) is not None,
            }
        )

    def additional(self, at: Loc, resources: AdditionalResources) -> dict[str, Any] | None:
        content = [
            resource
            for k, item in enumerate(resources.content)
            if (resource := self.resource((*at, "content", k), item))
        ]
        if not content:
            return None
        return {"type": RESOURCE_TYPE_OF[resources.type], "content": content}

    def resource(self, at: Loc, content: Content | None) -> dict[str, Any] | None:
        if content is None:
            return None
        url = content.link
        if url is not None and not url.startswith(("http://", "https://")):
            self.warnings.append(
                self.doc.problem((*at, "url"), f"{url!r} is not an http(s) link; left out")
            )
            url = None
        text = content.display_text or url
        return _compact({"text": text, "url": url}) if text else None

    def _renamer(self, taken: Collection[str]) -> _Rename:
        """Maps lens ids to orr ids within one scope, renaming the few orr cannot take."""
        used = set(taken)

        def rename(at: Loc, value: str) -> str:
            if _SLUG.match(value):
                return value
            if value.startswith("_"):
                base = candidate = "id" + value
                n = 2
                while candidate in used:
                    candidate, n = f"{base}_{n}", n + 1
                if _SLUG.match(candidate):
                    used.add(candidate)
                    self.warnings.append(
                        self.doc.problem(
                            at,
                            f"{value!r} renamed {candidate!r}: orr ids start with a letter "
                            "or digit",
                        )
                    )
                    return candidate
            self.errors.append(
                self.doc.problem(
                    at,
                    f"{value!r} cannot be an orr id: use 1-128 letters, digits, '-' or '_', "
                    "starting with a letter or digit",
                )
            )
            return value

        return rename


_Rename = Callable[[Loc, str], str]


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values, so the written checklist shows only what the lens says."""
    return {k: v for k, v in data.items() if v not in ("", None, [], False)}
