"""Checklist overlays: an organisation's changes to the checklists it uses, applied before
a review is evaluated (and before its answers are checked, so an added item can be answered).

Overlays are named in the settings file (``overlays = [...]`` in ``.orr.toml`` or
``[tool.orr]``, paths relative to that file) and applied in order. By default an overlay may
only tighten: raise the risk or weight, make an item mandatory, ask for more evidence, add
guidance or items. Loosening (the opposite, a changed ``applies_when``, or dropping an item)
needs ``allow_loosen: true`` in the overlay and is listed in every report's audit
appendix with the overlay's path and sha256. A change with ``when:`` holds only for the
reviews whose context makes it true (a key the review does not set makes it hold).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from orr import expr
from orr.errors import InputError, Problem
from orr.loading import Document, read_document, validate
from orr.model import Checklist, Item, Section
from orr.policy import load_settings
from orr.suggest import did_you_mean

if TYPE_CHECKING:  # the models are built only when a settings file names overlays
    from orr.model.overlay import ItemChange, Overlay

M = TypeVar("M", bound=BaseModel)
_RISK_RANK = {"low": 0, "medium": 1, "high": 2}
_EVIDENCE_RANK = {"none": 0, "optional": 1, "required": 2}


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity
class OverlayFile:
    path: Path
    sha256: str
    overlay: Overlay
    document: Document


@dataclass(frozen=True, slots=True)
class Applied:
    """What the overlays did to one review's checklists."""

    checklists: dict[str, Checklist]
    files: tuple[OverlayFile, ...] = ()  # every overlay applied, in order
    #: item ref -> what was changed, one phrase per change ("made mandatory by overlay acme")
    notes: dict[str, list[str]] = field(default_factory=dict)
    #: (overlay file, phrase) for each loosening applied: the audit appendix lists them
    loosened: list[tuple[OverlayFile, str]] = field(default_factory=list)


# --- the settings key ----------------------------------------------------------------------


def overlay_paths(settings: Path | None) -> list[Path]:
    """The overlays a settings file names (``overlays = [...]``), relative to that file."""
    if settings is None:
        return []
    return [settings.parent / entry for entry in load_settings(settings).overlays]


# --- reading and checking overlays ---------------------------------------------------------


def load_overlays(paths: Sequence[Path], base: Mapping[str, Checklist]) -> list[OverlayFile]:
    """Each overlay validated against the checklists it changes (``base``, by id); every
    problem in every overlay is raised together."""
    from orr.model.overlay import Overlay

    problems: list[Problem] = []
    loaded: list[OverlayFile] = []
    for path in paths:
        try:
            doc = read_document(path)
            overlay = validate(doc, Overlay)
        except InputError as error:
            problems.extend(error.problems)
            continue
        problems.extend(_problems(doc, overlay, base))
        loaded.append(OverlayFile(path, doc.sha256, overlay, doc))
    if problems:
        raise InputError(problems)
    return loaded


def checklist_ids(paths: Sequence[Path]) -> set[str]:
    """The checklist ids the overlays name (to load them before checking the overlays)."""
    ids: set[str] = set()
    for path in paths:
        try:
            data = read_document(path).data
        except InputError:
            continue  # load_overlays reports it
        for key, field_name in (("changes", "item"), ("add", "section"), ("drop", "item")):
            for entry in data.get(key) or []:
                if isinstance(entry, dict) and isinstance(entry.get(field_name), str):
                    ids.add(entry[field_name].partition("/")[0])
    return ids


