"""Text of what the lens commands write: a checklist as YAML, a lens as JSON. Deterministic."""

from __future__ import annotations

import json
from typing import Any

import yaml

from orr.model import Checklist


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text and indented lists, like the bundled checklists."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def checklist_yaml(checklist: Checklist, header: str = "") -> str:
    """The checklist as YAML, with only the fields that were set, in the model's order."""
    data = checklist.model_dump(mode="json", exclude_unset=True)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + body


def lens_json(lens: dict[str, Any]) -> str:
    """The lens as JSON: keys in the order built, two-space indent, a final newline."""
    return json.dumps(lens, indent=2, ensure_ascii=False) + "\n"
