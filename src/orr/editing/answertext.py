"""Set one answer by rewriting only its lines: the fast path of ``answerfile.set_answer``.

The review is parsed once with orr's own loader, which keeps the composed nodes and so each
answer's place in the text. The answer's lines (an existing answer's, or the gap after the
answer before it in checklist order) are replaced by the new answer, written by PyYAML in the
file's indentation; every other byte of the file stays as it was. The result is parsed once
to prove it reads as the old data with only this answer changed (that parse is also the one
the new text's validation uses: ``parsed`` caches it).

Whenever the answer's lines hold something this cannot be sure to keep (a comment, a tag,
flow style, an anchor or an alias, CRLF line ends), or the answer would go where a comment
may head it, ``replace_answer`` returns ``None`` and the caller takes ruamel's round trip
(``orr.editing.roundtrip``), which handles all of those: of the answer's ``own_lines`` alone
where it can, of the whole file otherwise. Anchors and aliases elsewhere are no reason: `orr
check` shares its records' ``files:`` maps so, and a person's answer is written above an
item's ``checked:`` records, which keep their lines as they are. A new answer after one whose
last line ends in a comment goes below that answer's own lines, and the new text is then
parsed whole to be sure.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from orr.errors import InputError
from orr.loading import Lines, has_anchors, node_lines, parse_yaml_nodes

_STR_TAG = "tag:yaml.org,2002:str"
#: A comment starts with ``#`` at the start of a line or after white space.
_COMMENT = re.compile(r"(?:^|\s)#", re.MULTILINE)
#: A tag starts a node: at the start of a line, after white space or a flow indicator.
_TAG = re.compile(r"(?:^|[\s\[{,])!", re.MULTILINE)
#: The rest of a key's line when its value is a block below it.
_KEY_LINE_END = re.compile(r"[ \t]*:[ \t]*\n")


@dataclass(frozen=True, slots=True)
class Entry:
    """Where one answer is in the text (indexes into it; ``line`` is 1-based)."""

    name: str  # the key as text (``str`` of its value)
    ref: str | None  # the key when it is a plain string (only those are matched)
    line: int
    column: int
    key_end: int  # where the key's text ends
    body: int | None  # the column of the answer's keys, when it is a block mapping
    #: where the line the answer ends on ends; None: something follows on it (or may: an
    #: answer holding a shared node is read off the text, and a comment may end its last line)
    end: int | None
    keeps: bool  # it ends in a block scalar keeping the blank lines after it (``|+``)
    #: a node of it, but for its ``checked:`` records, is also elsewhere in the file (an
    #: anchor used elsewhere, or an alias): it cannot be written again without breaking that
    shared: bool = False
    #: where the line of its ``checked:`` key starts, when those records (its last key)
    #: hold such a node, as `orr check` writes them: a save keeps their lines as they are
    checks: int | None = None

    def moved(self, chars: int, lines: int) -> Entry:
        """The entry after ``chars`` characters and ``lines`` lines were put before it."""
        return replace(self.tail_moved(chars), line=self.line + lines, key_end=self.key_end + chars)

    def tail_moved(self, chars: int) -> Entry:
        """The entry after ``chars`` characters were put inside it, before its records."""
        end = None if self.end is None else self.end + chars
        checks = None if self.checks is None else self.checks + chars
        return replace(self, end=end, checks=checks)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A review's text read by orr's loader: its data, and where its answers and waivers are.

    ``entries`` is ``None`` when the answers are not a non-empty block mapping (the fast path
    does not write there); ``waivers`` holds (index, line) of each waiver entry.
    """

    data: Any
    entries: tuple[Entry, ...] | None
    answer_lines: dict[str, int]
    waivers: tuple[tuple[int, int], ...]

    @property
    def lines(self) -> Lines:
        """Lines of each answer key and of each waiver entry (as ``loading.node_lines``)."""
        return dict(self.answer_lines), [line for _, line in self.waivers]


