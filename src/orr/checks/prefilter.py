"""A cheap necessary condition for a ``where`` expression, read from its JMESPath syntax tree.

Most ``where`` clauses pick resources by one top-level field (``Type == 'AWS::SQS::Queue'``,
``contains([...], Type)``, ``type == 'aws_dynamodb_table'``, ``kind == 'Deployment'``).
JMESPath's interpreter costs tens of microseconds per evaluation, and every probe asks it of
every resource; a dictionary lookup first rules out the resources whose field can never make
the clause true, and only the rest are evaluated. The condition is necessary, never sufficient:
the full expression still decides (``tests/test_checks.py`` checks this on random data).
"""

from __future__ import annotations

from typing import Any

#: A field, the values it must have for the clause to hold, and whether that is all it says.
Condition = tuple[str, frozenset[Any], bool]


def necessary(tree: dict[str, Any]) -> Condition | None:
    """``(field, values, exact)``: the clause can hold only if ``thing[field] in values``.

    ``exact`` says the clause is nothing more than that test (``Type == 'a' || Type == 'b'``),
    so the lookup alone decides it.
    """
    kind, children = tree.get("type"), tree.get("children", [])
    if kind == "comparator" and tree.get("value") == "eq":
        return _field_is_literal(children[0], children[1]) or _field_is_literal(
            children[1], children[0]
        )
    if kind == "function_expression" and tree.get("value") == "contains" and len(children) == 2:
        values = _literals(children[0])
        field = _field(children[1])
        if field is None or values is None:
            return None
        return field, frozenset(values), True
    if kind == "and_expression":
        left, right = necessary(children[0]), necessary(children[1])
        if left and right and left[0] == right[0]:
            return left[0], left[1] & right[1], False
        found = left or right
        return (found[0], found[1], False) if found else None
    if kind == "or_expression":
        left, right = necessary(children[0]), necessary(children[1])
        if left and right and left[0] == right[0]:
            return left[0], left[1] | right[1], left[2] and right[2]
    return None


def admits(condition: Condition | None, thing: Any) -> bool:
    if condition is None:
        return True
    field, values, _ = condition
    return isinstance(thing, dict) and _hashable(thing.get(field)) in values


def _field_is_literal(field: dict[str, Any], literal: dict[str, Any]) -> Condition | None:
    name = _field(field)
    if name is None or literal.get("type") != "literal":
        return None
    value = literal.get("value")
    return (name, frozenset([value]), True) if isinstance(value, str) else None


def _field(tree: dict[str, Any]) -> str | None:
    return tree.get("value") if tree.get("type") == "field" else None


def _literals(tree: dict[str, Any]) -> list[Any] | None:
    """The strings of a literal list (`` `["a"]` ``) or a list of literals (``['a', 'b']``)."""
    if tree.get("type") == "literal" and isinstance(tree.get("value"), list):
        items = tree["value"]
    elif tree.get("type") == "multi_select_list":
        if not all(c.get("type") == "literal" for c in tree.get("children", [])):
            return None
        items = [c.get("value") for c in tree["children"]]
    else:
        return None
    return items if all(isinstance(i, str) for i in items) else None


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str) else None
