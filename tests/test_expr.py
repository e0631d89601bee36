"""The expression languages: risk-rule conditions (lens syntax) and applies_when."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orr import expr

# --- lens conditions ------------------------------------------------------------------------

CONDITIONS = [
    ("default", set(), set(), True),
    ("a", {"a"}, set(), True),
    ("a", set(), set(), False),
    ("!a", set(), set(), True),
    ("a && b", {"a", "b"}, set(), True),
    ("a && b", {"a"}, set(), False),
    ("a || b", {"b"}, set(), True),
    ("a || b && c", {"a"}, set(), True),  # && binds tighter than ||
    ("(a || b) && c", {"a"}, set(), False),
    ("((choice_1 || choice_2) && choice_3) || (!choice_1 && choice_3)", {"choice_3"}, set(), True),
    ("!!a", {"a"}, set(), True),
    # a not-applicable choice is neutral: true inside &&, false inside ||
    ("a && b", {"a"}, {"b"}, True),
    ("a || b", set(), {"b"}, False),
    ("a || b", {"a"}, {"b"}, True),
    ("(a && b) || c", {"a"}, {"b"}, True),
    ("a && !b", {"a"}, {"b"}, True),  # negation passes neutrality through
    ("b", set(), {"b"}, False),  # only neutral choices: the rule does not hold
    ("b && c", set(), {"b", "c"}, False),
]


@pytest.mark.parametrize(("source", "selected", "na", "expected"), CONDITIONS)
def test_condition(source: str, selected: set[str], na: set[str], expected: bool) -> None:
    node = expr.parse_condition(source)
    assert expr.evaluate_condition(node, selected, na) is expected


CONDITION_ERRORS = [
    ("", "empty condition", 0),
    ("a &&", "expected a choice id, found end of expression", 4),
    ("a b", "expected '&&' or '||' before 'b'", 2),
    ("(a || b", "expected ')', found end of expression", 7),
    ("a && default", "'default' must stand alone as the whole condition", 5),
    ("a & b", "unexpected character '&'", 2),
    ("a ) b", "unexpected ')'", 2),
    ("!" * 70 + "a", "expression nested deeper than 64 levels", 64),
]


@pytest.mark.parametrize(("source", "message", "offset"), CONDITION_ERRORS)
def test_condition_errors(source: str, message: str, offset: int) -> None:
    with pytest.raises(expr.ExprError) as caught:
        expr.parse_condition(source)
    assert (caught.value.message, caught.value.offset) == (message, offset)


NAMES = ["c1", "c2", "c3", "c4"]


def _trees() -> st.SearchStrategy[str]:
    leaf = st.sampled_from(NAMES)
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            inner.map(lambda x: f"!{x}"),
            st.tuples(inner, inner).map(lambda t: f"({t[0]} && {t[1]})"),
            st.tuples(inner, inner).map(lambda t: f"({t[0]} || {t[1]})"),
        ),
        max_leaves=12,
    )


def _oracle(source: str, selected: set[str]) -> bool:
    """Python's own boolean semantics on the translated text: independent of orr.expr."""
    text = source.replace("&&", " and ").replace("||", " or ").replace("!", " not ")
    env = {name: name in selected for name in NAMES}
    return bool(eval(text, {"__builtins__": {}}, env))  # test oracle only


@given(_trees(), st.sets(st.sampled_from(NAMES)))
def test_condition_agrees_with_boolean_algebra(source: str, selected: set[str]) -> None:
    assert expr.evaluate_condition(expr.parse_condition(source), selected) is _oracle(
        source, selected
    )


@given(
    st.lists(st.sampled_from(NAMES), min_size=2, max_size=4, unique=True),
    st.sets(st.sampled_from(NAMES)),
    st.data(),
)
def test_neutral_choice_drops_out_of_a_conjunction(
    atoms: list[str], selected: set[str], data: st.DataObject
) -> None:
    neutral = data.draw(st.sampled_from(atoms))
    rest = [a for a in atoms if a != neutral]
    for op, join in (("&&", all), ("||", any)):
        node = expr.parse_condition(f" {op} ".join(atoms))
        assert expr.evaluate_condition(node, selected, {neutral}) is join(
            a in selected for a in rest
        )


# --- applies_when ---------------------------------------------------------------------------

CONTEXT = {"tier": 1, "compute": "ecs", "multi_az": True, "regions": 2, "ratio": 0.5}

APPLIES = [
    ("multi_az", True),
    ("not multi_az", False),
    ("compute == 'ecs'", True),
    ('compute == "lambda"', False),
    ("compute != 'lambda'", True),
    ("tier <= 2", True),
    ("tier > 1", False),
    ("regions >= 2 and multi_az", True),
    ("regions > 5 or compute == 'ecs'", True),
    ("compute in ['ecs', 'eks']", True),
    ("compute not in ['ecs', 'eks']", False),
    ("tier in [1, 2]", True),
    ("not (tier == 1 and multi_az)", False),
    ("ratio < 1", True),
    ("multi_az == true", True),
    ("tier == '1'", False),  # types are not coerced
    ("tier != '1'", True),
]


@pytest.mark.parametrize(("source", "expected"), APPLIES)
def test_applies_when(source: str, expected: bool) -> None:
    node = expr.parse_applies_when(source)
    assert expr.evaluate_applies_when(node, CONTEXT) is expected


APPLIES_ERRORS = [
    ("multi_az && tier", "use 'and' instead of '&&'", 9),
    ("!multi_az", "use 'not' instead of '!'", 0),
    ("compute == 'ecs", "unterminated string", 11),
    ("tier <", "expected a value, found end of expression", 6),
    ("compute in ['a' 'b']", "expected ',' or ']', found \"'b'\"", 16),
    ("tier == 1 multi_az", "expected 'and' or 'or' before 'multi_az'", 10),
    ("and", "expected a value, found 'and'", 0),
    ("tier ~ 1", "unexpected character '~'", 5),
]


@pytest.mark.parametrize(("source", "message", "offset"), APPLIES_ERRORS)
def test_applies_when_errors(source: str, message: str, offset: int) -> None:
    with pytest.raises(expr.ExprError) as caught:
        expr.parse_applies_when(source)
    assert (caught.value.message, caught.value.offset) == (message, offset)


def test_missing_context_key_is_reported_by_name() -> None:
    with pytest.raises(expr.MissingContext) as caught:
        expr.evaluate_applies_when(expr.parse_applies_when("tier == 1 and stateful"), CONTEXT)
    assert caught.value.key == "stateful"


def test_ordering_mismatched_types_is_an_error() -> None:
    with pytest.raises(expr.ExprError) as caught:
        expr.evaluate_applies_when(expr.parse_applies_when("compute < 3"), CONTEXT)
    assert caught.value.message == "cannot order string 'ecs' against number 3 with '<'"


def test_names_lists_every_reference() -> None:
    node = expr.parse_applies_when("tier == 1 and (compute in ['a'] or not multi_az)")
    assert [n.name for n in expr.names(node)] == ["tier", "compute", "multi_az"]


@given(st.text(max_size=40))
def test_parsers_never_crash(source: str) -> None:
    for parse in (expr.parse_condition, expr.parse_applies_when):
        try:
            parse(source)
        except expr.ExprError as error:
            assert 0 <= error.offset <= len(source)
