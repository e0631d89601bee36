"""An orr checklist as a Well-Architected custom lens the AWS tool accepts.

Sections become pillars. A pillar's id is the section's ``pillar`` when no other section of the
checklist shares it, else the section's id (ids swap '-' for '_'). Items with choices keep their
choices and rules. Plain items (answered met, partial or unmet) get three choices, ``met``,
``partial`` and ``unmet_no`` ("None of these"), and rules derived so that the AWS tool gives the
risk orr gives, with orr's levels mapped high -> HIGH_RISK, medium -> MEDIUM_RISK,
low -> MEDIUM_RISK (the lens format has no low level) and none -> NO_RISK. If a reviewer ticks
several of the three, the best one ticked counts (the rules are tried met first).

Every limit of the format is enforced: see ``fitting`` for what happens when text is too long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from orr.lens import format as fmt
from orr.lens.fitting import Fitter, Note
from orr.lens.output import lens_json
from orr.loading import Loc
from orr.model import Checklist, Choice, Item, Link, Resource, Risk

WA_RISK: dict[str, str] = {
    "high": "HIGH_RISK",
    "medium": "MEDIUM_RISK",
    "low": "MEDIUM_RISK",
    "none": "NO_RISK",
}
RESOURCE_TYPE: dict[str, str] = {"helpful": "HELPFUL_RESOURCE", "improvement": "IMPROVEMENT_PLAN"}
#: The choices of a plain item: (id, title); the last is the lens's "None of these".
PLAIN_CHOICES = (("met", "Yes, fully in place"), ("partial", "Partly in place"))
UNMET_CHOICE = ("unmet_no", "None of these")
#: orr's risk of a partial answer: one level lower than the item's risk.
_LOWER: dict[str, str] = {"high": "medium", "medium": "low", "low": "none"}
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-]*")
_NO_PLAN = "Put in place what the question asks."


@dataclass(frozen=True)
class Exported:
    lens: dict[str, Any]
    text: str
    changes: list[Note]  # what --fit shortened or renamed
    violations: list[Note]  # what does not fit
    notes: list[Note]  # what the lens format has no place for


def plain_rules(risk: Risk) -> list[dict[str, str]]:
    """Risk rules for met/partial/unmet choices giving orr's risk, one rule per level."""
    level = {"met": "NO_RISK", "partial": WA_RISK[_LOWER[risk]]}
    default = WA_RISK[risk]
    grouped: dict[str, list[str]] = {}
    for choice, _ in PLAIN_CHOICES:
        if level[choice] != default:
            grouped.setdefault(level[choice], []).append(choice)
    rules = [{"condition": " || ".join(ids), "risk": wa} for wa, ids in grouped.items()]
    return [*rules, {"condition": "default", "risk": default}]


def export_lens(checklist: Checklist, *, fit: bool = False) -> Exported:
    exporter = _Exporter(checklist, Fitter(fit))
    lens = exporter.lens()
    text = lens_json(lens)
    size = len(text.encode("utf-8"))
    if size > fmt.MAX_BYTES:
        exporter.fitter.violation(
            (),
            checklist.id,
            f"the lens would be {size:,} bytes, over the limit of {fmt.MAX_BYTES:,} (500 KB); "
            "split the checklist",
        )
    fitter = exporter.fitter
    return Exported(lens, text, fitter.changes, fitter.violations, exporter.notes())