#: The texts last parsed or written, most recent last: a save finds the text it wrote here.
_CACHE: OrderedDict[tuple[str, Path], Parsed] = OrderedDict()
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def parsed(text: str, path: Path) -> Parsed:
    """The text parsed by orr's loader, cached: a save parses the text it wrote once, and the
    next save of the same file starts from it. Callers must not change the data."""
    key = (text, path)
    with _CACHE_LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    data, root = parse_yaml_nodes(text, path)
    found = _index(text, data, root)
    _remember(key, found)
    return found


def _remember(key: tuple[str, Path], found: Parsed) -> None:
    with _CACHE_LOCK:
        _CACHE[key] = found
        _CACHE.move_to_end(key)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)


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
    if "\r" in text or not answer:
        return None
    old = parsed(text, path)
    if old.entries is None:
        return None
    found = next((n for n, e in enumerate(old.entries) if e.ref == ref), None)
    if found is not None:
        splice = _replace(text, old.entries, found, answer, answer_in(old.data, ref), indent)
    else:
        splice = _insert(text, old.entries, ref, answer, order, indent)
    if splice is None or _KEEP.search(splice.dumped):  # PyYAML ends the document after it
        return None
    new = text[: splice.start] + splice.lines + text[splice.end :]
    quick = _spliced(old, splice, text, path) if splice.plain else None
    if quick is None:  # parse it all to be sure
        try:
            return new if parsed(new, path).data == expected else None
        except InputError:
            return None
    if quick.data != expected:
        return None
    _remember((new, path), quick)
    return new


@dataclass(frozen=True, slots=True)
class _Splice:
    """``text[start:end]`` replaced by ``lines``: the answer ``dumped`` (as PyYAML wrote it,
    from column 0) indented to ``column``, as entry ``at`` (a new one when ``inserted``).
    ``kept`` are the answer's keys whose lines stay after ``end`` (its ``checked:`` records);
    the lines after the new ones must close them up to ``closes``."""

    start: int
    end: int
    lines: str
    dumped: str
    column: int
    at: int
    inserted: bool
    closes: int
    kept: Mapping[str, Any] = field(default_factory=dict)
    #: the places are plain to see from the nodes (``False``: read off the lines, so the new
    #: text is parsed whole to be sure)
    plain: bool = True


def _replace(
    text: str,
    entries: tuple[Entry, ...],
    at: int,
    answer: Mapping[str, Any],
    before: Any,
    indent: tuple[int, int],
) -> _Splice | None:
    """The answer's lines after its key's, or those above its ``checked:`` records when they
    hold an alias or anchor and stay as they were (a person's answer keeps them)."""
    entry = entries[at]
    if entry.body is None or entry.shared:
        return None
    head = _KEY_LINE_END.match(text, entry.key_end)
    if head is None:  # a comment or the value on the key's line
        return None
    start = head.end()
    kept: dict[str, Any] = {}
    if entry.checks is not None:  # write the rest again, keep the records' lines
        if not isinstance(before, Mapping) or answer.get("checked") != before.get("checked"):
            return None
        kept = {"checked": answer["checked"]}
        answer = {k: v for k, v in answer.items() if k != "checked"}
        end, closes = entry.checks, entry.body
    elif entry.end is None:
        return None
    else:
        end, closes = entry.end, entry.column
    if not answer or not _plain_lines(text[start:end]):
        return None
    dumped = _dump(dict(answer), indent)
    lines = _indented(dumped, entry.body)
    return _Splice(start, end, lines, dumped, entry.body, at, False, closes, kept)


def answer_in(data: Any, ref: str) -> Any:
    """``answers.<ref>`` in a review's data (``None`` when it has none)."""
    answers = data.get("answers") if isinstance(data, dict) else None
    return answers.get(ref) if isinstance(answers, dict) else None


