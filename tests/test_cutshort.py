"""A plain text that a ``#word`` on its line cuts short is a warning of `orr validate`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from orr.cutshort import cut_short
from orr.loading import read_document
from tests.conftest import DATA, ROOT, CliRunner

CHECKLISTS = DATA / "review" / "checklists"
HEAD = """\
service: demo-api
owner: platform-team
checklists: [demo]
answers:
  demo/one-box:
    status: partial
"""


def _review(tmp_path: Path, answer_lines: str, name: str = "review.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + answer_lines, "utf-8")
    return path


def test_notes_cut_short_by_a_channel_name_are_a_located_warning(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = _review(tmp_path, "    notes: Pages the on-call in #payments-oncall first.\n")
    run = cli("validate", path, "--checklists", CHECKLISTS)
    assert run.code == 0
    assert run.out.splitlines() == [
        f"{path}:7:33: warning: answers.demo/one-box.notes: YAML reads '#payments-oncall first.' "
        "as a comment, so the text ends at 'Pages the on-call in'; put the whole text in quotes "
        "if that is part of it",
        "1 file valid (1 review); 1 warning",
    ]


def test_long_texts_are_shortened_in_the_warning(tmp_path: Path) -> None:
    words = " ".join(f"word{n}" for n in range(20))
    path = _review(tmp_path, f"    notes: {words} #{words}\n")
    (warning,) = cut_short(read_document(path))
    assert warning.message == (
        "warning: answers.demo/one-box.notes: YAML reads "
        "'#word0 word1 word2 word3 word4 word5 ...' as a comment, so the text ends at "
        "'...14 word15 word16 word17 word18 word19'; put the whole text in quotes if that is "
        "part of it"
    )


def test_comments_quoted_texts_links_and_block_texts_are_no_warning(
    cli: CliRunner, tmp_path: Path
) -> None:
    path = _review(
        tmp_path,
        "    notes: one-box exists   # a comment: a blank follows its hash\n"
        '    reason: "posted to #payments-oncall"\n'
        "    evidence:\n"
        "      - https://wiki.example.com/runbook#rollback\n"
        "      - 'see #42'\n"
        "  demo/rollback:\n"
        "    status: unmet\n"
        "    notes: |\n"
        "      Paged in #payments-oncall.\n"
        "      Ticket #42 #43\n",
    )
    run = cli("validate", path, "--checklists", CHECKLISTS)
    assert run.code == 0
    assert run.out.splitlines() == ["1 file valid (1 review)"]


def test_a_text_met_twice_through_an_alias_is_warned_about_once(tmp_path: Path) -> None:
    path = _review(
        tmp_path,
        "    notes: &same Paged in #payments-oncall\n"
        "  demo/rollback:\n"
        "    status: unmet\n"
        "    notes: *same\n",
    )
    assert [w.line for w in cut_short(read_document(path))] == [7]


def test_a_json_file_has_no_comments_to_cut_a_text(tmp_path: Path) -> None:
    path = tmp_path / "review.json"
    path.write_text('{"service": "a", "owner": "b", "notes": "x #y"}', "utf-8")
    assert cut_short(read_document(path)) == []


def test_a_checklist_text_cut_short_is_a_warning_too(cli: CliRunner, tmp_path: Path) -> None:
    checklist = yaml.safe_load((CHECKLISTS / "demo.yaml").read_text("utf-8"))
    text = yaml.safe_dump(checklist, sort_keys=False, width=1000)
    first = checklist["sections"][0]["items"][0]["question"]
    path = tmp_path / "demo.yaml"
    path.write_text(text.replace(first, first + " #tagged", 1), "utf-8")
    run = cli("validate", path)
    assert run.code == 0
    assert "sections[0].items[0].question: YAML reads '#tagged' as a comment" in run.out


def test_the_bundled_checklists_and_examples_have_no_text_cut_short(cli: CliRunner) -> None:
    run = cli("validate", ROOT / "checklists", ROOT / "examples")
    assert run.code == 0
    assert "warning" not in run.out


_WORD = st.text(alphabet="abcxyz-#.", min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=8))
def test_a_warning_is_given_exactly_when_a_hash_word_cuts_the_text(
    tmp_path_factory: pytest.TempPathFactory, words: list[str]
) -> None:
    path = _review(tmp_path_factory.mktemp("cut"), f"    notes: {' '.join(words)}\n")
    try:
        loaded = yaml.safe_load(path.read_text("utf-8"))["answers"]["demo/one-box"]["notes"]
    except yaml.YAMLError:
        return  # not a text at all (``- a`` is a list on a key's line): not this rule's case
    if not (loaded is None or isinstance(loaded, str)):
        return
    first = next((n for n, word in enumerate(words) if word.startswith("#")), None)
    warned = cut_short(read_document(path))
    if first is None or words[first] == "#":  # no hash, or a comment: a blank after its hash
        assert warned == []
    else:
        assert loaded == (" ".join(words[:first]) or None)
        assert len(warned) == 1
        assert (
            warned[0].column
            == len("    notes: ") + len(" ".join(words[: first + 1])) - len(words[first]) + 1
        )


def test_a_value_that_is_only_a_hash_word_is_empty_and_warned_about(tmp_path: Path) -> None:
    path = _review(tmp_path, "    notes: #payments-oncall\n")
    (warning,) = cut_short(read_document(path))
    assert (warning.line, warning.column) == (7, 12)
    assert warning.message == (
        "warning: answers.demo/one-box.notes: YAML reads '#payments-oncall' as a comment, so the "
        "value is empty; put the whole text in quotes if that is part of it"
    )