def _problems(doc: Document, overlay: Overlay, base: Mapping[str, Checklist]) -> list[Problem]:
    problems: list[Problem] = []

    def item_at(ref: str, at: tuple[str | int, ...]) -> Item | None:
        cid, sep, iid = ref.partition("/")
        checklist = base.get(cid)
        if not sep or checklist is None:
            hint = did_you_mean(cid, base) if sep else ""
            problems.append(
                doc.problem(
                    at,
                    f"no checklist {cid!r}{hint}; write checklist-id/item-id"
                    if sep
                    else f"{ref!r} is not an item reference; write it as checklist-id/item-id",
                )
            )
            return None
        item = checklist.items_by_id.get(iid)
        if item is None:
            problems.append(
                doc.problem(
                    at,
                    f"no item {iid!r} in checklist {cid!r}"
                    f"{did_you_mean(iid, checklist.items_by_id)}; an upgrade of the checklist "
                    "may have removed or renamed it: change the overlay to match",
                )
            )
        return item

    for n, change in enumerate(overlay.changes):
        item = item_at(change.item, ("changes", n, "item"))
        if item is None or overlay.allow_loosen:
            continue
        for name, loosening in _loosenings(change, item):
            problems.append(
                doc.problem(
                    ("changes", n, name),
                    f"{loosening}, which loosens the checklist; set `allow_loosen: true` in "
                    "this overlay to allow it",
                )
            )
    for n, addition in enumerate(overlay.add):
        cid, _, sid = addition.section.partition("/")
        checklist = base.get(cid)
        sections = {s.id for s in checklist.sections} if checklist else set()
        if checklist is None or sid not in sections:
            where = f"checklist {cid!r}{did_you_mean(cid, base)}"
            if checklist is not None:
                where = f"section {sid!r} in checklist {cid!r}{did_you_mean(sid, sections)}"
            problems.append(
                doc.problem(("add", n, "section"), f"no {where}; write checklist-id/section-id")
            )
        elif addition.item.id in checklist.items_by_id:
            problems.append(
                doc.problem(
                    ("add", n, "item", "id"),
                    f"checklist {cid!r} already has an item {addition.item.id!r}; change it "
                    "under `changes:`, or give the new item another id",
                )
            )
    for n, drop in enumerate(overlay.drop):
        item_at(drop.item, ("drop", n, "item"))
        if not overlay.allow_loosen:
            problems.append(
                doc.problem(
                    ("drop", n, "item"),
                    f"dropping {drop.item} loosens the checklist; set `allow_loosen: true` in "
                    "this overlay to allow it",
                )
            )
    return problems


def _loosenings(change: ItemChange, item: Item) -> list[tuple[str, str]]:
    """(field, what it does) for each part of ``change`` that loosens ``item``."""
    out = []
    if change.mandatory is False and item.mandatory:
        out.append(("mandatory", f"making {change.item} not mandatory"))
    if change.risk and _RISK_RANK[change.risk] < _RISK_RANK[item.risk]:
        out.append(
            ("risk", f"lowering the risk of {change.item} from {item.risk} to {change.risk}")
        )
    if change.weight is not None and change.weight < item.effective_weight:
        out.append(
            (
                "weight",
                f"lowering the weight of {change.item} from {item.effective_weight:g} to "
                f"{change.weight:g}",
            )
        )
    if change.evidence and _EVIDENCE_RANK[change.evidence] < _EVIDENCE_RANK[item.evidence]:
        out.append(
            (
                "evidence",
                f"asking less evidence for {change.item} ({item.evidence} to {change.evidence})",
            )
        )
    if change.applies_when is not None and change.applies_when != item.applies_when:
        out.append(
            (
                "applies_when",
                f"changing when {change.item} applies (it may then not apply to some services)",
            )
        )
    return out


# --- applying them to one review -----------------------------------------------------------