def _insert(
    text: str,
    entries: tuple[Entry, ...],
    ref: str,
    answer: Mapping[str, Any],
    order: Sequence[str],
    indent: tuple[int, int],
) -> _Splice | None:
    """After the answer before it in checklist ``order`` (and the comments indented into
    that answer), or after the last answer when it has no place in the order."""
    rank = {r: n for n, r in enumerate(order)}
    if ref in rank:
        before = [n for n, e in enumerate(entries) if e.name in rank and rank[e.name] < rank[ref]]
        if not before:
            return None  # first in order: whatever heads the answers now would head it
        at = before[-1]
    else:
        at = len(entries) - 1
    previous = entries[at]
    column, end, plain = previous.column, previous.end, True
    if end is None:  # its last line ends in a comment, or its nodes are written elsewhere
        end, plain = own_lines(text, previous)[1], False  # with the comments indented into it
    else:
        while end < len(text):  # comment lines indented into the answer before stay with it
            line_end = text.find("\n", end)
            line = text[end : len(text) if line_end < 0 else line_end + 1]
            stripped = line.lstrip(" ")
            if not stripped.startswith("#") or len(line) - len(stripped) <= column:
                break
            end += len(line)
    gap = "" if end == 0 or text[end - 1] == "\n" else "\n"
    dumped = _dump(dict(answer), indent, ref)
    lines = gap + _indented(dumped, column)
    return _Splice(end, end, lines, dumped, column, at, True, column, plain=plain)


def own_lines(text: str, entry: Entry) -> tuple[int, int]:
    """Where the answer's lines start and end: its key's line, and those after it that are
    blank or indented deeper than its key, up to the last that is not blank."""
    start = text.rfind("\n", 0, entry.key_end) + 1
    end = last = text.find("\n", entry.key_end) + 1 or len(text)
    while end < len(text):
        line_end = text.find("\n", end) + 1 or len(text)
        line = text[end:line_end]
        if line.strip(" \n"):
            if len(line) - len(line.lstrip(" ")) <= entry.column:
                break
            last = line_end
        end = line_end
    return start, last


#: A block scalar header keeping the line breaks at its end: the blank lines after it too.
_KEEP = re.compile(r"[|>][1-9]?\+$", re.MULTILINE)


def _spliced(old: Parsed, splice: _Splice, text: str, path: Path) -> Parsed | None:
    """What the spliced text parses to, from the old text's and the answer's alone.

    Every other byte is kept, and the answer's lines start after a line end and end at one,
    where the block before has ended and the one after has not begun, at the column of the
    nodes they stand for: so the text reads as the old data with this one answer as its
    lines read on their own. ``None`` where that does not hold or is not plain to see: the
    answer before a new one ends in a block scalar that keeps the blank lines after it (a
    new answer may not: ``replace_answer`` refuses it), a comment or spaces after the new
    lines are indented as far as the answer's values (a block scalar would read them in),
    the new lines do not start a line, PyYAML wrote something unexpected.
    """
    entries = old.entries
    if entries is None or splice.lines[:1] == "\n":
        return None
    if splice.inserted and entries[splice.at].keeps:
        return None
    if not _closed_after(text, splice.end, splice.closes):
        return None
    try:
        data = parse_yaml_nodes(splice.dumped, path)[0]
    except InputError:
        return None
    if splice.kept:
        if not isinstance(data, dict) or data.keys() & splice.kept.keys():
            return None
        data = {**data, **splice.kept}
    answers = old.data.get("answers") if isinstance(old.data, dict) else None
    if not isinstance(answers, dict) or len(answers) != len(entries):
        return None
    items = list(answers.items())
    chars = len(splice.lines) - (splice.end - splice.start)
    lines = splice.lines.count("\n") - text.count("\n", splice.start, splice.end)
    if splice.inserted:
        ref = next(iter(data)) if isinstance(data, dict) and len(data) == 1 else None
        first = splice.lines.partition("\n")[0]
        if not isinstance(ref, str) or ref in answers or not first.endswith(":"):
            return None
        if first.lstrip(" ").startswith(("?", "'", '"')):  # the key as PyYAML quoted it
            return None
        second = splice.lines[len(first) + 1 :]
        body = len(second) - len(second.lstrip(" "))
        entry = Entry(
            ref,
            ref,
            text.count("\n", 0, splice.start) + 1,
            splice.column,
            splice.start + len(first) - 1,
            body,
            splice.start + len(splice.lines),
            False,
        )
        items.insert(splice.at + 1, (ref, data[ref]))
        kept = [*entries[: splice.at + 1], entry]
        after = entries[splice.at + 1 :]
    else:
        at = splice.at
        if splice.kept:  # its records' lines follow the new ones, as they were
            changed = entries[at].tail_moved(chars)
        else:
            changed = replace(entries[at], end=splice.start + len(splice.lines), keeps=False)
        items[at] = (items[at][0], data)
        kept = [*entries[:at], changed]
        after = entries[at + 1 :]
    new_entries = (*kept, *(e.moved(chars, lines) for e in after))
    waivers = tuple(
        (index + chars, line + lines) if index >= splice.end else (index, line)
        for index, line in old.waivers
    )
    return Parsed(
        {**old.data, "answers": dict(items)},
        new_entries,
        {e.name: e.line for e in new_entries},
        waivers,
    )


