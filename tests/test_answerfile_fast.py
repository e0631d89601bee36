"""The fast path of ``set_answer`` (rewrite the answer's lines only) against the ruamel round
trip: over random hand-written files and random answers both give the same data, the fast
path changes no byte outside the answer, and it is taken whenever it can be sure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from orr.editing import answerfile, answertext
from orr.editing.answerfile import set_answer, set_answer_roundtrip
from orr.editing.answertext import Parsed, parsed, replace_answer
from orr.editing.roundtrip import RoundTripError, indentation
from orr.loading import parse_yaml, parse_yaml_nodes

PATH = Path("review.yaml")
REFS = [f"demo/item-{n}" for n in range(8)]
TEXT = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"])
    | st.sampled_from("\n#:'\"-"),
    max_size=40,
)


@dataclass
class Written:
    """A generated review file and where each answer's lines are (0-based, end exclusive)."""

    text: str
    bodies: dict[str, tuple[int, int]]  # ref -> lines of its answer below the key line
    clean: dict[str, bool]  # ref -> no comment inside its answer
    #: ref -> its lines, the key's to the last indented into it (0-based, end exclusive)
    spans: dict[str, tuple[int, int]]
    shares: set[str]  # answers whose records hold a files map (an anchor or an alias)


@st.composite
def review_files(draw: st.DrawFn) -> Written:
    indent = draw(st.sampled_from([2, 4]))
    offset = draw(st.sampled_from([0, indent]))
    pad, dash = " " * indent, " " * offset
    lines = []
    if draw(st.booleans()):
        lines.append("# a review written by hand\n")
    lines += ["service: s\n", "owner: o\n", "checklists:\n", f"{dash}- demo\n", "answers:\n"]
    bodies, clean, spans, shares = {}, {}, {}, set()
    #: as `orr check` writes them: the first record's files map under an anchor, then aliases
    files: str | None = None
    answered = [r for r in REFS if draw(st.booleans())] or [REFS[3]]
    for ref in answered:
        if draw(st.booleans()):
            lines.append(f"{pad}# --- heading above {ref} ---\n")
        key = f'"{ref}"' if draw(st.booleans()) else ref
        lines.append(f"{pad}{key}:\n")
        start = len(lines)
        at = pad * 2
        checks_only = draw(st.integers(0, 4)) == 0  # what `orr check` leaves before anyone answers
        trailing = not checks_only and draw(st.integers(0, 3)) == 0
        if not checks_only:
            status = draw(st.sampled_from(["met", "partial", "unmet"]))
            lines.append(f"{at}status: {status}{'   # as of the meeting' if trailing else ''}\n")
        notes = (
            "none" if checks_only else draw(st.sampled_from(["plain", "quoted", "block", "none"]))
        )
        if notes == "plain":
            lines.append(f"{at}notes: Checked in the meeting.\n")
        elif notes == "quoted":
            lines.append(f"{at}notes: 'yes, it is'\n")
        elif notes == "block":
            lines += [f"{at}notes: |\n", f"{at}{pad}first line\n", "\n", f"{at}{pad}third\n"]
        if not checks_only and draw(st.booleans()):
            lines += [f"{at}evidence:\n", f"{at}{dash}- https://ci.example.com/1\n"]
        inside = trailing or (not checks_only and draw(st.booleans()) and draw(st.booleans()))
        if inside:
            lines.append(f"{at}# a comment inside the answer\n")
            lines.append(f"{at}answered_by: dana\n")
        elif not checks_only and draw(st.integers(0, 3)) == 0:  # on what may be its last line
            lines.append(f"{at}answered_by: dana   # in the meeting\n")
            inside = True
        if checks_only or draw(st.booleans()):
            lines += [f"{at}checked:\n", f"{at}{dash}- probe: file\n", f"{at}{dash}  ok: true\n"]
            if draw(st.booleans()):  # a files map, shared with the records after it
                shares.add(ref)
                if files is None:
                    lines += [f"{at}{dash}  files: &files1\n", f"{at}{dash}    a.yaml: 1f2e\n"]
                    files = f"{at}{dash}  files: *files1\n"
                else:
                    lines.append(files)
        bodies[ref] = (start, len(lines))
        clean[ref] = not inside
        if draw(st.booleans()):
            lines.append(f"{at}# indented into {ref}: stays with it\n")
        spans[ref] = (start - 1, len(lines))
        if draw(st.booleans()):
            lines.append("\n")
    if draw(st.booleans()):
        lines.append("waivers: []\n")
    return Written("".join(lines), bodies, clean, spans, shares)


