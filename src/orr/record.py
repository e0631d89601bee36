"""``@record``: a frozen, slotted dataclass that is cheaper to define.

``dataclasses`` writes and compiles up to six methods for every frozen class (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``) and, for a class
without a docstring, builds one from its signature. Over the twenty-odd value classes on
the gate's path that was some 20 ms of every start-up. A record compiles only the three it
must (the fast ``__init__`` and the frozen guards) and shares one ``__repr__``, ``__eq__``
and ``__hash__`` with every other record; they behave as the generated ones do. Everything
else is a plain dataclass: ``fields``, ``asdict``, ``replace`` and pydantic's JSON Schema
see no difference.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)


def _values(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in type(self).__record_compared__)


def _repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: object) -> Any:  # bool, or NotImplemented
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


@overload
def record(cls: T, /) -> T: ...
@overload
def record(*, order: bool = False) -> Callable[[T], T]: ...


@dataclass_transform(frozen_default=True)
def record(cls: T | None = None, /, *, order: bool = False) -> T | Callable[[T], T]:
    """``@dataclass(frozen=True, slots=True)`` (``order`` as there), defined faster."""

    def wrap(cls: T) -> T:
        for name, method in (("__repr__", _repr), ("__eq__", _eq), ("__hash__", _hash)):
            setattr(cls, name, method)
        if not cls.__doc__:  # else dataclasses computes one with inspect.signature
            cls.__doc__ = f"{cls.__name__}({', '.join(inspect.get_annotations(cls))})"
        # eq=True only because order needs it: our __eq__ and __hash__, already set, stay
        made: Any = dataclass(frozen=True, slots=True, repr=False, eq=order, order=order)(cls)
        made.__record_compared__ = tuple(f.name for f in fields(made) if f.compare)
        result: T = made
        return result

    return wrap if cls is None else wrap(cls)