def _closed_after(text: str, start: int, column: int) -> bool:
    """Whether the lines from ``start`` on can only close a block scalar the new lines end
    in: empty lines and comments up to ``column`` (the answer's key's), then a key up to it
    or the end. A comment or a line of spaces indented further would be read into it."""
    at = len(text)
    while start < at:
        newline = text.find("\n", start)
        end = at if newline < 0 else newline
        line = text[start:end]
        start = end + 1
        if not line:
            continue
        stripped = line.lstrip(" ")
        if len(line) - len(stripped) > column or not stripped.strip():
            return False
        if not stripped.startswith("#"):
            return True
    return True


def _index(text: str, data: Any, root: yaml.Node | None) -> Parsed:
    """The answers' and the waivers' places, read off the composed nodes."""
    answer_lines, _ = node_lines(root)
    waivers: tuple[tuple[int, int], ...] = ()
    for key_node, value_node in root.value if isinstance(root, yaml.MappingNode) else ():
        if key_node.value == "waivers" and isinstance(value_node, yaml.SequenceNode):
            waivers = tuple((n.start_mark.index, n.start_mark.line + 1) for n in value_node.value)
    answers = _block_mapping(_value_of(root, "answers"))
    shared = _shared_nodes(root) if has_anchors(text) else set()
    if answers is None or id(answers) in shared or any(id(k) in shared for k, _ in answers.value):
        return Parsed(data, None, answer_lines, waivers)  # written elsewhere, by an alias
    entries = []
    pairs = answers.value
    for n, (key, value) in enumerate(pairs):
        plain = type(key) is yaml.ScalarNode and key.tag == _STR_TAG
        value_map = _block_mapping(value)
        body = value_map.value[0][0].start_mark.column if value_map is not None else None
        block = isinstance(value, yaml.CollectionNode) and not value.flow_style
        checks: int | None = None
        if not _holds_any(value, shared):
            end = _line_end(text, _content_end(text, value) if block else value.end_mark.index)
            last = _last_node(value)
            keeps = (
                isinstance(last, yaml.ScalarNode)
                and last.style in ("|", ">")
                and _keeps_breaks(str(last.value))
            )
            holds_shared = False
        else:  # the nodes' marks may be where an anchor was written, before this answer
            records = _checks(value_map, shared)
            holds_shared = records is None
            if records is not None:
                checks = text.rfind("\n", 0, records.start_mark.index) + 1
            following = pairs[n + 1][0].start_mark.index if n + 1 < len(pairs) else None
            stop = answers.end_mark.index if following is None else following
            end = _last_line_end(text, key.end_mark.index, stop, checks)
            keeps = False
        entries.append(
            Entry(
                str(key.value),
                str(key.value) if plain else None,
                key.start_mark.line + 1,
                key.start_mark.column,
                key.end_mark.index,
                body,
                end,
                keeps,
                holds_shared,
                checks,
            )
        )
    return Parsed(data, tuple(entries), answer_lines, waivers)


