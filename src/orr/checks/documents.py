"""Read a repository's YAML and JSON files as plain data for queries: templates, plans, manifests.

CloudFormation and SAM short-form tags become the long form's plain data, as the service reads
them: ``!Ref X`` is ``{"Ref": "X"}``, ``!GetAtt A.B`` is ``{"Fn::GetAtt": ["A", "B"]}``,
``!Sub ...`` is ``{"Fn::Sub": ...}``. Nothing is ever constructed from a tag: the loader is
orr's own (``orr.loading``: the C safe loader, faster on plain strings, refusing duplicate
keys as CloudFormation does) with one constructor for local (``!``) tags, so ``!!python/...``
is still refused. A YAML file may hold several documents (Kubernetes manifests).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from orr.errors import InputError
from orr.loading import _DuplicateKey, _StrictLoader, parse_json

#: Short-form tags whose long form is not ``Fn::<name>``.
_PLAIN = {"Ref": "Ref", "Condition": "Condition"}


class TemplateLoader(_StrictLoader):
    """orr's safe loader, reading CloudFormation's short-form tags as plain data."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    key = _PLAIN.get(suffix, f"Fn::{suffix}")
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":  # `!GetAtt Resource.Attribute.With.Dots`
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {key: value}


TemplateLoader.add_multi_constructor("!", _intrinsic)


def parse_documents(text: str, path: Path) -> list[Any]:
    """Every document in the file (JSON: one), as plain data; a located error if malformed."""
    if path.suffix.lower() == ".json":
        return [parse_json(text, path)]
    try:
        return [doc for doc in yaml.load_all(text, Loader=TemplateLoader) if doc is not None]
    except _DuplicateKey as error:
        raise InputError.at(
            path,
            f"duplicate key {error.key!r} (first at line {error.first.line + 1}); keep one of "
            "them, as CloudFormation would",
            error.second.line + 1,
            error.second.column + 1,
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = f"not valid YAML: {error.problem or 'a syntax error'}"
        tag = re.search(r"constructor for the tag '([^']*)'", problem)
        if tag:
            name = tag.group(1).replace("tag:yaml.org,2002:", "!!")
            problem = f"the tag {name} is not allowed: templates are read as plain data"
        raise InputError.at(
            path,
            f"{problem}; fix the file or leave it out of the check's glob",
            line,
            column,
        ) from None
    except yaml.YAMLError as error:
        raise InputError.at(path, f"not valid YAML: {error}") from None
    except RecursionError:
        raise InputError.at(path, "nested too deep to read") from None
