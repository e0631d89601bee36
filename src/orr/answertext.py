"""Set one answer by rewriting only its lines: the fast path of ``answerfile.set_answer``.

The review is parsed once with orr's own loader, which keeps the composed nodes and so each
answer's place in the text. The answer's lines (an existing answer's, or the gap after the
answer before it in checklist order) are replaced by the new answer, written by PyYAML in the
file's indentation; every other byte of the file stays as it was. The result is parsed once
to prove it reads as the old data with only this answer changed (that parse is also the one
the new text's validation uses: ``parsed`` caches it).

Whenever the answer's lines hold something this cannot be sure to keep (a comment, a tag,
flow style, an anchor anywhere in the file, CRLF line ends), or the answer would go where a
comment may head it, ``replace_answer`` returns ``None`` and the caller takes the ruamel
round trip (``orr.roundtrip``), which handles all of those.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from orr.loading import has_anchors, parse_yaml_nodes

_STR_TAG = "tag:yaml.org,2002:str"
#: A comment starts with ``#`` at the start of a line or after white space.
_COMMENT = re.compile(r"(?:^|\s)#", re.MULTILINE)
#: A tag starts a node: at the start of a line, after white space or a flow indicator.
_TAG = re.compile(r"(?:^|[\s\[{,])!", re.MULTILINE)
#: The rest of a key's line when its value is a block below it.
_KEY_LINE_END = re.compile(r"[ \t]*:[ \t]*\n")


@dataclass(frozen=True, slots=True)
class Parsed:
    """A review's text read by orr's loader: its data and the node tree with the marks."""

    data: Any
    root: yaml.Node | None


@functools.lru_cache(maxsize=4)
def parsed(text: str, path: Path) -> Parsed:
    """The text parsed by orr's loader, cached: a save parses the text it wrote once, and the
    next save of the same file starts from it. Callers must not change the data."""
    return Parsed(*parse_yaml_nodes(text, path))


def replace_answer(
    text: str,
    path: Path,
    ref: str,
    answer: Mapping[str, Any],
    expected: Mapping[str, Any],
    *,
    order: Sequence[str] = (),
    indent: tuple[int, int] = (2, 2),
) -> str | None:
    """The text with ``answers.<ref>`` written as ``answer``, or ``None`` when unsure.

    ``expected`` is the whole document as the new text must read; ``indent`` is the file's
    (mapping indent, dash offset), for the lists and mappings inside the answer.
    """
    if "\r" in text or not answer or has_anchors(text):
        return None
    root = parsed(text, path).root
    answers = _block_mapping(_value_of(root, "answers"))
    if answers is None:
        return None
    found = _value_of(answers, ref)
    if found is not None:
        new = _replace(text, answers, ref, found, answer, indent)
    else:
        new = _insert(text, answers, ref, answer, order, indent)
    if new is None or parsed(new, path).data != expected:
        return None
    return new


def _replace(
    text: str,
    answers: yaml.MappingNode,
    ref: str,
    value: yaml.Node,
    answer: Mapping[str, Any],
    indent: tuple[int, int],
) -> str | None:
    value_map = _block_mapping(value)
    if value_map is None:
        return None
    key = next(k for k, v in answers.value if v is value)
    head = _KEY_LINE_END.match(text, key.end_mark.index)
    if head is None:  # a comment or the value on the key's line
        return None
    start = head.end()
    end = _line_end(text, _content_end(text, value_map))
    if end is None or not _plain_lines(text[start:end]):
        return None
    column = value_map.value[0][0].start_mark.column
    return text[:start] + _emit(dict(answer), column, indent) + text[end:]


def _insert(
    text: str,
    answers: yaml.MappingNode,
    ref: str,
    answer: Mapping[str, Any],
    order: Sequence[str],
    indent: tuple[int, int],
) -> str | None:
    """After the answer before it in checklist ``order`` (and the comments indented into
    that answer), or after the last answer when it has no place in the order."""
    rank = {r: n for n, r in enumerate(order)}
    keys = [str(k.value) for k, _ in answers.value]
    if ref in rank:
        before = [n for n, k in enumerate(keys) if k in rank and rank[k] < rank[ref]]
        if not before:
            return None  # first in order: whatever heads the answers now would head it
        previous = answers.value[before[-1]]
    else:
        previous = answers.value[-1]
    column = previous[0].start_mark.column
    prev_value = previous[1]
    if isinstance(prev_value, yaml.CollectionNode) and not prev_value.flow_style:
        end = _line_end(text, _content_end(text, prev_value))
    else:
        end = _line_end(text, prev_value.end_mark.index)
    if end is None:
        return None
    while end < len(text):  # comment lines indented into the answer before stay with it
        line_end = text.find("\n", end)
        line = text[end : len(text) if line_end < 0 else line_end + 1]
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) <= column:
            break
        end += len(line)
    gap = "" if end == 0 or text[end - 1] == "\n" else "\n"
    return text[:end] + gap + _emit(dict(answer), column, indent, ref) + text[end:]


def _value_of(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if type(key_node) is yaml.ScalarNode and key_node.tag == _STR_TAG and key_node.value == key:
            found: yaml.Node = value_node
            return found
    return None


def _block_mapping(node: yaml.Node | None) -> yaml.MappingNode | None:
    if isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        return node
    return None


def _content_end(text: str, node: yaml.Node) -> int:
    """Where the last character of a block collection's text is (before trailing comments)."""
    while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = int(node.end_mark.index)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        while end > 0 and text[end - 1] in " \n":  # the breaks a block scalar ends with
            end -= 1
    return end


