"""Round-trip YAML editing with ruamel.yaml, made safe for orr's PyYAML reader.

ruamel.yaml's round-trip mode keeps comments, key order, quoting and flow/block style. Two of
its habits are corrected here:

* Comment lines after a block's last line belong, for a reader, to whatever follows; ruamel
  stores them on the block's last scalar. ``detach_tail`` / ``attach_tail`` move them along
  when a block grows, shrinks or gets a new neighbour, so a heading stays above what it heads.
* ruamel speaks YAML 1.2, orr reads with PyYAML (YAML 1.1): ``styled`` quotes a string such
  as ``yes`` or ``0777`` that PyYAML would read as something else.

``edit`` checks every change before returning it: the new text, read by orr's loader, must
equal the old data with only the intended change. Only the modules that write import ruamel.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from orr.errors import InputError, OrrError
from orr.loading import parse_yaml

_STR_TAG = "tag:yaml.org,2002:str"
_resolver = yaml.resolver.Resolver()


class RoundTripError(OrrError):
    """The file cannot be edited without changing more than intended."""


class _Stamp(str):
    """An ISO date-time written as a plain YAML timestamp (not a quoted string)."""


def _represent_stamp(representer: Any, value: _Stamp) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", str(value))


def edit(
    text: str,
    path: Path,
    change: Callable[[CommentedMap], None],
    expect: Callable[[dict[str, Any]], None],
    *,
    style: str | None = None,
) -> str:
    """Apply ``change`` to the round-trip tree; refuse unless the result reads as ``expect``.

    A JSON file stays JSON: it has no comments to keep, so it is written from ``expect``'s
    data, in the file's indentation. ``style`` is the text whose indentation new lines take
    (``text`` itself by default; the whole file, when ``text`` is a part of it).
    """
    if path.suffix.lower() == ".json":
        return _json_edit(text, path, expect)
    loader = _yaml(text, style or text)
    root = loader.load(text)
    if not isinstance(root, CommentedMap):
        raise RoundTripError(f"{path}: the document is not a mapping of keys to values")
    change(root)
    out = io.StringIO()
    loader.dump(root, out)
    new = out.getvalue()
    if "\r\n" in text:
        new = new.replace("\r\n", "\n").replace("\n", "\r\n")
    wanted = copy.deepcopy(parse_yaml(text, path))
    expect(wanted)
    try:
        same = parse_yaml(new, path) == wanted
    except InputError:  # ruamel wrote YAML it cannot read back (seen: an empty flow list)
        same = False
    if not same:
        raise RoundTripError(
            f"{path}: orr cannot update this file without changing other parts of it (it uses "
            "YAML that does not survive a round trip); nothing was written. Simplify the file "
            "or edit it by hand."
        )
    return new


def _json_edit(text: str, path: Path, expect: Callable[[dict[str, Any]], None]) -> str:
    import json

    from orr.loading import parse_json

    wanted = parse_json(text, path)
    if not isinstance(wanted, dict):
        raise RoundTripError(f"{path}: the document is not a mapping of keys to values")
    expect(wanted)
    indent = re.search(r'^( +|\t)"', text, re.MULTILINE)
    new = json.dumps(
        wanted, indent=indent.group(1) if indent else 2, ensure_ascii=False, default=_json_value
    )
    new += "\n"
    return new.replace("\n", "\r\n") if "\r\n" in text else new


def _json_value(value: Any) -> str:
    """Dates as a review's JSON writes them (pydantic reads them back as dates)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


def _yaml(text: str, style: str) -> YAML:
    loader = YAML()  # round-trip
    loader.preserve_quotes = True
    loader.width = 4096  # never re-wrap a person's long lines
    mapping, offset = indentation(style)
    loader.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    loader.explicit_start = _starts_with_marker(text)
    loader.representer.add_representer(_Stamp, _represent_stamp)
    return loader


def indentation(text: str) -> tuple[int, int]:
    """(mapping indent, dash offset) as the file uses them; orr init's style by default."""
    mapping = offset = None
    parent: tuple[int, str] | None = None  # indent and text of the last key line
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if parent and parent[1].endswith(":") and indent >= parent[0]:
            if stripped.startswith("- ") and offset is None:
                offset = indent - parent[0]
            elif not stripped.startswith("-") and mapping is None and indent > parent[0]:
                mapping = indent - parent[0]
        parent = (indent, stripped.split(" #")[0].rstrip())
        if mapping is not None and offset is not None:
            break
    return mapping or 2, offset if offset is not None else 2


def _starts_with_marker(text: str) -> bool:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith(("#", "%")):
            return line.rstrip() == "---" or line.startswith("--- ")
    return False


def styled(value: Any, *, like: Any = None, flow: bool = False) -> Any:
    """A value as ruamel should write it so that PyYAML reads it back unchanged."""
    if isinstance(value, dt.datetime):
        return _Stamp(value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if not _reads_as_str(value):
            return SingleQuotedScalarString(value)
        if isinstance(like, SingleQuotedScalarString | DoubleQuotedScalarString):
            return type(like)(value)  # quote it as its neighbours are quoted
        return value
    if isinstance(value, list | tuple):
        seq = CommentedSeq(styled(v) for v in value)
        if like.fa.flow_style() if isinstance(like, CommentedSeq) else flow:
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    return value


def _reads_as_str(value: str) -> bool:
    """Whether PyYAML reads ``value``, written plain, as that string."""
    tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STR_TAG)


# --- comments that trail the last line of a value ----------------------------------------


def _tail_slot(parent: Any, key: Any) -> tuple[list[Any], int]:
    """The comment slot after the last line of ``parent[key]``: (its ca entry, index)."""
    value = parent[key]
    if isinstance(value, CommentedMap | CommentedSeq) and value and not value.fa.flow_style():
        last = next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1
        return _tail_slot(value, last)
    entry = parent.ca.items.setdefault(key, [None, None, None, None])
    return entry, 2 if isinstance(parent, CommentedMap) else 0


def detach_tail(parent: Any, key: Any) -> str:
    """Remove and return the comment lines after the value's last line (not its own comment)."""
    entry, index = _tail_slot(parent, key)
    token = entry[index]
    if not isinstance(token, CommentToken):
        return ""
    own, _, rest = token.value.partition("\n")
    if not rest:
        return ""
    if own.strip():
        token.value = own + "\n"
    else:
        entry[index] = None
    return rest


def key_column(mapping: CommentedMap) -> int:
    """The column the mapping's keys start at in the file (0 when it was not read from one)."""
    for key in mapping:
        try:
            return int(mapping.lc.key(key)[1])
        except (KeyError, TypeError, AttributeError):
            continue
    return 0


def split_tail(tail: str, column: int) -> tuple[str, str]:
    """Split trailing comments into the ones indented into the value and the rest."""
    lines = tail.splitlines(True)
    n = 0
    while n < len(lines) and lines[n].strip() and len(lines[n]) - len(lines[n].lstrip()) > column:
        n += 1
    return "".join(lines[:n]), "".join(lines[n:])


def attach_tail(parent: Any, key: Any, tail: str) -> None:
    if not tail:
        return
    entry, index = _tail_slot(parent, key)
    token = entry[index]
    if isinstance(token, CommentToken):
        token.value = token.value + ("" if token.value.endswith("\n") else "\n") + tail
    else:
        entry[index] = CommentToken("\n" + tail, CommentMark(0), None)
