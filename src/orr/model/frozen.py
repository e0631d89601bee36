"""The base of the loaded models: immutable objects validated by a compiled pydantic-core schema.

A ``Frozen`` subclass (generated in ``compiled.py``) behaves like the frozen pydantic model it
was compiled from: ``Model(**fields)`` and ``Model.model_validate(data)`` validate, raising
``pydantic_core.ValidationError`` with the same errors; instances compare by value and refuse
assignment; ``model_dump`` serialises. It needs only ``pydantic_core``, which is quick to
import, not pydantic's model machinery, which is not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal, NoReturn, Self

import pydantic_core
from pydantic_core import SchemaSerializer, SchemaValidator

_validators: dict[type, SchemaValidator] = {}
_serializers: dict[type, SchemaSerializer] = {}


class Frozen:
    # pydantic-core sets these three on each instance it validates
    __slots__ = (
        "__dict__",
        "__pydantic_extra__",
        "__pydantic_fields_set__",
        "__pydantic_private__",
    )
    if TYPE_CHECKING:
        __pydantic_fields_set__: set[str]

    #: The model's own field names, in order.
    model_field_names: ClassVar[tuple[str, ...]] = ()
    #: Every field name of the model and the models inside it (for "did you mean").
    all_field_names: ClassVar[tuple[str, ...]] = ()

    @staticmethod
    def core_schema() -> Any:
        raise NotImplementedError

    @classmethod
    def _schema(cls) -> Any:
        from orr.model.compiled import PYDANTIC_CORE

        if pydantic_core.__version__ == PYDANTIC_CORE:
            return cls.core_schema()
        from orr.model.compile import live_schema

        return live_schema(cls.__name__)

    @classmethod
    def _validator(cls) -> SchemaValidator:
        validator = _validators.get(cls)
        if validator is None:
            validator = _validators[cls] = SchemaValidator(cls._schema())
        return validator

    def __init__(self, **data: Any) -> None:
        self._validator().validate_python(data, self_instance=self)

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        result: Self = cls._validator().validate_python(data)
        return result

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        exclude_unset: bool = False,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        cls = type(self)
        serializer = _serializers.get(cls)
        if serializer is None:
            serializer = _serializers[cls] = SchemaSerializer(cls._schema())
        data: dict[str, Any] = serializer.to_python(
            self,
            mode=mode,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
        )
        return data

    @property
    def model_fields_set(self) -> set[str]:
        return self.__pydantic_fields_set__

    def _values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__[name] for name in self.model_field_names)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Frozen)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={self.__dict__[name]!r}" for name in self.model_field_names)
        return f"{type(self).__name__}({fields})"

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is frozen: {name!r} cannot be set")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is frozen: {name!r} cannot be deleted")

    def __getstate__(self) -> dict[str, Any]:
        return {
            "dict": {k: self.__dict__[k] for k in self.model_field_names},
            "fields_set": self.__pydantic_fields_set__,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        object.__setattr__(self, "__dict__", dict(state["dict"]))
        object.__setattr__(self, "__pydantic_fields_set__", set(state["fields_set"]))
        object.__setattr__(self, "__pydantic_extra__", None)
        object.__setattr__(self, "__pydantic_private__", None)