answers = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(["met", "partial", "unmet", "n/a"]),
        "choices": st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3),
        "na_choices": st.lists(st.sampled_from(["a", "b"]), unique=True, max_size=2),
        "evidence": st.lists(TEXT.filter(lambda s: s.strip() == s and s), max_size=3),
        "notes": TEXT,
        "reason": TEXT,
        "answered_by": st.sampled_from(["dana", "lee", "yes", "0777", "null"]),
        "answered_at": st.datetimes(
            min_value=dt.datetime(2000, 1, 1),
            max_value=dt.datetime(2100, 1, 1),
            timezones=st.just(dt.UTC),
        ),
    },
).filter(bool)


@settings(max_examples=150, deadline=None)
@given(review_files(), st.sampled_from(REFS), answers)
def test_fast_path_gives_the_round_trip_data_and_keeps_every_other_byte(
    written: Written, ref: str, answer: dict[str, Any]
) -> None:
    text = written.text
    alone = _fast_only(text, ref, answer)
    took_fast = alone is not None
    try:
        slow: str | None = set_answer_roundtrip(text, PATH, ref, answer, REFS)
    except RoundTripError:  # ruamel cannot write every answer (an empty flow list at the end)
        slow = None
    own = None if took_fast else _own_lines_only(text, ref, answer)
    if slow is None and not took_fast and own is None:
        with pytest.raises(RoundTripError):
            set_answer(text, PATH, ref, answer, REFS)
        return
    fast = set_answer(text, PATH, ref, answer, REFS)
    assert parse_yaml(fast, PATH) == _expected(text, ref, answer)
    if slow is not None:
        assert parse_yaml(fast, PATH) == parse_yaml(slow, PATH)
    if took_fast:
        assert fast == alone
    lines = text.splitlines(True)
    #: PyYAML writes a text ending in blank lines as ``|+`` and ends the document after it
    sure = not any(answertext._keeps_breaks(v) for v in _texts(answer))
    if ref in written.bodies:
        start, end = written.bodies[ref]
        if written.clean[ref] and sure:
            assert took_fast
        if took_fast:
            assert fast.startswith("".join(lines[:start]))
            assert fast.endswith("".join(lines[end:]))
        if not took_fast and slow is not None and ref not in written.shares:
            assert own is not None  # a comment inside: its lines alone take the round trip
        if not took_fast and own is not None:
            first, after = written.spans[ref]
            assert fast == own
            assert fast.startswith("".join(lines[:first]))
            assert fast.endswith("".join(lines[after:]))
    else:
        before = [r for r in written.bodies if REFS.index(r) < REFS.index(ref)]
        if before and sure:
            assert took_fast
        if took_fast:
            assert _inserted_lines(lines, fast.splitlines(True))


@settings(max_examples=100, deadline=None)
@given(review_files(), st.lists(st.tuples(st.sampled_from(REFS), answers), min_size=1, max_size=4))
def test_what_a_save_knows_of_the_text_it_wrote_is_what_a_full_parse_finds(
    written: Written, saves: list[tuple[str, dict[str, Any]]]
) -> None:
    """The next save starts from the data and places the fast path worked out for the text
    it wrote (without parsing it): they must be exactly what parsing that text gives."""
    text = written.text
    for ref, answer in saves:
        expected = _expected(text, ref, answer)
        try:
            text = set_answer(text, PATH, ref, answer, REFS)
        except RoundTripError:  # an answer ruamel cannot write (orr's writers never ask it)
            reject()
        assert parsed(text, PATH) == _fresh(text)
        assert parse_yaml(text, PATH) == expected


def _texts(answer: dict[str, Any]) -> list[str]:
    values = [
        v for value in answer.values() for v in (value if isinstance(value, list) else [value])
    ]
    return [v for v in values if isinstance(v, str)]


def _inserted_lines(old: list[str], new: list[str]) -> bool:
    """Whether ``new`` is ``old`` with lines inserted at one place (a blank line inserted
    next to a blank line can sit at either side of it: any such place will do)."""
    added = len(new) - len(old)
    return added > 0 and any(
        new[:at] == old[:at] and new[at + added :] == old[at:] for at in range(len(old) + 1)
    )


