"""The machine-readable result, ``orr.result/v1``: every number the human reports show."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from orr.result import Result


def to_data(result: Result) -> dict[str, Any]:
    data = dataclasses.asdict(result)
    schema = data.pop("schema")
    return {"schema": schema, **data}


def render(result: Result) -> str:
    return json.dumps(to_data(result), indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the result, generated from the dataclasses it serialises."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Result).json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://orr.dev/schemas/result-v1.json",
        **schema,
    }
