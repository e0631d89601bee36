"""Read YAML and JSON safely, and turn every problem into ``file:line:col: message``.

The fast path is PyYAML's C loader plus one pydantic validation. Line numbers are looked up
only when something is wrong, by composing the text again and walking to the failing node.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from orr.errors import InputError, Problem
from orr.model import field_names
from orr.suggest import did_you_mean
from orr.words import plural

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 1_000_000
#: Text that aliases may expand to: a 4 MB string repeated 1,000 times is 4 GB in a report.
MAX_EXPANDED_CHARS = 4 * MAX_BYTES

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s,\[\]{}]")
M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, first: yaml.Mark, second: yaml.Mark) -> None:
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


_STR_TAG = "tag:yaml.org,2002:str"


class _StrictLoader(_Loader):  # type: ignore[valid-type,misc]
    """The C safe loader, refusing duplicate keys in a mapping.

    It is also faster than the plain safe loader (portfolios parse thousands of files): plain
    strings, by far the most common node, skip the generic resolver and constructor, and keys
    are compared only when the mapping came out shorter than its node. Anything else (other
    tags, merge keys, non-string keys) takes PyYAML's own path.
    """

    _FIRST_CHARS = frozenset(k for k in _Loader.yaml_implicit_resolvers if k)
    _SHORTCUT = None not in _Loader.yaml_implicit_resolvers and not _Loader.yaml_path_resolvers

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if (
            kind is yaml.ScalarNode
            and value
            and self._SHORTCUT
            and (not implicit[0] or value[0] not in self._FIRST_CHARS)
        ):
            return _STR_TAG  # no implicit resolver can match: what Resolver.resolve returns
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]

    root: yaml.Node | None = None

    def construct_document(self, node: yaml.Node) -> Any:
        self.root = node
        return super().construct_document(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node.tag == _STR_TAG and type(node) is yaml.ScalarNode:
            return node.value  # what construct_yaml_str returns, without four calls
        try:
            return super().construct_object(node, deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception:  # `!!float abc`, `!!float ''`, `!!int 1e999`: PyYAML leaks these
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f"{_show_scalar(node)} is not a valid {tag}", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        pairs = list(node.value)  # flatten_mapping rewrites node.value in place
        plain = all(k.tag == _STR_TAG and type(k) is yaml.ScalarNode for k, _ in pairs)
        try:
            if plain:  # string keys, so no merge key: SafeConstructor's loop without its checks
                mapping = {
                    k.value: v.value
                    if v.tag == _STR_TAG and type(v) is yaml.ScalarNode
                    else self.construct_object(v, deep)
                    for k, v in pairs
                }
            else:
                mapping = super().construct_mapping(node, deep)
        except Exception:
            _refuse_duplicates(pairs)  # a duplicate key is reported first, as before any value
            raise
        if not plain or len(mapping) != len(pairs):  # merge keys can hide a duplicate's loss
            _refuse_duplicates(pairs)
        return mapping


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date that does not exist (``2026-13-45``) stays text: the schema then reports it at
    its field, beside every other problem, instead of the whole file failing to parse."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return node.value


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def _show_scalar(node: yaml.Node) -> str:
    return repr(node.value) if isinstance(node, yaml.ScalarNode) else "this value"


def _refuse_duplicates(pairs: list[tuple[yaml.Node, yaml.Node]]) -> None:
    seen: dict[tuple[str, str], yaml.Mark] = {}
    for key_node, _ in pairs:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            key = (key_node.tag, key_node.value)
            if key in seen:
                raise _DuplicateKey(key_node.value, seen[key], key_node.start_mark)
            seen[key] = key_node.start_mark


#: The lines of a review's answer keys and waiver entries: what ``review_lines`` returns.
Lines = tuple[dict[str, int], list[int]]


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed input file: its data and the text it came from (for error locations)."""

    path: Path
    text: str
    data: dict[str, Any]
    sha256: str = ""
    lines: Lines | None = None  # found while parsing YAML, so that the gate parses once

    def problem(self, loc: Loc, message: str, *, key: bool = False, offset: int = 0) -> Problem:
        line, column = locate(self.text, loc, key=key, offset=offset)
        prefix = f"{format_loc(loc)}: " if loc else ""
        return Problem(str(self.path), line, column, prefix + message)


def read_text(path: Path) -> str:
    """The file's text: size-limited, UTF-8 (a byte-order mark is dropped)."""
    return read_text_and_digest(path)[0]


