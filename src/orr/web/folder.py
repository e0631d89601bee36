"""The folder page: each review below the served folder, with its verdict and progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from orr.catalog import Catalog
from orr.errors import OrrError
from orr.inputs import expand, kind_of
from orr.loading import read_document
from orr.web.page import open_review, review_page


@dataclass(frozen=True, slots=True)
class ReviewRow:
    key: str  # the file's path below the folder, as in the page's URL
    service: str
    owner: str
    verdict: str
    score: float | None
    answered: int
    total: int
    problem: str | None = None


def review_keys(root: Path) -> list[str]:
    """The review files below ``root`` (YAML only: orr serve writes comment-keeping YAML)."""
    keys = []
    for path in expand([root]):
        if path.suffix.lower() not in (".yaml", ".yml"):
            continue
        try:
            kind = kind_of(read_document(path).data)
        except OrrError:
            kind = "review"  # listed, with the reason it cannot be opened
        if kind == "review":
            keys.append(path.relative_to(root).as_posix())
    return keys


def rows(root: Path, catalog: Catalog, today: dt.date, policy: Path | None) -> list[ReviewRow]:
    out = []
    for key in review_keys(root):
        try:
            opened = open_review(root / key, catalog)
            view = review_page(key, opened, today, policy, paged=False)
        except OrrError as error:
            first = error.message.splitlines()[0]
            out.append(ReviewRow(key, key, "", "INVALID", None, 0, 0, first))
            continue
        result = view.result
        out.append(
            ReviewRow(
                key,
                result.service,
                result.owner,
                result.verdict,
                result.score,
                view.answered,
                view.total,
            )
        )
    return out
