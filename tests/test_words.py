"""Counts in words: one plural helper, and the messages that used to say '1 high risks'."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from orr.policy import Policy
from orr.words import plural
from tests.test_evaluate import TODAY, item, run, waiver


@given(st.integers(0, 10**6), st.sampled_from(["high risk", "item", "day"]))
def test_plural_adds_an_s_except_for_one(count: int, word: str) -> None:
    expected = f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"
    assert plural(count, word) == expected


def test_plural_takes_an_irregular_form_with_its_verb() -> None:
    assert plural(1, "item depends", "items depend") == "1 item depends"
    assert plural(3, "item depends", "items depend") == "3 items depend"


def test_one_high_risk_is_singular() -> None:
    result = run([item(risk="high")], {"i": {"status": "unmet"}}, Policy(max_high_risks=0))
    assert [r.message for r in result.reasons] == [
        "1 high risk without a waiver, over the policy maximum 0"
    ]


def test_one_item_that_depends_on_a_missing_key_is_singular() -> None:
    one = run([item(applies_when="tier == 1")], {"i": {"status": "met"}})
    assert [w.message for w in one.warnings] == [
        "context key 'tier' is not set, so 1 item that depends on it stayed applicable; "
        "set it under `context:`"
    ]
    two = run(
        [item("a", applies_when="tier == 1"), item("b", applies_when="tier == 2")],
        {"a": {"status": "met"}, "b": {"status": "met"}},
    )
    assert "so 2 items that depend on it stayed" in two.warnings[0].message


def test_one_day_waiver_warning_is_singular() -> None:
    result = run(
        [item(mandatory=True)],
        {"i": {"status": "unmet"}},
        waivers=[waiver(TODAY + dt.timedelta(days=1))],
    )
    assert "(in 1 day);" in result.warnings[0].message


def test_counts_are_said_through_plural_everywhere() -> None:
    """A hand-made plural (`'s' if n != 1`) is how '1 items' crept in; words.plural is the one."""
    import re

    from tests.conftest import ROOT

    hand_made = re.compile(r"""['"]s['"] if [^'"]+ != 1|['"]['"] if [^'"]+ == 1 else ['"]s['"]""")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "src" / "orr").rglob("*.py"))
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if hand_made.search(line)
    ]
    assert offenders == []
