"""``@record`` behaves like ``@dataclass(frozen=True, slots=True)``, only cheaper to define."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orr.record import record


@record
class Point:
    x: int
    label: str = ""
    tags: tuple[str, ...] = ()
    hidden: int = dataclasses.field(default=0, repr=False, compare=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Twin:
    x: int
    label: str = ""
    tags: tuple[str, ...] = ()
    hidden: int = dataclasses.field(default=0, repr=False, compare=False)


@record(order=True)
class Ranked:
    a: int
    b: str


FIELDS = st.tuples(
    st.integers(), st.text(max_size=5), st.lists(st.text(max_size=3), max_size=3).map(tuple)
)


@given(FIELDS, FIELDS, st.integers(), st.integers())
def test_repr_eq_and_hash_match_a_dataclass(
    one: tuple[int, str, tuple[str, ...]],
    two: tuple[int, str, tuple[str, ...]],
    h1: int,
    h2: int,
) -> None:
    p1, p2 = Point(*one, hidden=h1), Point(*two, hidden=h2)
    t1, t2 = Twin(*one, hidden=h1), Twin(*two, hidden=h2)
    assert repr(p1).replace("Point", "Twin") == repr(t1)
    assert (p1 == p2) == (t1 == t2)
    assert hash(p1) == hash(t1)  # both hash the tuple of compared fields
    assert dataclasses.asdict(p1) == dataclasses.asdict(t1)


def test_frozen_slotted_and_still_a_dataclass() -> None:
    point = Point(1, "a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    assert not hasattr(point, "__dict__")
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "label", "tags", "hidden"]
    assert dataclasses.replace(point, x=3) == Point(3, "a")
    assert pickle.loads(pickle.dumps(point)) == point
    assert point != Twin(1, "a")
    assert Point.__doc__ == "Point(x, label, tags, hidden)"


def test_order_compares_field_by_field() -> None:
    assert sorted([Ranked(2, "a"), Ranked(1, "b"), Ranked(1, "a")]) == [
        Ranked(1, "a"),
        Ranked(1, "b"),
        Ranked(2, "a"),
    ]
