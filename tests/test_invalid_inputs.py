"""Every class of bad input, as a real file, with the exact message, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, CliRunner

INVALID = DATA / "invalid"

CASES: dict[str, list[str]] = {
    "tab-indent.yaml": ["4:1: a tab character cannot indent YAML; use spaces"],
    "duplicate-key.yaml": [
        "10:3: duplicate key 'incremental-deploy/one-box' (first at line 5); keep one of them"
    ],
    "duplicate-key.json": ["3:2: duplicate key 'service'; keep one of them"],
    "syntax-error.json": [
        "3:2: not valid JSON: Expecting ',' delimiter; put a comma after the entry before this one"
    ],
    "python-tag.yaml": [
        "1:10: the tag !!python/object/apply:os.system is not allowed: orr reads plain YAML "
        "data only; remove the tag"
    ],
    "alias-bomb.yaml": [
        "7:1: aliases expand to more than 1,000,000 values (an alias bomb?); write the values out"
    ],
    "deep-nesting.yaml": ["1:1: nested deeper than 64 levels; flatten it"],
    "not-utf8.yaml": ["1:13: byte 0xe9 is not UTF-8; save the file as UTF-8"],
    "not-a-mapping.yaml": ["1:1: the document is a list, not a mapping of keys to values"],
    "empty.yaml": ["1:1: the document is empty, not a mapping of keys to values"],
    "neither.yaml": [
        "1:1: neither a checklist (it has no `sections:`) nor a review (it has no `service:` "
        "and `answers:`)"
    ],
    "missing-fields.yaml": [
        "1:1: missing required field 'service'",
        "2:13: checklists: needs at least 1 item",
    ],
    "unknown-field.yaml": [
        "7:5: answers.incremental-deploy/one-box: unknown field 'evidense' "
        "(did you mean 'evidence'?)"
    ],
    "bad-status.yaml": [
        "6:13: answers.incremental-deploy/one-box.status: 'done' is not one of met, partial, "
        "unmet, n/a",
        "8:5: answers.incremental-deploy/bake-time: status n/a needs a `reason:` saying why the "
        "item does not apply",
    ],
    "unknown-refs.yaml": [
        "3:34: checklists[1]: no checklist with id 'zonal-shfit' (did you mean 'zonal-shift'?); "
        "looked in orr's bundled checklists; see `orr list`, or add the folder that holds it "
        'with --checklists DIR or checklists = ["DIR"] in .orr.toml',
        "5:3: answers.incremental-deploy/one-bax: no item 'one-bax' in checklist "
        "'incremental-deploy' (did you mean 'one-box'?)",
        "7:3: answers.runbooks-playbooks/runbook-per-alarm: checklist 'runbooks-playbooks' is "
        "not listed under `checklists:`",
        "10:11: waivers[0].item: no item 'bake-tme' in checklist 'incremental-deploy' "
        "(did you mean 'bake-time'?)",
    ],
    "colon-in-text.yaml": [
        "7:20: not valid YAML: mapping values are not allowed in this context; a ': ' inside a "
        "text starts a key: put the whole text in quotes, or the key on a line of its own"
    ],
    "bad-indent.yaml": [
        "7:11: not valid YAML: mapping values are not allowed in this context; check this line's "
        "indentation against the lines above it"
    ],
    "unclosed-quote.yaml": [
        "7:12: not valid YAML: this quote is never closed; end the text with the same quote "
        "(inside '...', write a ' as '')"
    ],
    "quote-in-quotes.yaml": [
        "7:16: not valid YAML: did not find expected key; a quoted text ends at its closing quote "
        "and more follows it: inside '...', write a ' as '' (or quote the text with \" instead)"
    ],
    "at-sign-text.yaml": [
        "8:18: not valid YAML: found character that cannot start any token; a text cannot start "
        "with @: put the whole text in quotes"
    ],
    "not-a-text.yaml": [
        '2:10: service: 2027 is read as the number 2027, not a text: put it in quotes ("2027")',
        "8:12: answers.incremental-deploy/one-box.notes: 1.10 is read as the number 1.1, not a "
        'text: put it in quotes ("1.10")',
        "9:16: answers.incremental-deploy/one-box.evidence[0]: on is read as true, not a text: "
        'put it in quotes ("on")',
        "9:20: answers.incremental-deploy/one-box.evidence[1]: 2026-11-20 is read as a date, not "
        'a text: put it in quotes ("2026-11-20")',
        "12:12: answers.incremental-deploy/bake-time.notes: is empty: write a text, or remove "
        "the line",
        "13:18: answers.incremental-deploy/bake-time.answered_by: should be a text, not a list",
    ],
    "bad-scalar-tag.yaml": ["5:9: not valid YAML: 'abc' is not a valid !!float"],
    "bad-date.yaml": [
        "3:7: date: '2026-13-45' is not a date (month value is outside expected range of 1-12): "
        "write YYYY-MM-DD"
    ],
    "bad-applies-when.yaml": [
        "10:33: sections[0].items[0].applies_when: use 'and' instead of '&&'",
        "13:15: sections[0].items[1].risk: 'severe' is not one of high, medium, low",
    ],
    "duplicate-ids.yaml": [
        "10:9: sections[1].id: duplicate section id 'main'",
        "13:13: sections[1].items[0].id: duplicate item id 'shift' (also in section 'main'); "
        "item ids must be unique within a checklist",
    ],
    "bad-risk-rules.yaml": [
        "16:25: sections[0].items[0].risk_rules[1].condition: unknown choice 'some_alarm' "
        "(did you mean 'some_alarms'?)",
        "17:42: sections[0].items[0].risk_rules[2].risk: a second rule for risk 'medium'; keep "
        "one rule per risk level",
    ],
    "bad-condition-syntax.yaml": [
        "13:37: sections[0].items[0].risk_rules[0].condition: expected a choice id, found end "
        "of expression"
    ],
}


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in INVALID.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_file_is_reported_exactly(cli: CliRunner, name: str) -> None:
    path = INVALID / name
    run = cli("validate", path)
    assert run.code == 2
    lines = run.out.splitlines()
    assert lines[:-1] == [f"{path}:{message}" for message in CASES[name]]
    assert lines[-1].startswith(f"{len(CASES[name])} problem")
    assert "Traceback" not in run.out + run.err


def test_all_problems_in_a_folder_are_reported_in_one_run(cli: CliRunner) -> None:
    run = cli("validate", INVALID)
    assert run.code == 2
    expected = sum(len(v) for v in CASES.values())
    assert len(run.out.splitlines()) == expected + 1
    assert run.out.splitlines()[-1] == (
        f"{expected} problems in {len(CASES)} of {len(CASES)} files "
        "(4 checklists, 6 reviews, 1 unknown, 16 unreadable)"
    )


def test_oversized_file_is_refused(cli: CliRunner, tmp_path: object) -> None:
    from pathlib import Path

    from orr import loading

    path = Path(str(tmp_path)) / "huge.yaml"
    path.write_bytes(b"service: x\nnotes: '" + b"a" * (loading.MAX_BYTES + 1) + b"'\n")
    run = cli("validate", path)
    assert run.code == 2
    assert run.out.splitlines()[0] == (
        f"{path}: file is {path.stat().st_size:,} bytes, over the {loading.MAX_BYTES:,}-byte "
        "limit; split it"
    )


def test_missing_file_is_a_clean_error(cli: CliRunner) -> None:
    run = cli("validate", INVALID / "nope.yaml")
    assert run.code == 2
    assert run.out.splitlines()[0] == f"{INVALID / 'nope.yaml'}: no such file"


def test_duplicate_key_beside_a_merge_key_is_still_refused(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "merge.yaml"
    path.write_text(
        "base: &b {x: 1, y: 2}\nservice: s\nowner: o\nchecklists: [zonal-shift]\n"
        "extra:\n  <<: *b\n  z: 1\n  z: 2\n"
    )
    run = cli("validate", path)
    assert run.out.splitlines()[0] == (
        f"{path}:8:3: duplicate key 'z' (first at line 7); keep one of them"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "> folded",
            "2:10: not valid YAML: did not find expected comment or line break; a text that "
            "starts with | or > is a block of lines below its key: put the whole text in quotes",
        ),
        (
            "* star",
            "2:9: not valid YAML: did not find expected alphabetic or numeric character; a text "
            "that starts with * or & is an alias or an anchor: put the whole text in quotes",
        ),
        (
            "*star",
            "2:8: not valid YAML: found undefined alias; a text that starts with * or & is an "
            "alias or an anchor: put the whole text in quotes",
        ),
        (
            "`orr gate` runs in CI",
            "2:8: not valid YAML: found character that cannot start any token; a text cannot start "
            "with `: put the whole text in quotes",
        ),
    ],
)
def test_a_text_yaml_reads_as_syntax_says_to_quote_it(
    cli: CliRunner, tmp_path: Path, value: str, expected: str
) -> None:
    _first_problem_is(
        cli, tmp_path / "review.yaml", f"service: checkout-api\nnotes: {value}\n", expected
    )


REVIEW_HEAD = "service: checkout-api\nowner: payments\nchecklists: [incremental-deploy]\n"


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            "answers:\n  incremental-deploy/one-box:\n    status:met\n",
            "6:5: answers.incremental-deploy/one-box: should be a mapping of keys to values, not "
            "'status:met'; a key needs a blank after its colon (status: met)",
        ),
        (
            "answers:\n  incremental-deploy/one-box:\n  status: met\n",
            "6:3: answers.status: 'status' is a key of an answer, not an item reference: indent "
            "it under its item's line (checklist-id/item-id:)",
        ),
        (
            "answers:\n  incremental-deploy/one-box:\n    - status: met\n",
            "6:5: answers.incremental-deploy/one-box: should be a mapping of keys to values, not "
            "a list",
        ),
        (
            "answers:\n  incremental-deploy/one-box:\n    status: met\n    evidence:\n"
            "    - https://ci.example.com/1\n   - https://ci.example.com/2\n",
            "9:4: not valid YAML: did not find expected key; check this line's indentation "
            "against the lines above it",
        ),
        (
            "answers:\n  incremental-deploy/one-box: {status: met\n",
            "6:1: not valid YAML: did not find expected ',' or '}'; check the { opened at line 5: "
            "commas between its entries and a } after the last",
        ),
    ],
)
def test_an_answer_written_wrongly_says_how_to_write_it(
    cli: CliRunner, tmp_path: Path, answers: str, expected: str
) -> None:
    _first_problem_is(cli, tmp_path / "review.yaml", REVIEW_HEAD + answers, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"service": "a",}',
            "1:17: not valid JSON: Expecting property name enclosed in double quotes; remove the "
            "comma after the last entry",
        ),
        (
            '{"checklists": ["a", "b",]}',
            "1:26: not valid JSON: Expecting value; remove the comma after the last entry",
        ),
        (
            "{'service': 'a'}",
            "1:2: not valid JSON: Expecting property name enclosed in double quotes; write "
            'strings and keys in double quotes (")',
        ),
        (
            '{service: "a"}',
            "1:2: not valid JSON: Expecting property name enclosed in double quotes; write keys "
            'in double quotes ("key": value)',
        ),
        (
            '{"notes": "one\ntwo"}',
            "1:15: not valid JSON: a control character (a line break, a tab) inside a string; "
            "write it as \\n or \\t",
        ),
        (
            '// a lens\n{"a": 1}',
            "1:1: not valid JSON: Expecting value; JSON has no comments: remove it",
        ),
        (
            '{"a": [1',
            "1:9: not valid JSON: Expecting ',' delimiter; the file ends before every { and [ is "
            "closed",
        ),
        (
            '{"a": 1}}',
            "1:9: not valid JSON: Extra data: the document ended before it; a } or ] too many?",
        ),
    ],
)
def test_hand_written_json_says_what_to_write(
    cli: CliRunner, tmp_path: Path, text: str, expected: str
) -> None:
    _first_problem_is(cli, tmp_path / "review.json", text, expected)


def _first_problem_is(cli: CliRunner, path: Path, text: str, expected: str) -> None:
    """`orr validate` on ``text`` written to ``path`` fails, and says ``expected`` first."""
    path.write_text(text, "utf-8")
    run = cli("validate", path)
    assert run.code == 2
    assert run.out.splitlines()[0] == f"{path}:{expected}"
