"""`checked:` records of many files: a map several records repeat is written once, read the same."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from orr.catalog import Catalog, load_review
from orr.checks.run import check_review, record
from orr.checks.stale import stale_checks
from orr.editing.answerfile import set_answer
from orr.editing.answertext import replace_answer
from tests.test_checks_pool import bench_repo

TODAY = dt.date(2026, 12, 1)


def recorded(review: Path) -> dict[str, Any]:
    return yaml.safe_load(review.read_text())["answers"]  # type: ignore[no-any-return]


def test_a_files_map_the_records_repeat_is_written_once_and_reads_back_the_same(
    tmp_path: Path,
) -> None:
    review = bench_repo(tmp_path / "repo")
    run = check_review(review, Catalog.with_bundled(), TODAY)
    text = review.read_text()
    assert text.count("&files1\n") == 1 and "&files2" not in text
    assert len(re.findall(r"svc000/template.yaml: [0-9a-f]{64}\n", text)) == 1
    with_files = sum(1 for item in run.items for result in item.results if result.files)
    assert text.count("files: *files1\n") == with_files - 1 > 10
    expected = {i.ref: [record(r, TODAY, ".") for r in i.results] for i in run.items}
    assert {ref: a["checked"] for ref, a in recorded(review).items()} == expected


def test_a_changed_file_makes_exactly_the_checks_that_looked_at_it_stale(tmp_path: Path) -> None:
    review = bench_repo(tmp_path / "repo")
    check_review(review, Catalog.with_bundled(), TODAY)
    changed = tmp_path / "repo" / "services" / "svc004" / "template.yaml"
    changed.write_text(changed.read_text() + "# a comment\n")
    answers = load_review(review, Catalog.with_bundled()).review.answers
    stale = stale_checks(answers, review)
    looked = {
        ref
        for ref, answer in recorded(review).items()
        if any("services/svc004/template.yaml" in r.get("files", {}) for r in answer["checked"])
    }
    assert set(stale) == looked and len(looked) > 10
    # the review matches `**/*.yaml` too, but is never evidence for its own checks
    assert all(names == ("services/svc004/template.yaml",) for names in stale.values())


def test_anchor_names_the_file_already_uses_are_left_alone(tmp_path: Path) -> None:
    review = bench_repo(tmp_path / "repo")
    person = (
        "  resilience/graceful-degradation:\n"
        "    status: met\n"
        "    evidence: &files1\n"
        "      - https://wiki.example.com/degraded-mode\n"
        "      - https://wiki.example.com/game-day\n"
        "  resilience/load-tested:\n"
        "    status: met\n"
        "    evidence: *files1\n"
    )
    review.write_text(review.read_text().replace("answers: {}\n", "answers:\n" + person))
    check_review(review, Catalog.with_bundled(), TODAY)
    written = review.read_text()
    assert person.partition("  resilience/load")[0] in written
    assert "    evidence: *files1\n" in written
    assert "&files2\n" in written and "files: *files2\n" in written
    assert recorded(review)["resilience/load-tested"]["evidence"] == [
        "https://wiki.example.com/degraded-mode",
        "https://wiki.example.com/game-day",
    ]


def test_checking_again_keeps_the_anchor_names(tmp_path: Path) -> None:
    review = bench_repo(tmp_path / "repo")
    check_review(review, Catalog.with_bundled(), TODAY)
    first = review.read_text()
    check_review(review, Catalog.with_bundled(), TODAY + dt.timedelta(days=1))
    again = review.read_text()
    assert again != first  # the dates, and the review's own sha256, changed
    assert again.count("&files1\n") == 1 and "&files2" not in again


def test_answering_a_checked_item_keeps_its_records_lines_and_every_other_byte(
    tmp_path: Path,
) -> None:
    """After `orr check` recorded (anchor and aliases), a person's answer to any item is
    written above that item's records, which stay as they were, like every other line."""
    review = bench_repo(tmp_path / "repo")
    check_review(review, Catalog.with_bundled(), TODAY)
    text = review.read_text()
    refs = list(recorded(review))
    answer = {"status": "met", "notes": "Seen in the meeting.", "answered_by": "dana"}
    for ref in (refs[0], refs[len(refs) // 2]):  # the anchor's records, and an alias's
        new = set_answer(text, review, ref, answer)
        assert replace_answer(text, review, ref, *_written(text, review, ref, answer)) == new
        key = f"  {ref}:\n"
        added = "    status: met\n    notes: Seen in the meeting.\n    answered_by: dana\n"
        assert new == text.replace(key, key + added)
        assert (
            recorded(review) | {ref: {**answer, **recorded(review)[ref]}}
            == yaml.safe_load(new)["answers"]
        )


def _written(text: str, path: Path, ref: str, answer: dict[str, Any]) -> tuple[Any, Any]:
    """The answer as `set_answer` writes it (the records kept), and the document it gives."""
    data = yaml.safe_load(text)
    written = {**answer, "checked": data["answers"][ref]["checked"]}
    return written, {**data, "answers": {**data["answers"], ref: written}}