def read_text_and_digest(path: Path) -> tuple[str, str]:
    """The file's text and the sha256 of its bytes.

    Only a regular file is read (after following symlinks): a FIFO would block forever and
    ``/dev/zero`` never ends. At most the limit plus one byte is read, whatever ``stat`` says.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(info.st_mode):
                raise InputError.at(
                    path, "is not a regular file (a pipe, socket or device); give orr a file"
                )
            if info.st_size > MAX_BYTES:
                raise InputError.at(
                    path,
                    f"file is {info.st_size:,} bytes, over the {MAX_BYTES:,}-byte limit; split it",
                )
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError.at(path, "no such file") from None
    except IsADirectoryError:
        raise InputError.at(path, "is a folder, not a file") from None
    except OSError as error:
        raise InputError.at(path, f"cannot be read: {error.strerror or error}") from None
    if len(raw) > MAX_BYTES:
        raise InputError.at(path, f"file is over the {MAX_BYTES:,}-byte limit; split it")
    try:
        return raw.decode("utf-8-sig"), hashlib.sha256(raw).hexdigest()
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise InputError.at(
            path,
            f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8",
            line,
            column,
        ) from None


def read_document(path: Path) -> Document:
    """Parse a YAML or JSON file into a mapping, refusing anything unsafe or ambiguous."""
    text, digest = read_text_and_digest(path)
    lines: Lines | None = None
    if path.suffix.lower() == ".json":
        data = parse_json(text, path)
    else:
        data, lines = _parse_yaml(text, path)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {_type_name(data)}"
        raise InputError.at(path, f"the document is {kind}, not a mapping of keys to values", 1, 1)
    anchors = has_anchors(text)
    chars = 0  # of text the aliases expand to (without aliases, at most the file's size)
    for key, value in data.items():
        try:
            if isinstance(value, dict | list):
                chars += _check_shape(value, path, anchors=anchors)
            elif anchors and isinstance(value, str):
                chars += len(value)
            if chars > MAX_EXPANDED_CHARS:
                raise _too_much_text(path)
        except InputError as error:
            line, column = locate(text, (str(key),), key=True)
            raise InputError.at(path, error.problems[0].message, line, column) from None
    return Document(path, text, data, digest, lines)


def parse_yaml(text: str, path: Path) -> Any:
    return parse_yaml_nodes(text, path)[0]


def has_anchors(text: str) -> bool:
    """Whether the YAML text may define an anchor (and so hold aliases); cheap."""
    return "&" in text and _ANCHOR.search(text) is not None  # the `in` test is 50x faster


def node_lines(root: yaml.Node | None) -> Lines:
    """Lines of each answer key and of each waiver entry, read off a composed review."""
    return _node_lines(root)


def _parse_yaml(text: str, path: Path) -> tuple[Any, Lines]:
    """The data, and the answer and waiver lines read off the nodes on the way (cheap)."""
    data, root = parse_yaml_nodes(text, path)
    return data, _node_lines(root)


def parse_yaml_nodes(text: str, path: Path) -> tuple[Any, yaml.Node | None]:
    """The data and the composed node tree it was built from (with each node's marks)."""
    try:
        loader = _StrictLoader(text)  # a SafeLoader subclass; what yaml.load does, keeping it
        try:
            data = loader.get_single_data()
            return data, loader.root
        finally:
            loader.dispose()
    except _DuplicateKey as error:
        raise InputError.at(
            path,
            f"duplicate key {error.key!r} (first at line {error.first.line + 1}); keep one of them",
            error.second.line + 1,
            error.second.column + 1,
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if _unclosed(error):  # the end of the file is no help: point at the opening quote
            mark = error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise InputError.at(path, _yaml_message(error, text, mark), line, column) from None
    except yaml.reader.ReaderError as error:  # NUL, BEL and other control characters
        line, column = _line_column(text, error.position)
        raise InputError.at(
            path,
            f"the control character U+{error.character:04X} is not allowed in YAML; remove it",
            line,
            column,
        ) from None
    except yaml.YAMLError as error:
        raise InputError.at(path, f"not valid YAML: {error}") from None
    except RecursionError:
        raise InputError.at(path, f"nested deeper than {MAX_DEPTH} levels") from None
    except Exception as error:  # a collection tag PyYAML fills late, e.g. `!!set 0`
        raise InputError.at(path, f"not valid YAML: {error}; check the tagged values") from None


def _yaml_message(error: yaml.MarkedYAMLError, text: str, mark: yaml.Mark | None) -> str:
    problem = error.problem or "not valid YAML"
    if mark is not None and mark.index < len(text) and text[mark.index] == "\t":
        return "a tab character cannot indent YAML; use spaces"
    match = re.search(r"constructor for the tag '([^']*)'", problem)
    if match:
        tag = match.group(1).replace("tag:yaml.org,2002:", "!!")
        return f"the tag {tag} is not allowed: orr reads plain YAML data only; remove the tag"
    if _unclosed(error):
        return (
            "not valid YAML: this quote is never closed; end the text with the same quote "
            "(inside '...', write a ' as '')"
        )
    return f"not valid YAML: {problem}{_text_hint(error, text, mark)}"


def _unclosed(error: yaml.MarkedYAMLError) -> bool:
    return (
        error.context == "while scanning a quoted scalar"
        and "end of stream" in (error.problem or "")
        and error.context_mark is not None
    )


#: Before a mark, on its line: a key and the start of its value (``notes: Rollback``).
_KEY_AND_VALUE = re.compile(r"\s*(?:-\s+)?[^\s#'\"][^#]*?:\s+\S")
#: ... or a key and a whole quoted value, so the mark is on what follows (``notes: 'it'``).
_QUOTED_THEN_MORE = re.compile(r"""\s*(?:-\s+)?[^\s#'"][^#]*?:\s+(['"]).*\1$""")
#: The brackets of a flow collection, by the parser's context.
_FLOWS = {"while parsing a flow mapping": ("{", "}"), "while parsing a flow sequence": ("[", "]")}


def _text_hint(error: yaml.MarkedYAMLError, text: str, mark: yaml.Mark | None) -> str:
    """How to write a text that YAML read as syntax (nearly always: in quotes), or where to
    look for what is missing; empty when the error is none of these."""
    quote = "put the whole text in quotes"
    problem, context = error.problem or "", error.context or ""
    if mark is None or mark.index > len(text):
        return ""
    line = text[text.rfind("\n", 0, mark.index) + 1 : mark.index]
    if "mapping values are not allowed" in problem:
        if _KEY_AND_VALUE.match(line):
            return f"; a ': ' inside a text starts a key: {quote}, or the key on a line of its own"
        return "; check this line's indentation against the lines above it"
    if _QUOTED_THEN_MORE.match(line):
        return (
            "; a quoted text ends at its closing quote and more follows it: inside '...', "
            "write a ' as '' (or quote the text with \" instead)"
        )
    if "cannot start any token" in problem and text[mark.index : mark.index + 1] in ("@", "`"):
        return f"; a text cannot start with {text[mark.index]}: {quote}"
    if context == "while scanning a block scalar":
        return f"; a text that starts with | or > is a block of lines below its key: {quote}"
    if context in ("while scanning an alias", "while scanning an anchor") or (
        "found undefined alias" in problem
    ):
        return f"; a text that starts with * or & is an alias or an anchor: {quote}"
    if context in _FLOWS and error.context_mark is not None:
        opened, closed = _FLOWS[context]
        return (
            f"; check the {opened} opened at line {error.context_mark.line + 1}: commas between "
            f"its entries and a {closed} after the last"
        )
    if context == "while parsing a block mapping" and (
        "expected key" in problem or "expected <block end>" in problem
    ):
        return "; check this line's indentation against the lines above it"
    return ""


def parse_json(text: str, path: Path) -> Any:
    import json  # most documents are YAML: keep json off the common path

    escapes = "\\u" in text  # only an escape can make half a surrogate pair

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _DuplicateJSONKey(key)
            if escapes and _lone_surrogate(key, value):
                raise _LoneSurrogate
            out[key] = value
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except _LoneSurrogate:
        found = next(_lone_escapes(text), None)
        line, column = _line_column(text, found.start()) if found else (0, 0)
        escape = found.group() if found else "\\ud800"
        raise InputError.at(
            path,
            f"{escape} is half of a UTF-16 surrogate pair, not a character; write the "
            "character itself",
            line,
            column,
        ) from None
    except _DuplicateJSONKey as error:
        line, column = _find_json_key(text, error.key)
        raise InputError.at(
            path, f"duplicate key {error.key!r}; keep one of them", line, column
        ) from None
    except json.JSONDecodeError as error:
        raise InputError.at(
            path, f"not valid JSON: {_json_message(error)}", error.lineno, error.colno
        ) from None
    except ValueError:  # Python's limit on the digits of an integer
        found = re.search(rf"\d{{{sys.get_int_max_str_digits() + 1},}}", text)
        line, column = _line_column(text, found.start()) if found else (0, 0)
        raise InputError.at(
            path,
            f"a number with more than {sys.get_int_max_str_digits():,} digits; write it as a "
            "string",
            line,
            column,
        ) from None
    except RecursionError:
        raise InputError.at(path, f"nested deeper than {MAX_DEPTH} levels") from None


def _json_message(error: Any) -> str:
    """The decoder's message, and what to write instead for the mistakes hand-written JSON
    makes most: a comma after the last entry, single quotes, a missing comma, a line break
    in a string, a comment, a file that ends too soon."""
    text, at, msg = error.doc, error.pos, error.msg
    found = text[at : at + 1]
    before = text[:at].rstrip()[-1:]
    if msg.startswith("Invalid control character"):
        return "a control character (a line break, a tab) inside a string; write it as \\n or \\t"
    if not found and at >= len(text.rstrip()):
        return f"{msg}; the file ends before every {{ and [ is closed"
    if msg.startswith("Expecting property name") or msg == "Expecting value":
        if before == "," and found in ("}", "]"):
            return f"{msg}; remove the comma after the last entry"
        if found == "'":
            return f'{msg}; write strings and keys in double quotes (")'
        if found == "/":
            return f"{msg}; JSON has no comments: remove it"
        if msg.startswith("Expecting property name") and found != '"':
            return f'{msg}; write keys in double quotes ("key": value)'
    if msg == "Expecting ',' delimiter":
        return f"{msg}; put a comma after the entry before this one"
    if msg == "Extra data":
        return f"{msg}: the document ended before it; a }} or ] too many?"
    return str(msg)


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class _LoneSurrogate(ValueError):
    """A string holds half a surrogate pair: no file or terminal can encode it."""


def _lone_surrogate(key: str, value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, str) and _SURROGATE.search(v) for v in [key, *values])


def _lone_escapes(text: str) -> Iterator[re.Match[str]]:
    """``\\udXXX`` escapes in JSON text that are not one half of a high-low pair."""
    matches = list(_SURROGATE_ESCAPE.finditer(text))
    n = 0
    while n < len(matches):
        high, low = matches[n], matches[n + 1] if n + 1 < len(matches) else None
        paired = low is not None and low.start() == high.end() and low.group()[2] in "cdefCDEF"
        if paired and high.group()[2] in "89abAB":
            n += 2
            continue
        yield high
        n += 1


class _DuplicateJSONKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _find_json_key(text: str, key: str) -> tuple[int, int]:
    import json

    starts = [m.start() for m in re.finditer(re.escape(json.dumps(key)) + r"\s*:", text)]
    if len(starts) >= 2:
        offset = starts[1]
        return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
    return 0, 0


def _line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of ``text[index]``."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _type_name(value: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


def _within_limits_plainly(data: Any) -> bool:
    """One quick walk that proves `_check_shape` passes on a document without aliases.

    Without aliases no node is shared, so the expanded size is the node count. False means
    "not proven": the full check then runs and gives its exact error.
    """
    count, depth, level = 1, 2, [data]
    while level:
        if depth > MAX_DEPTH:
            return False
        below = []
        for node in level:
            children = node.values() if isinstance(node, dict) else node
            count += len(children)
            if count > MAX_EXPANDED_NODES:
                return False
            below += [c for c in children if isinstance(c, dict | list)]
        level, depth = below, depth + 1
    return True


def _check_shape(data: Any, path: Path, *, anchors: bool) -> int:
    """Refuse documents nested too deep, and alias bombs whose expansion is huge.

    Returns how many characters of text ``data`` holds once its aliases are expanded (with
    ``anchors``; else 0: without aliases that is bounded by the file's size).
    """
    if not anchors and _within_limits_plainly(data):
        return 0  # the common case, three times faster than the walk below
    sizes: dict[int, int] = {}
    chars: dict[int, int] = {}
    # iterative post-order walk: (node, depth, children-done)
    stack: list[tuple[Any, int, bool]] = [(data, 2, False)]
    on_path: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError.at(path, f"nested deeper than {MAX_DEPTH} levels; flatten it")
        children = node.values() if isinstance(node, dict) else node
        if done:
            on_path.discard(id(node))
            total = 1 + sum(sizes.get(id(c), 1) for c in children)
            if total > MAX_EXPANDED_NODES:
                raise InputError.at(
                    path,
                    "aliases expand to more than "
                    f"{MAX_EXPANDED_NODES:,} values (an alias bomb?); write the values out",
                )
            sizes[id(node)] = total
            keys = sum(len(k) for k in node if isinstance(k, str)) if isinstance(node, dict) else 0
            chars[id(node)] = keys + sum(
                len(c) if isinstance(c, str) else chars.get(id(c), 0) for c in children
            )
            if chars[id(node)] > MAX_EXPANDED_CHARS:
                raise _too_much_text(path)
            continue
        if anchors and id(node) in sizes:
            continue
        if id(node) in on_path:
            raise InputError.at(path, "an alias refers to itself; remove the recursion")
        on_path.add(id(node))
        stack.append((node, depth, True))
        for child in children:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1, False))
    return chars.get(id(data), 0) if anchors else 0


