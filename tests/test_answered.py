"""A save validates only the answer it changed (``answered.review_with_answer``): over random
saves of random answers, valid or not, it gives what validating the whole file gives."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orr.catalog import Catalog, LoadedReview, load_review, review_from_document
from orr.editing.answered import review_with_answer
from orr.editing.answerfile import save_answer
from orr.errors import InputError, OrrError
from orr.loading import Document
from tests.conftest import DATA

ITEMS = ["one-box", "rollback", "bake-time", "regions", "lambda-canary", "runbooks", "on-call"]
REFS = [f"demo/{item}" for item in ITEMS]

answers = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(["met", "partial", "unmet", "n/a", "maybe"]),
        "choices": st.lists(st.sampled_from(["paging", "tested", "none", "nope"]), unique=True),
        "notes": st.sampled_from(["", "Checked.", "two\nlines"]),
        "reason": st.sampled_from(["", "Not on the path."]),
        "evidence": st.lists(st.sampled_from(["https://ci.example.com/1", "wiki"]), max_size=2),
    },
).filter(bool)


def _review(folder: Path, kind: str) -> Path:
    shutil.copytree(DATA / "review" / "checklists", folder / "checklists")
    path = folder / "review.yaml"
    source = DATA / "review" / ("fresh.yaml" if kind == "plain" else "commented.yaml")
    if kind == "plain":  # no comments: the save takes the fast path
        data = yaml.safe_load(source.read_text("utf-8"))
        data["answers"] = {"demo/rollback": {"status": "unmet", "notes": "manual only"}}
        path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    else:
        shutil.copy(source, path)
    return path


def _outcome(validate: Callable[[], LoadedReview]) -> LoadedReview | list[Any]:
    try:
        return validate()
    except InputError as error:
        return error.problems


class _Check:
    """The save's check: both ways of validating the new text must agree."""

    last: LoadedReview

    def __call__(self, before: LoadedReview, ref: str) -> Callable[[Document], None]:
        catalog = Catalog.with_bundled([before.document.path.parent / "checklists"])

        def check(document: Document) -> None:
            whole = _outcome(lambda: review_from_document(document, catalog))
            one = _outcome(lambda: review_with_answer(before, document, ref, catalog))
            assert one == whole
            if isinstance(one, list):
                raise InputError(one)
            self.last = one

        return check


_check = _Check()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(["plain", "commented"]),
    st.lists(st.tuples(st.sampled_from([*REFS, "demo/nope", "other/x"]), answers), max_size=6),
)
def test_validating_the_one_answer_gives_what_validating_the_file_gives(
    tmp_path_factory: pytest.TempPathFactory, kind: str, saves: list[tuple[str, dict[str, Any]]]
) -> None:
    path = _review(tmp_path_factory.mktemp("review"), kind)
    catalog = Catalog.with_bundled([path.parent / "checklists"])
    before = load_review(path, catalog)
    for ref, answer in saves:
        try:
            save_answer(path, ref, answer, based_on=None, order=REFS, check=_check(before, ref))
        except OrrError:
            continue  # refused: the file is as it was, and so is ``before``
        before = _check.last
        assert before == load_review(path, catalog)  # the document too: text, data, lines