def _fresh(text: str) -> Parsed:
    """The text parsed afresh, as if no save had written it."""
    data, root = parse_yaml_nodes(text, PATH)
    return answertext._index(text, data, root)


def _expected(text: str, ref: str, answer: dict[str, Any]) -> dict[str, Any]:
    """The file's data with the answer set (and the ``checked:`` it had kept)."""
    old = parsed(text, PATH).data
    current = (old.get("answers") or {}).get(ref) or {}
    written = {k: answerfile._plain(v) for k, v in answer.items()}
    if "checked" in current:
        written["checked"] = current["checked"]
    written = {k: written[k] for k in answerfile.ANSWER_KEYS if k in written}
    return {**old, "answers": {**(old.get("answers") or {}), ref: written}}


def _own_lines_only(text: str, ref: str, answer: dict[str, Any]) -> str | None:
    """What the round trip of the answer's own lines alone gives (``None``: handed over)."""
    expected = _expected(text, ref, answer)
    fields = {k: answerfile._plain(answer[k]) for k in answerfile.ANSWER_KEYS if k in answer}
    return answerfile._roundtrip_its_lines(text, PATH, ref, fields, expected)


def _fast_only(text: str, ref: str, answer: dict[str, Any]) -> str | None:
    """What the fast path alone gives (``None``: it would hand over to the round trip)."""
    expected = _expected(text, ref, answer)
    written = expected["answers"][ref]
    return replace_answer(text, PATH, ref, written, expected, order=REFS, indent=indentation(text))


def test_an_answer_ruamel_cannot_write_is_refused_by_the_round_trip_and_kept_by_the_fast_path() -> (
    None
):
    text = (
        "service: s\nanswers:\n  demo/item-3:\n    status: met\n  demo/item-5:\n    status: met\n\n"
    )
    with pytest.raises(RoundTripError, match="nothing was written"):
        set_answer_roundtrip(text, PATH, "demo/item-5", {"evidence": []})
    new = set_answer(text, PATH, "demo/item-5", {"evidence": []})
    assert new == text.replace(
        "  demo/item-5:\n    status: met\n", "  demo/item-5:\n    evidence: []\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("answers:\n  demo/item-1:\n    status: met  # why\n", id="comment"),
        pytest.param("answers:\n  demo/item-1: {status: met}\n", id="flow answer"),
        pytest.param("answers: {demo/item-1: {status: met}}\n", id="flow answers"),
        pytest.param("x: &a met\nanswers:\n  demo/item-1:\n    status: *a\n", id="alias in it"),
        pytest.param(
            "answers:\n  demo/item-1:\n    notes: &n hi\n  demo/item-3:\n    notes: *n\n",
            id="anchor in it used elsewhere",
        ),
        pytest.param(
            "all: &all\n  demo/item-1:\n    status: met\nanswers: *all\n", id="answers an alias"
        ),
        pytest.param("answers:\n  demo/item-1:\n    status: !!str met\n", id="tag"),
        pytest.param("answers:\r\n  demo/item-1:\r\n    status: met\r\n", id="crlf"),
        pytest.param("answers:\n  demo/item-1:  # why\n    status: met\n", id="key comment"),
        pytest.param("answers:\n  demo/item-5:\n    status: met\n", id="first in order"),
        pytest.param("answers:\n", id="no answers"),
    ],
)
def test_the_fast_path_hands_over_what_it_cannot_be_sure_to_keep(text: str) -> None:
    assert _fast_only(text, "demo/item-1", {"status": "unmet"}) is None
    new = set_answer(text, PATH, "demo/item-1", {"status": "unmet"}, REFS)
    assert parse_yaml(new, PATH)["answers"]["demo/item-1"] == {"status": "unmet"}