def _line_end(text: str, index: int) -> int | None:
    """The index after the line ``index`` is on, or ``None`` if the line goes on (a comment)."""
    newline = text.find("\n", index)
    rest = text[index : len(text) if newline < 0 else newline]
    if rest.strip(" \t"):
        return None
    return len(text) if newline < 0 else newline + 1


def _plain_lines(span: str) -> bool:
    """No comment and no tag among the lines being replaced."""
    return _COMMENT.search(span) is None and _TAG.search(span) is None


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper writing as orr's round trip does: literal blocks for multi-line
    text, UTC date-times as ``...Z``, choices as flow lists, lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


class _IndentlessDumper(_Dumper):
    """For files whose lists start at their key's column (``key:\\n- item``)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        yaml.SafeDumper.increase_indent(self, flow, indentless)


class _Flow(list[Any]):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar(_STR_TAG, value, style=style)


def _represent_datetime(dumper: yaml.SafeDumper, value: dt.datetime) -> yaml.Node:
    offset = value.utcoffset()
    if offset is None or offset:
        return dumper.represent_datetime(value)
    stamp = value.replace(tzinfo=None).isoformat() + "Z"
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", stamp)


def _represent_flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


for _class in (_Dumper, _IndentlessDumper):
    _class.add_representer(str, _represent_str)
    _class.add_representer(dt.datetime, _represent_datetime)
    _class.add_representer(_Flow, _represent_flow)

_FLOW_LISTS = ("choices", "na_choices")


def _emit(answer: dict[str, Any], column: int, indent: tuple[int, int], ref: str = "") -> str:
    """The answer (under its ``ref`` key, if given) as block YAML lines starting at ``column``."""
    fields = {
        k: _Flow(v) if k in _FLOW_LISTS and isinstance(v, list) else v for k, v in answer.items()
    }
    mapping_indent, offset = indent
    text = yaml.dump(
        {ref: fields} if ref else fields,
        Dumper=_IndentlessDumper if offset == 0 else _Dumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
        indent=max(2, min(mapping_indent, 9)),
    )
    prefix = " " * column
    return "".join(line if line == "\n" else prefix + line for line in text.splitlines(True))
