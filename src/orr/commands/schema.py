from __future__ import annotations

import json

import click
from pydantic import BaseModel

from orr.model import Baseline, Checklist, Review


def json_schema(kind: str) -> dict[str, object]:
    if kind == "result":
        from orr.render.json import json_schema as result_schema

        return result_schema()
    from orr.model.overlay import Overlay

    models: dict[str, type[BaseModel]] = {
        "checklist": Checklist,
        "review": Review,
        "baseline": Baseline,
        "overlay": Overlay,
    }
    model = models[kind]
    schema = model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://orr.dev/schemas/{kind}.json",
        **schema,
    }


@click.command()
@click.argument("kind", type=click.Choice(["checklist", "review", "baseline", "overlay", "result"]))
def schema(kind: str) -> int:
    """Print the JSON Schema of a checklist, review, baseline or overlay file (for editor
    completion), or of the orr.result/v1 JSON that `orr gate --json` and
    `orr report --format json` write."""
    click.echo(json.dumps(json_schema(kind), indent=2))
    return 0