def test_the_records_orr_check_shares_stay_as_they_are_and_the_fast_path_is_kept() -> None:
    """`orr check` writes a files map once under an anchor and then as aliases: a save
    rewrites the person's part of an answer and keeps its ``checked:`` lines as they are, and
    a new answer goes after one holding an alias, all without the round trip."""
    records = (
        "    checked:\n      - probe: file\n"
        "        files: &files1\n          a.yaml: 1f2e\n          b.yaml: 3c4d\n"
    )
    alias = "    checked:\n      - probe: file\n        files: *files1\n"
    text = (
        "service: s\nanswers:\n"
        f"  demo/item-0:\n    status: met\n{records}"
        f"  demo/item-2:\n    status: met\n    notes: seen\n{alias}"
        "  demo/item-4:\n    status: met\n"
    )
    for ref, answer in [
        ("demo/item-0", {"status": "unmet"}),
        ("demo/item-2", {"status": "unmet", "notes": "seen"}),
        ("demo/item-4", {"status": "unmet"}),
    ]:
        saved = _fast_only(text, ref, answer)
        at = text.index(f"  {ref}:\n")
        assert saved == text[:at] + text[at:].replace("status: met", "status: unmet", 1)
        assert parse_yaml(saved, PATH) == _expected(text, ref, answer)
    added = _fast_only(text, "demo/item-3", {"status": "met"})
    assert added == text.replace(alias, alias + "  demo/item-3:\n    status: met\n")
    unanswered = text + "  demo/item-6:\n" + alias  # orr check's records, nobody's answer yet
    assert _fast_only(unanswered, "demo/item-6", {"status": "met"}) == (
        text + "  demo/item-6:\n    status: met\n" + alias
    )
    after_alias = "x: &a met\nanswers:\n  demo/item-0:\n    status: *a\n"
    assert _fast_only(after_alias, "demo/item-1", {"status": "met"}) == (
        after_alias + "  demo/item-1:\n    status: met\n"
    )


def test_an_ampersand_in_a_text_is_no_anchor_and_a_value_met_twice_is_written_twice() -> None:
    text = "answers:\n  demo/item-0:\n    status: met\n"
    saved = _fast_only(text, "demo/item-0", {"status": "met", "reason": ",&"})
    assert saved == "answers:\n  demo/item-0:\n    status: met\n    reason: ',&'\n"
    shared = ["https://ci.example.com/1"]
    twice = {"evidence": shared, "checked": [{"files": {"a": "1"}}, {"files": {"a": "1"}}]}
    twice["checked"][1]["files"] = twice["checked"][0]["files"]  # one object, as an alias reads
    new = _fast_only(text, "demo/item-0", {"status": "met", **twice})
    assert new is not None and "&" not in new and "*" not in new
    assert parse_yaml(new, PATH)["answers"]["demo/item-0"] == {"status": "met", **twice}


def test_records_a_save_would_change_are_left_to_the_round_trip() -> None:
    """Only a person's answer keeps the records as they were; written anew they would lose
    the anchor the others name."""
    text = (
        "answers:\n  demo/item-1:\n    status: met\n    checked:\n      - files: &f\n"
        "          a: '1'\n  demo/item-3:\n    checked:\n      - files: *f\n"
    )
    answer = {"status": "unmet", "checked": [{"files": {"a": "2"}}]}
    expected = parse_yaml(text, PATH)
    expected["answers"]["demo/item-1"] = answer
    assert replace_answer(text, PATH, "demo/item-1", answer, expected, order=REFS) is None


def test_the_fast_path_writes_in_the_style_of_the_round_trip() -> None:
    text = (
        "service: s\nanswers:\n  demo/item-0:\n    status: met\n  demo/item-2:\n    status: met\n"
    )
    when = dt.datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=dt.UTC)
    answer = {
        "status": "met",
        "choices": ["a", "b"],
        "evidence": ["https://a", "yes"],
        "notes": "one\ntwo",
        "answered_by": "dana",
        "answered_at": when,
    }
    new = _fast_only(text, "demo/item-1", answer)
    assert new == set_answer_roundtrip(text, PATH, "demo/item-1", answer, REFS)
    assert new == (
        "service: s\nanswers:\n  demo/item-0:\n    status: met\n"
        "  demo/item-1:\n    status: met\n    choices: [a, b]\n"
        "    evidence:\n      - https://a\n      - 'yes'\n"
        "    notes: |-\n      one\n      two\n"
        "    answered_by: dana\n    answered_at: 2026-11-23T09:30:15Z\n"
        "  demo/item-2:\n    status: met\n"
    )


def test_an_answer_ending_in_blank_lines_it_keeps_is_left_to_the_round_trip() -> None:
    """PyYAML writes it as ``|+`` and ends the document after it (``...``)."""
    text = "answers:\n  demo/item-1:\n    status: met\n\n\nwaivers: []\n"
    assert _fast_only(text, "demo/item-1", {"notes": "kept\n\n"}) is None


