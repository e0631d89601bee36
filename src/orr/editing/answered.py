"""A review with one answer changed, validated without validating the whole review again.

A save changes one answer of a review that was validated when it was read (or last saved):
every other part is as valid as it was. ``review_with_answer`` checks what changed as
``orr validate`` would check it (the answer's schema, its item and its choices) and keeps the
rest; anything else that changed, or any problem, and the review is validated whole, which
reports every problem where it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from orr.catalog import Catalog, LoadedReview, review_from_document
from orr.loading import Document
from orr.model import Answer
from orr.validation import answer_problems


def review_with_answer(
    before: LoadedReview, document: Document, ref: str, catalog: Catalog
) -> LoadedReview:
    """The validated review ``document`` holds, given ``before``, which was read from the same
    file and holds the same data but for, at most, ``answers.<ref>``.

    Gives what ``review_from_document(document, catalog)`` gives, as long as the checklists,
    baselines and settings ``before`` was read with are unchanged (`orr serve` reads a review
    again when one of them changes).
    """
    old, new = before.document.data, document.data
    if document.path != before.document.path or not _only_answer_changed(old, new, ref):
        return review_from_document(document, catalog)
    try:
        answer = Answer.model_validate(new["answers"][ref])
    except ValidationError:
        return review_from_document(document, catalog)  # which says where and why
    review = before.review
    if answer_problems(document, review, before.checklists, ref, answer):
        return review_from_document(document, catalog)
    answers = {key: answer if key == ref else review.answers[key] for key in new["answers"]}
    return replace(before, document=document, review=review.model_copy(update={"answers": answers}))


def _only_answer_changed(old: Mapping[str, Any], new: Mapping[str, Any], ref: str) -> bool:
    """Whether the two documents' data differ in ``answers.<ref>`` alone (a save's data
    shares the unchanged values with the data it was made from: ``is`` finds most)."""
    if old.keys() != new.keys() or not isinstance(new.get("answers"), dict):
        return False
    if any(new[k] is not old[k] and new[k] != old[k] for k in new if k != "answers"):
        return False
    before, after = old["answers"], new["answers"]
    if not isinstance(before, dict) or before.keys() - {ref} != after.keys() - {ref}:
        return False
    return all(after[k] is before[k] or after[k] == before[k] for k in after if k != ref)