def _too_much_text(path: Path) -> InputError:
    return InputError.at(
        path,
        f"aliases expand to more than {MAX_EXPANDED_CHARS:,} characters of text (an alias "
        "bomb?); write the values out",
    )


# --- schema validation -------------------------------------------------------------------


def validate(document: Document, model: type[M]) -> M:
    """Validate a document against a model, reporting every error with its location."""
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        raise InputError(schema_problems(document, error, field_names(model))) from None


def schema_problems(
    document: Document, error: ValidationError, fields: Sequence[str]
) -> list[Problem]:
    """Each error located in the document; ``fields`` are the names to suggest for a typo."""
    problems = []
    for err in error.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        if kind == "missing":
            problems.append(document.problem(loc[:-1], f"missing required field {loc[-1]!r}"))
        elif kind == "extra_forbidden":
            hint = did_you_mean(str(loc[-1]), fields)
            problems.append(_at_key(document, loc, f"unknown field {loc[-1]!r}{hint}"))
        elif kind == "string_type":
            problems.append(document.problem(loc, _not_a_text(document, loc, err.get("input"))))
        else:
            problems.append(document.problem(loc, _message(err), offset=int(ctx.get("offset", 0))))
    return problems


def _not_a_text(document: Document, loc: Loc, value: Any) -> str:
    """What to write where a text is wanted and YAML or JSON read something else."""
    if value is None:
        return "is empty: write a text, or remove the line"
    if isinstance(value, bool):
        what = "true" if value else "false"
    elif isinstance(value, int | float):
        what = f"the number {value!r}"
    elif isinstance(value, dt.date):  # a datetime is a date too
        what = "a date"
    else:  # a list, a mapping
        return f"should be {_WANTED['string']}, not {_show(value)}"
    written = plain_source(document.text, loc) or str(value)
    return f'{written} is read as {what}, not a text: put it in quotes ("{written}")'