@pytest.mark.parametrize(
    ("ref", "text"),
    [
        ("demo/item-1", "answers:\n  demo/item-1:\n    status: met\n      # deeper\n"),
        ("demo/item-2", "answers:\n  demo/item-1:\n    status: met\n\n      # deeper\n"),
        ("demo/item-2", "answers:\n  demo/item-1:\n    status: met\n    \n  demo/item-3: {}\n"),
    ],
)
def test_a_comment_after_an_answer_ending_in_a_block_scalar_stays_a_comment(
    ref: str, text: str
) -> None:
    """Indented as far as the answer's values, a block scalar would read it in."""
    answer = {"status": "met", "notes": "two\nlines"}
    new = _fast_only(text, ref, answer)
    assert new is None or parse_yaml(new, PATH) == _expected(text, ref, answer)


def test_blank_lines_the_answer_before_keeps_are_read_by_a_full_parse() -> None:
    text = (
        "answers:\n  demo/item-1:\n    notes: |+\n      kept\n\n\n  demo/item-3:\n    status: met\n"
    )
    new = set_answer(text, PATH, "demo/item-2", {"status": "met"}, REFS)
    assert parse_yaml(new, PATH) == _expected(text, "demo/item-2", {"status": "met"})
    assert parsed(new, PATH) == _fresh(new)


def test_an_answer_holding_a_comment_is_rewritten_in_its_own_lines_and_nothing_else_moves() -> None:
    """Its lines alone take ruamel's round trip, which keeps its comment; the whole file's
    round trip would also respace the flow lists and the other answer's indentation."""
    text = (
        "service: demo-api\n"
        "reviewers: [ dana,  lee ]\n"
        "checklists:\n"
        "- demo\n"
        "answers:\n"
        "  demo/item-1:\n"
        "    status: partial   # hotfixes skip it\n"
        "    notes: Hotfix path still deploys everywhere.\n"
        "      # the pipeline run is linked in the wiki\n"
        "\n"
        "  # the next one is for the meeting\n"
        "  demo/item-2:\n"
        "      status:   unmet\n"
    )
    answer = {"status": "met", "notes": "Fixed.", "evidence": ["https://ci.example.com/1"]}
    assert _fast_only(text, "demo/item-1", answer) is None  # the comment inside: not the fast path
    new = set_answer(text, PATH, "demo/item-1", answer, REFS)
    assert new == (
        "service: demo-api\n"
        "reviewers: [ dana,  lee ]\n"
        "checklists:\n"
        "- demo\n"
        "answers:\n"
        "  demo/item-1:\n"
        "    status: met       # hotfixes skip it\n"
        "    evidence:\n"
        "    - https://ci.example.com/1\n"
        "    notes: Fixed.\n"
        "      # the pipeline run is linked in the wiki\n"
        "\n"
        "  # the next one is for the meeting\n"
        "  demo/item-2:\n"
        "      status:   unmet\n"
    )
    whole = set_answer_roundtrip(text, PATH, "demo/item-1", answer, REFS)
    assert "reviewers: [dana, lee]\n" in whole and parse_yaml(whole, PATH) == parse_yaml(new, PATH)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("answers:\n  ? demo/item-1\n  : status: met  # why\n", id="complex key"),
        pytest.param(
            "answers:\n  demo/item-1:\n    status: met  # why\n    files: &f {a: 1}\n"
            "  demo/item-2: {files: *f}\n",
            id="anchor used elsewhere",
        ),
    ],
)
def test_an_answer_not_on_lines_of_its_own_is_left_to_the_whole_round_trip(text: str) -> None:
    assert _own_lines_only(text, "demo/item-1", {"status": "unmet"}) is None


def test_a_new_answer_after_one_ending_in_a_comment_is_inserted_below_it() -> None:
    text = (
        "answers:\n"
        "  demo/item-1:\n"
        "    status: met\n"
        "    answered_by: dana   # in the meeting\n"
        "      # the rota is in the wiki\n"
        "\n"
        "  # later items\n"
        "  demo/item-5: {status: unmet}   # flow, with a comment\n"
    )
    new = _fast_only(text, "demo/item-2", {"status": "partial"})
    assert new == text.replace("wiki\n", "wiki\n  demo/item-2:\n    status: partial\n")
    flow = set_answer(text, PATH, "demo/item-5", {"status": "met"}, REFS)
    # ruamel keeps the comment in its column
    assert flow == text.replace("{status: unmet}   #", "{status: met}     #")