class _Exporter:
    def __init__(self, checklist: Checklist, fitter: Fitter) -> None:
        self.checklist = checklist
        self.fitter = fitter
        self.question_ids: set[str] = set()

    def lens(self) -> dict[str, Any]:
        c, fit = self.checklist, self.fitter
        pillars = self.pillars()
        if len(pillars) > fmt.MAX_PILLARS:
            fit.violation(
                ("sections",),
                c.id,
                f"{len(pillars)} pillars (one per section), over the lens limit of "
                f"{fmt.MAX_PILLARS}; split the checklist",
            )
        return {
            "schemaVersion": fmt.SCHEMA_VERSION,
            "name": fit.text(c.title, fmt.MAX_NAME, ("title",), c.id, "title"),
            "description": fit.text(
                c.description or c.title,
                fmt.MAX_DESCRIPTION,
                ("description",),
                c.id,
                "description",
            ),
            "pillars": pillars,
        }

    def pillars(self) -> list[dict[str, Any]]:
        sections = self.checklist.sections
        shared = [s.pillar for s in sections]
        taken: set[str] = set()
        pillars = []
        for s, section in enumerate(sections):
            ref = f"{self.checklist.id}, section {section.id!r}"
            own = section.pillar if section.pillar and shared.count(section.pillar) == 1 else None
            at: Loc = ("sections", s, "pillar" if own else "id")
            pillar_id = self.fitter.id(own or section.id, taken, at, ref, "pillar")
            name = self.fitter.text(
                section.title, fmt.MAX_NAME, ("sections", s, "title"), ref, "section title"
            )
            questions = [
                self.question(("sections", s, "items", i), item)
                for i, item in enumerate(section.items)
            ]
            chunks = [
                questions[n : n + fmt.MAX_QUESTIONS]
                for n in range(0, len(questions), fmt.MAX_QUESTIONS)
            ]
            if len(chunks) > 1 and not self.fitter.fit:
                self.fitter.violation(
                    ("sections", s, "items"),
                    ref,
                    f"{len(questions)} items, over the lens limit of {fmt.MAX_QUESTIONS} "
                    "questions per pillar; split the section or pass --fit",
                )
                chunks = [questions]
            for n, chunk in enumerate(chunks, start=1):
                part_id, part_name = pillar_id, name
                if n > 1:
                    part_id = self.fitter.id(f"{pillar_id}_{n}", taken, at, ref, "pillar")
                    part_name = f"{name[: fmt.MAX_NAME - 4]} ({n})"
                    first = fmt.MAX_QUESTIONS * (n - 1) + 1
                    self.fitter.change(
                        at,
                        ref,
                        f"items {first}-{first + len(chunk) - 1} moved to pillar {part_id!r} "
                        f"({part_name!r}): a pillar holds at most {fmt.MAX_QUESTIONS} questions",
                    )
                pillars.append({"id": part_id, "name": part_name, "questions": chunk})
        return pillars

    def question(self, at: Loc, item: Item) -> dict[str, Any]:
        ref = f"{self.checklist.id}/{item.id}"
        fit = self.fitter
        question_id = fit.id(item.id, self.question_ids, (*at, "id"), ref, "question")
        title = fit.text(item.question, fmt.MAX_TITLE, (*at, "question"), ref, "question")
        out: dict[str, Any] = {"id": question_id, "title": title}
        description = self.description(at, item, shortened=title != item.question)
        if description:
            out["description"] = description
        helpful = item.helpful_resource or _first_link(item.references)
        if helpful is not None:
            out["helpfulResource"] = _content(helpful)
        if item.choices:
            out["choices"], out["riskRules"] = self.choices(at, ref, item)
        else:
            out["choices"], out["riskRules"] = _plain_choices(item), plain_rules(item.risk)
        return out

    def description(self, at: Loc, item: Item, *, shortened: bool) -> str:
        """why, led by the full question when its title was shortened, then guidance if room."""
        limit, ref = fmt.MAX_DESCRIPTION, f"{self.checklist.id}/{item.id}"
        why = self.fitter.text(item.why, limit, (*at, "why"), ref, "why")
        parts = [why] if why else []
        if shortened and _fits([item.question, *parts], limit):
            parts.insert(0, item.question)
        if item.guidance and _fits([*parts, item.guidance], limit):
            parts.append(item.guidance)
        return "\n\n".join(parts)

    def choices(
        self, at: Loc, ref: str, item: Item
    ) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        fit = self.fitter
        if len(item.choices) > fmt.MAX_CHOICES:
            fit.violation(
                (*at, "choices"),
                ref,
                f"{len(item.choices)} choices, over the lens limit of {fmt.MAX_CHOICES} per "
                "question; merge some",
            )
        taken: set[str] = set()
        renamed: dict[str, str] = {}
        choices = []
        for c, choice in enumerate(item.choices):
            c_at: Loc = (*at, "choices", c)
            choice_id = fit.id(choice.id, taken, (*c_at, "id"), ref, "choice")
            choices.append(self.choice(c_at, ref, choice, choice_id))
            renamed[choice.id] = str(choices[-1]["id"])
        rules = [
            {
                "condition": _NAME.sub(lambda m: renamed.get(m.group(), m.group()), rule.condition),
                "risk": WA_RISK[rule.risk],
            }
            for rule in item.risk_rules
        ]
        return choices, rules

    def choice(self, at: Loc, ref: str, choice: Choice, choice_id: str) -> dict[str, Any]:
        fit = self.fitter
        title = fit.text(
            choice.title, fmt.MAX_TITLE, (*at, "title"), ref, f"title of {choice.id!r}"
        )
        plan = _content(choice.improvement_plan) if choice.improvement_plan else None
        if plan is None and not fmt.is_none_choice(choice_id):
            need = f"choice {choice.id!r} has no improvement_plan, which the lens format requires"
            if choice.none_of_these and fit.fit:
                fit.change(
                    at,
                    ref,
                    f'{need} except on "None of these": id {choice_id!r} '
                    f"renamed {choice_id + '_no'!r}",
                )
                choice_id += "_no"
            elif fit.fit:
                fit.change(at, ref, f"{need}: its title is used as the plan")
                plan = {"displayText": title}
            else:
                hint = " (or an id ending in '_no', for \"None of these\")"
                fit.violation(
                    at, ref, f"{need}{hint if choice.none_of_these else ''}; add one or pass --fit"
                )
        out: dict[str, Any] = {"id": choice_id, "title": title}
        if choice.description:
            out["description"] = choice.description
        if choice.helpful_resource:
            out["helpfulResource"] = _content(choice.helpful_resource)
        if plan:
            out["improvementPlan"] = plan
        if choice.additional_resources:
            out["additionalResources"] = [
                {"type": RESOURCE_TYPE[extra.type], "content": [_content(r) for r in extra.content]}
                for extra in choice.additional_resources
            ]
        return out

    def notes(self) -> list[Note]:
        items = [item for _, item in self.checklist.iter_items()]
        unused = {
            "mandatory": sum(i.mandatory for i in items),
            "evidence: required": sum(i.evidence == "required" for i in items),
            "applies_when": sum(i.applies_when is not None for i in items),
            "weight": sum(i.weight is not None for i in items),
        }
        used = [f"{k} ({n})" for k, n in unused.items() if n]
        if not used:
            return []
        return [
            Note(
                (),
                self.checklist.id,
                "the lens format has no place for "
                + ", ".join(used)
                + "; the lens leaves them out",
            )
        ]


def _plain_choices(item: Item) -> list[dict[str, Any]]:
    plan = {"displayText": item.remediation or _NO_PLAN}
    return [
        *({"id": cid, "title": title, "improvementPlan": plan} for cid, title in PLAIN_CHOICES),
        {"id": UNMET_CHOICE[0], "title": UNMET_CHOICE[1]},
    ]


def _first_link(references: list[Link]) -> Resource | None:
    for link in references:
        if link.url:
            return Resource(text=link.title, url=link.url)
    return None


def _content(resource: Resource) -> dict[str, str]:
    out = {"displayText": resource.text}
    if resource.url:
        out["url"] = resource.url
    return out


def _fits(parts: list[str], limit: int) -> bool:
    return len("\n\n".join(parts)) <= limit