def _at_key(document: Document, loc: Loc, message: str) -> Problem:
    line, column = locate(document.text, loc, key=True)
    prefix = f"{format_loc(loc[:-1])}: " if loc[:-1] else ""
    return Problem(str(document.path), line, column, prefix + message)


def _message(err: Any) -> str:
    kind, msg, value = err["type"], err["msg"], err.get("input")
    if kind in ("literal_error", "enum"):
        expected = re.findall(r"'([^']*)'", err["ctx"]["expected"])
        return f"{_show(value)} is not one of {', '.join(expected)}"
    if kind in ("value_error", "assertion_error"):
        return str(msg).split(", ", 1)[1] if ", " in str(msg) else str(msg)
    if kind == "too_short":
        n = err["ctx"]["min_length"]
        return f"needs at least {plural(n, 'item')}"
    if kind == "string_pattern_mismatch":
        return f"{_show(value)} does not have the expected form ({err['ctx']['pattern']})"
    if kind.startswith(("date_", "datetime_")) and isinstance(value, str):
        reason = (err.get("ctx") or {}).get("error")
        return f"{_show(value)} is not a date{f' ({reason})' if reason else ''}: write YYYY-MM-DD"
    return type_message(kind, value) or f"{msg[0].lower()}{msg[1:]}"