def apply(
    checklists: Mapping[str, Checklist],
    overlays: Sequence[OverlayFile],
    context: Mapping[str, expr.Value],
    *,
    drops: bool = True,
) -> Applied:
    """The checklists as ``overlays`` leave them for a review with ``context``.

    ``drops=False`` keeps dropped items (to check a review's answers, which may still answer
    an item an overlay drops).
    """
    result = Applied(dict(checklists), tuple(overlays))
    for found in overlays:
        overlay = found.overlay
        label = f"overlay {overlay.overlay}"
        for addition in overlay.add:
            cid, _, sid = addition.section.partition("/")
            if cid in result.checklists:
                item = addition.item
                if addition.when:  # the item applies only where the overlay's `when` holds
                    rule = item.applies_when
                    both = f"({addition.when}) and ({rule})" if rule else addition.when
                    item = _copy(item, applies_when=both)
                result.checklists[cid] = _with_section(
                    result.checklists[cid], sid, lambda s, item=item: [*s.items, item]
                )
                ref = f"{cid}/{addition.item.id}"
                result.notes.setdefault(ref, []).append(f"added by {label}")
        for change in overlay.changes:
            cid, _, iid = change.item.partition("/")
            if cid not in result.checklists or not _holds(change.when, context):
                continue
            update, phrases = _update(change, result.checklists[cid].items_by_id[iid])
            result.checklists[cid] = _with_item(result.checklists[cid], iid, update)
            result.notes.setdefault(change.item, []).extend(f"{p} by {label}" for p in phrases)
            for name, loosening in _loosenings(change, checklists[cid].items_by_id[iid]):
                del name
                result.loosened.append((found, loosening))
        for drop in overlay.drop if drops else ():
            cid, _, iid = drop.item.partition("/")
            if cid not in result.checklists or not _holds(drop.when, context):
                continue
            result.checklists[cid] = _with_section(
                result.checklists[cid],
                None,
                lambda s, iid=iid: [i for i in s.items if i.id != iid],
            )
            result.loosened.append((found, f"dropping {drop.item}: {drop.reason}"))
    return result


def _holds(when: str | None, context: Mapping[str, expr.Value]) -> bool:
    if when is None:
        return True
    try:
        return expr.evaluate_applies_when(expr.parse_applies_when(when), context)
    except (expr.MissingContext, expr.ExprError):
        return True


def _update(change: ItemChange, item: Item) -> tuple[dict[str, Any], list[str]]:
    update: dict[str, Any] = {}
    phrases: list[str] = []
    if change.mandatory is not None and change.mandatory != item.mandatory:
        update["mandatory"] = change.mandatory
        phrases.append("made mandatory" if change.mandatory else "made not mandatory")
    if change.risk is not None and change.risk != item.risk:
        update["risk"] = change.risk
        phrases.append(f"risk {item.risk} → {change.risk}")
    if change.weight is not None and change.weight != item.effective_weight:
        update["weight"] = change.weight
        phrases.append(f"weight {item.effective_weight:g} → {change.weight:g}")
    if change.evidence is not None and change.evidence != item.evidence:
        update["evidence"] = change.evidence
        phrases.append(f"evidence {item.evidence} → {change.evidence}")
    if change.applies_when is not None and change.applies_when != item.applies_when:
        update["applies_when"] = change.applies_when or None
        phrases.append(f"applies when `{change.applies_when}`")
    if change.guidance:
        update["guidance"] = f"{item.guidance.rstrip()}\n\n{change.guidance}".strip()
        phrases.append("guidance added")
    return update, phrases


def _with_item(checklist: Checklist, item_id: str, update: dict[str, Any]) -> Checklist:
    def edit(section: Section) -> list[Item]:
        return [_copy(i, **update) if i.id == item_id else i for i in section.items]

    return _with_section(checklist, None, edit)


def _with_section(checklist: Checklist, section_id: str | None, items: Any) -> Checklist:
    """``checklist`` with ``items(section)`` as the items of one section (or every one)."""
    sections = [
        _copy(s, items=items(s)) if section_id in (None, s.id) else s for s in checklist.sections
    ]
    return _copy(checklist, sections=sections)


def _copy(model: M, **update: Any) -> M:
    """A new ``model`` with ``update``: not ``model_copy``, which would keep the cached
    properties (``items_by_id``) of the original."""
    fields = {name: getattr(model, name) for name in type(model).model_fields}
    return type(model).model_construct(**{**fields, **update})