def _checks(answer: yaml.MappingNode | None, shared: set[int]) -> yaml.Node | None:
    """The key of the answer's ``checked:`` records, when they are its last key and the only
    part of it holding a shared node."""
    if answer is None:
        return None
    *person, (key, _) = answer.value
    if type(key) is not yaml.ScalarNode or key.tag != _STR_TAG or key.value != "checked":
        return None
    if any(_holds_any(k, shared) or _holds_any(v, shared) for k, v in person):
        return None
    return key


def _last_line_end(text: str, start: int, stop: int, records: int | None) -> int | None:
    """Where the last line holding more than a comment, from ``start`` up to the line ``stop``
    is on, ends (``_line_end``), read off the text: an answer whose nodes may be written
    elsewhere. ``None`` when that line may end in a comment, or a block scalar in the answer
    (or in its ``records``, from there) may keep the blank lines after it."""
    at = text.rfind("\n", 0, stop) + 1 if stop < len(text) else len(text)
    while at > start:
        line_start = text.rfind("\n", 0, at - 1) + 1
        line = text[line_start:at]
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            if "#" in line or _KEEP.search(text, start if records is None else records, at):
                return None
            return at if line.endswith("\n") else len(text)
        at = line_start
    return None


def _shared_nodes(root: yaml.Node | None) -> set[int]:
    """The ids of the nodes met more than once in the tree: an anchor's node, met again
    wherever an alias names it (the composer gives an alias the anchor's node itself)."""
    seen: set[int] = set()
    shared: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            shared.add(id(node))
            continue  # its children were walked the first time
        seen.add(id(node))
        stack += _children(node)
    return shared


def _holds_any(node: yaml.Node, shared: set[int]) -> bool:
    """Whether the node, or a node below it, is one of ``shared`` (any other node is met once,
    so the walk ends)."""
    if not shared:
        return False
    stack = [node]
    while stack:
        node = stack.pop()
        if id(node) in shared:
            return True
        stack += _children(node)
    return False


def _children(node: yaml.Node) -> list[yaml.Node]:
    """A collection's nodes (a mapping's keys and values); a scalar has none."""
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _keeps_breaks(value: str) -> bool:
    """Whether a block scalar of this value keeps a blank line at its end (``|+``)."""
    return bool(value) and value[-1] in _BREAKS and (len(value) == 1 or value[-2] in _BREAKS)


_BREAKS = "\n\x85\u2028\u2029"


def _last_node(node: yaml.Node) -> yaml.Node:
    while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node


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
    node = _last_node(node)
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

    def ignore_aliases(self, data: Any) -> bool:
        """Never an anchor of its own (a value met twice is written twice): its name could be
        one the file already uses, and change what the file's aliases name."""
        return True


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


def _dump(answer: dict[str, Any], indent: tuple[int, int], ref: str = "") -> str:
    """The answer (under its ``ref`` key, if given) as block YAML lines from column 0."""
    fields = {
        k: _Flow(v) if k in _FLOW_LISTS and isinstance(v, list) else v for k, v in answer.items()
    }
    mapping_indent, offset = indent
    return yaml.dump(
        {ref: fields} if ref else fields,
        Dumper=_IndentlessDumper if offset == 0 else _Dumper,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
        indent=max(2, min(mapping_indent, 9)),
    )


def _indented(text: str, column: int) -> str:
    prefix = " " * column
    return "".join(line if line == "\n" else prefix + line for line in text.splitlines(True))