#: What a value of the wrong type should have been, by the start of pydantic's error type.
_WANTED = {
    "string": "a text",
    "list": "a list",
    "dict": "a mapping of keys to values",
    "model": "a mapping of keys to values",
    "dataclass": "a mapping of keys to values",
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
}


def type_message(kind: str, value: Any) -> str | None:
    """``should be a list, not 'demo'`` for a pydantic ``*_type`` or ``*_parsing`` error."""
    if not kind.endswith(("_type", "_parsing")):
        return None
    wanted = _WANTED.get(kind.split("_", 1)[0])
    if wanted is None:
        return None
    said = f"should be {wanted}, not {_show(value)}"
    if wanted == _WANTED["dict"] and isinstance(value, str) and _NO_BLANK.search(value):
        said += f"; a key needs a blank after its colon ({_NO_BLANK.sub(': ', value, 1)})"
    return said


#: ``status:met``: a colon with no blank after it (not ``https://``), so YAML read one text.
_NO_BLANK = re.compile(r"(?<=[^\s:]):(?=[^\s/])")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return repr(value)


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# --- locations ---------------------------------------------------------------------------


def locate(text: str, loc: Loc, *, key: bool = False, offset: int = 0) -> tuple[int, int]:
    """The 1-based line and column of the node at ``loc`` (or of its key), best effort.

    The text is composed once (``_tree``) however many problems a document has, and each
    mapping's keys are indexed on first use: a file with thousands of problems costs one
    parse, not one per problem.
    """
    tree = _tree(text)
    if tree is None:
        return 1, 1
    node, key_node, whole = tree.walk(loc)
    if whole and key and key_node is not None:
        return key_node.start_mark.line + 1, key_node.start_mark.column + 1
    mark = node.start_mark
    column = mark.column + 1
    if offset and isinstance(node, yaml.ScalarNode):
        column += offset + (1 if node.style in ("'", '"') else 0)
    return mark.line + 1, column


def plain_source(text: str, loc: Loc) -> str | None:
    """The text of the unquoted scalar at ``loc`` as written (``1.10``, ``yes``), if it is one."""
    tree = _tree(text)
    if tree is None:
        return None
    node, _, whole = tree.walk(loc)
    if not whole or not isinstance(node, yaml.ScalarNode) or node.style:
        return None
    return text[node.start_mark.index : node.end_mark.index]


@dataclass(slots=True)
class _Tree:
    """A composed document, with each mapping's keys indexed the first time it is looked in."""

    root: yaml.Node
    _index: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]]

    def pairs(self, mapping: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        found = self._index.get(id(mapping))
        if found is None:
            found = {}
            for key_node, value_node in mapping.value:
                if isinstance(key_node, yaml.ScalarNode):
                    found.setdefault(key_node.value, (key_node, value_node))  # the first wins
            self._index[id(mapping)] = found
        return found

    def walk(self, loc: Loc) -> tuple[yaml.Node, yaml.Node | None, bool]:
        """The node at ``loc`` or the deepest one on its way; the key of the last mapping
        entry taken; and whether all of ``loc`` was found."""
        node, key_node = self.root, None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                pair = self.pairs(node).get(str(part))
                if pair is None:
                    return node, key_node, False
                key_node, node = pair
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                key_node, node = None, node.value[part]
            else:
                return node, key_node, False
        return node, key_node, True


def composed(text: str) -> yaml.Node | None:
    """The text's YAML node tree (``None`` when it is empty or not YAML), composed once for
    this and ``locate``: the same text is often looked at by both."""
    tree = _tree(text)
    return None if tree is None else tree.root


@functools.lru_cache(maxsize=4)
def _tree(text: str) -> _Tree | None:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    return None if root is None else _Tree(root, {})


def review_lines(text: str) -> Lines:
    """Lines of each answer key and of each waiver entry in a review file (1-based)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}, []
    return _node_lines(root)


def _node_lines(root: yaml.Node | None) -> Lines:
    answers: dict[str, int] = {}
    waivers: list[int] = []
    if not isinstance(root, yaml.MappingNode):
        return answers, waivers
    for key_node, value_node in root.value:
        if key_node.value == "answers" and isinstance(value_node, yaml.MappingNode):
            for k, _ in value_node.value:
                answers[str(k.value)] = k.start_mark.line + 1
        elif key_node.value == "waivers" and isinstance(value_node, yaml.SequenceNode):
            waivers = [n.start_mark.line + 1 for n in value_node.value]
    return answers, waivers
