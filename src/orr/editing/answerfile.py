"""Edit a review file the way a careful person would: change one answer, keep everything else.

Each function takes the file's text and returns the new text (see ``orr.editing.roundtrip`` for how
comments, order and quoting survive, and how every edit is checked before it is returned).
``save_answer`` is the one way to change an answer in a file on disk: it edits the file under
``orr.savefile.update_locked`` and refuses, with ``ConflictError``, an answer to an item that
someone else changed after the editor (a terminal session, a browser page) last read it.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from orr.editing.answertext import answer_in, own_lines, parsed, replace_answer
from orr.editing.roundtrip import (
    attach_tail,
    detach_tail,
    edit,
    indentation,
    key_column,
    split_tail,
    styled,
)
from orr.errors import OrrError
from orr.loading import Document, parse_yaml, read_text_and_digest
from orr.savefile import update_locked

#: The keys of an answer, in the order they are written.
ANSWER_KEYS = (
    "status",
    "choices",
    "na_choices",
    "evidence",
    "notes",
    "reason",
    "answered_by",
    "answered_at",
    "fingerprint",
    "proposed_by",
    "checked",
)
_FLOW_LISTS = ("choices", "na_choices")
#: Keys only `orr check` writes: a person's new answer keeps them.
_MACHINE_KEYS = ("checked",)


class ConflictError(OrrError):
    """The item's answer in the file is not the one the new answer was based on."""

    def __init__(self, path: Path, ref: str, newer: Any) -> None:
        self.ref, self.newer = ref, newer
        if isinstance(newer, Mapping):
            now = ", ".join(
                f"{key} {newer[key]}" for key in ("status", "answered_by") if newer.get(key)
            )
        else:
            now = ""
        super().__init__(
            f"{path}: {ref} was changed in the file meanwhile (now: {now or 'no answer'}); "
            "this answer was not saved"
        )


def answer_digest(answer: Any) -> str:
    """The sha256 of an answer as the file holds it (``None``: no answer), to detect a change."""
    text = json.dumps(answer, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def file_answer(text: str, path: Path, ref: str) -> Any:
    """``answers.<ref>`` as the file's text holds it (``None`` when it has none)."""
    return answer_in(parse_yaml(text, path), ref)


def save_answer(
    path: Path,
    ref: str,
    answer: Mapping[str, Any],
    *,
    based_on: str | None,
    order: Sequence[str] = (),
    check: Callable[[Document], object] = lambda document: None,
) -> str:
    """Set ``answers.<ref>`` in the file on disk; returns the text written.

    ``based_on`` is the ``answer_digest`` of the item's answer as the editor last saw it;
    when the file now holds another answer, ``ConflictError`` (carrying it) is raised and
    nothing is written. ``None`` overwrites whatever is there. ``check`` validates the new
    text, given as a parsed ``Document`` (raising an ``OrrError``), before it replaces the
    old. Answers to other items saved meanwhile, by another session or by hand, are kept.
    """

    def change(text: str) -> str:
        if based_on is not None:
            current = answer_in(parsed(text, path).data, ref)
            if answer_digest(current) != based_on:
                raise ConflictError(path, ref, current)
        new = set_answer(text, path, ref, answer, order)
        found = parsed(new, path)
        digest = hashlib.sha256(new.encode("utf-8")).hexdigest()
        check(Document(path, new, found.data, digest, found.lines))
        return new

    return update_locked(path, change, read_text_and_digest)


def set_answer(
    text: str, path: Path, ref: str, answer: Mapping[str, Any], order: Sequence[str] = ()
) -> str:
    """The review text with ``answers.<ref>`` set to ``answer`` (keys absent are removed).

    A new answer is placed after the answers to the items before it in ``order`` (every
    item reference in checklist order), so the file reads in the order of the checklists.
    Only the answer's own lines are rewritten where that is sure to keep the rest of the
    file (``orr.editing.answertext``); an answer holding a comment has its own lines alone
    taken through ruamel's round trip (``_roundtrip_its_lines``); anything else (a new
    answer next to a comment, an anchor shared with other places) takes the whole file's.
    """
    fields = {key: _plain(answer[key]) for key in ANSWER_KEYS if key in answer}
    old = parsed(text, path).data
    if isinstance(old, dict) and isinstance(old.get("answers"), dict):
        written = _replacing(old["answers"].get(ref), fields)
        expected = {**old, "answers": {**old["answers"], ref: written}}
        new = replace_answer(
            text, path, ref, written, expected, order=order, indent=indentation(text)
        )
        if new is None:
            new = _roundtrip_its_lines(text, path, ref, fields, expected)
        if new is not None:
            return new
    return set_answer_roundtrip(text, path, ref, answer, order)


def _roundtrip_its_lines(
    text: str, path: Path, ref: str, fields: Mapping[str, Any], expected: Any
) -> str | None:
    """The text with the answer to ``ref`` changed by ruamel's round trip of that answer's
    lines alone (its comments kept, as a whole-file round trip keeps them), or ``None``.

    The answer's lines are its key's and those after it that are blank or indented deeper,
    up to the last that is not blank. Every byte outside them is kept, and the new text must
    read, whole, as ``expected``. An answer sharing a node with other places (an anchor, an
    alias) or not on lines of its own is left to the whole-file round trip.
    """
    if "\r" in text or path.suffix.lower() == ".json":  # a JSON review is written whole
        return None
    entries = parsed(text, path).entries
    entry = next((e for e in entries or () if e.ref == ref), None)
    if entry is None or entry.shared or entry.checks is not None:
        return None
    start, last = own_lines(text, entry)
    if (
        text[start : start + entry.column] != " " * entry.column
        or text[start + entry.column] == "?"
    ):
        return None  # not a key at the start of its line, or a complex key (``? key``)
    lines = text[start:last].splitlines(keepends=True)
    part = "".join(line[min(entry.column, len(line) - len(line.lstrip(" "))) :] for line in lines)

    def change(root: CommentedMap) -> None:
        _put_answer(root, ref, fields, ())

    def expect(data: dict[str, Any]) -> None:
        data[ref] = _replacing(data.get(ref), fields)

    try:
        written = edit(part, path, change, expect, style=text)
    except OrrError:
        return None
    pad = " " * entry.column
    new_part = "".join(pad + line if line.strip() else line for line in written.splitlines(True))
    if not part.endswith("\n"):
        new_part = new_part.removesuffix("\n")
    new = text[:start] + new_part + text[last:]
    try:
        return new if parsed(new, path).data == expected else None
    except OrrError:
        return None


def _replacing(current: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The answer ``fields`` make of ``current``: the keys only `orr check` writes are kept."""
    kept = {k: current[k] for k in _MACHINE_KEYS if isinstance(current, dict) and k in current}
    merged = {**kept, **fields}
    return {k: merged[k] for k in ANSWER_KEYS if k in merged}


def set_answer_roundtrip(
    text: str, path: Path, ref: str, answer: Mapping[str, Any], order: Sequence[str] = ()
) -> str:
    """``set_answer`` through ruamel's round trip, which keeps comments inside the answer too."""
    fields = {key: _plain(answer[key]) for key in ANSWER_KEYS if key in answer}

    def change(root: CommentedMap) -> None:
        answers = root.get("answers")
        if not isinstance(answers, CommentedMap):
            answers = CommentedMap()
            _set_root_key(root, "answers", answers, before="waivers")
        _put_answer(answers, ref, fields, order)

    def expect(data: dict[str, Any]) -> None:
        if not isinstance(data.get("answers"), dict):
            data["answers"] = {}
        data["answers"][ref] = _replacing(data["answers"].get(ref), fields)

    return edit(text, path, change, expect)


def set_checked(
    text: str,
    path: Path,
    checked: Mapping[str, Sequence[Mapping[str, Any]]],
    proposals: Mapping[str, str] | None = None,
    order: Sequence[str] = (),
) -> str:
    """The review text with ``checked:`` under each answer in ``checked`` (replacing any).

    ``proposals`` maps a ref to the status `orr check --propose` proposes; it is written,
    with ``proposed_by: orr check``, only where no person has answered. A new answer is placed
    in checklist ``order``, as ``set_answer`` places it.
    """
    proposals = dict(proposals or {})
    shared = _SharedFiles(checked)

    def fields_for(current: Mapping[str, Any] | None, ref: str) -> dict[str, Any]:
        fields = dict(current or {})
        answered = fields.get("status") is not None or fields.get("choices") is not None
        if ref in proposals and (not answered or fields.get("proposed_by")):
            fields["status"] = proposals[ref]
            fields["proposed_by"] = "orr check"
        fields["checked"] = [dict(record) for record in checked[ref]]
        return fields

    def change(root: CommentedMap) -> None:
        answers = root.get("answers")
        if not isinstance(answers, CommentedMap):
            answers = CommentedMap()
            _set_root_key(root, "answers", answers, before="waivers")
        for ref in checked:
            current = answers.get(ref)
            if isinstance(current, CommentedMap):
                tail = detach_tail(answers, ref)
                for key, value in fields_for(current, ref).items():
                    if key not in current or current[key] != value:
                        _set_key(current, key, shared.block(key, value))
                attach_tail(answers, ref, tail)
            else:
                fields = {k: shared.block(k, v) for k, v in fields_for(None, ref).items()}
                _put_answer(answers, ref, fields, order)
        shared.name(root)

    def expect(data: dict[str, Any]) -> None:
        if not isinstance(data.get("answers"), dict):
            data["answers"] = {}
        for ref in checked:
            current = data["answers"].get(ref)
            data["answers"][ref] = fields_for(current if isinstance(current, dict) else None, ref)

    return edit(text, path, change, expect)


class _SharedFiles:
    """A ``files:`` map that several records repeat is written once, and then as an alias.

    The probes of one run mostly look at the same files (every template); written out under
    each record, their sha256 would be most of the file. The data read back is the same: YAML
    aliases are read as the map they name (``files: *files1``). Only maps of two files or more
    are shared, and the anchors are named ``filesN``, skipping any name the file already uses.
    """

    def __init__(self, checked: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        seen: dict[tuple[tuple[str, str], ...], int] = {}
        for records in checked.values():
            for record in records:
                files = tuple(dict(record.get("files") or {}).items())
                seen[files] = seen.get(files, 0) + 1
        self._repeated = {files for files, n in seen.items() if n > 1 and len(files) > 1}
        self._maps: dict[tuple[tuple[str, str], ...], CommentedMap] = {}

    def block(self, key: str, value: Any) -> Any:
        """``_block(value)`` for an answer's key, a repeated ``files:`` map built once, shared."""
        if key != "checked":
            return _block(value)
        seq = CommentedSeq(
            CommentedMap((k, self._files(v) if k == "files" else _block(v)) for k, v in r.items())
            for r in value
        )
        seq.fa.set_block_style()
        return seq

    def _files(self, files: Mapping[str, str]) -> Any:
        pairs = tuple(files.items())
        if pairs not in self._repeated:
            return _block(files)
        if pairs not in self._maps:
            self._maps[pairs] = _block(files)
        return self._maps[pairs]

    def name(self, root: CommentedMap) -> None:
        """Name the shared maps' anchors (ruamel writes one where a map first appears)."""
        taken = set(_anchors(root))  # the shared maps have none yet
        number = 0
        for files in self._maps.values():
            number += 1
            while f"files{number}" in taken:
                number += 1
            files.yaml_set_anchor(f"files{number}", always_dump=False)


def _anchors(node: Any, seen: set[int] | None = None) -> Iterable[str]:
    """The name of every anchor in a round-trip tree (each shared value visited once)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    anchor = getattr(node, "anchor", None)
    if anchor is not None and getattr(anchor, "value", None):
        yield anchor.value
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            yield from _anchors(key, seen)
            yield from _anchors(value, seen)
    elif isinstance(node, CommentedSeq):
        for value in node:
            yield from _anchors(value, seen)


def _set_key(current: CommentedMap, key: str, value: Any) -> None:
    """Set one key of an answer, a new key going where ``ANSWER_KEYS`` puts it."""
    if key in current:
        current[key] = value
        return
    rank = ANSWER_KEYS.index(key)
    earlier = [k for k in current if k in ANSWER_KEYS and ANSWER_KEYS.index(k) < rank]
    current.insert(list(current).index(earlier[-1]) + 1 if earlier else 0, key, value)


def _block(value: Any) -> Any:
    """A record's value for ruamel: block mappings and lists, scalars styled for PyYAML."""
    if isinstance(value, Mapping):
        return CommentedMap((k, _block(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        seq = CommentedSeq(_block(v) for v in value)
        seq.fa.set_block_style()
        return seq
    if isinstance(value, dt.date):  # a copy: ruamel writes a value met twice as an alias
        return copy.copy(value)
    return styled(value)


def add_checklists(text: str, path: Path, ids: Sequence[str]) -> str:
    """The review text with each id appended to ``checklists:`` unless already listed."""

    def listed(entries: Sequence[Any]) -> set[str]:
        return {str(entry).partition("@")[0] for entry in entries}

    def change(root: CommentedMap) -> None:
        entries = root.get("checklists")
        if not isinstance(entries, CommentedSeq):
            entries = CommentedSeq()
            _set_root_key(root, "checklists", entries, before="answers")
        new = [i for i in dict.fromkeys(ids) if i not in listed(entries)]
        if new:
            tail = detach_tail(root, "checklists") if entries else ""
            entries.extend(styled(i, like=entries[-1] if entries else None) for i in new)
            attach_tail(root, "checklists", tail)

    def expect(data: dict[str, Any]) -> None:
        entries = data.get("checklists")
        entries = list(entries) if isinstance(entries, list) else []
        data["checklists"] = entries + [i for i in dict.fromkeys(ids) if i not in listed(entries)]

    return edit(text, path, change, expect)


def set_context(text: str, path: Path, values: Mapping[str, Any]) -> str:
    """The review text with these ``context:`` keys set; a ``# key:`` hint for each is dropped."""

    def change(root: CommentedMap) -> None:
        context = root.get("context")
        if not isinstance(context, CommentedMap):
            context = CommentedMap()
            _set_root_key(root, "context", context, before="checklists")
        for key, value in values.items():
            context[key] = styled(value)

    def expect(data: dict[str, Any]) -> None:
        context = data.get("context")
        data["context"] = {**(context if isinstance(context, dict) else {}), **values}

    return _drop_hints(edit(text, path, change, expect), values)


def _drop_hints(text: str, keys: Iterable[str]) -> str:
    """Drop the ``# key:`` placeholder comments (as `orr init` writes them) for keys now set."""
    names = "|".join(map(re.escape, keys))
    if not names:
        return text
    hint = re.compile(rf"^[ \t]+#[ \t]*({names}):[ \t]*(#.*)?$")
    out, inside = [], False
    for line in text.splitlines(True):
        if line.strip() and not line[0].isspace() and not line.startswith("#"):
            inside = line.startswith("context:")
        elif inside and hint.match(line):
            continue
        out.append(line)
    return "".join(out)


def _plain(value: Any) -> Any:
    """The value as orr's loader will read it back: lists, and UTC date-times to the second."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(microsecond=0)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _set_root_key(root: CommentedMap, key: str, value: Any, *, before: str) -> None:
    if key in root:
        root[key] = value
    elif before in root:
        root.insert(list(root).index(before), key, value)
    else:
        tail = detach_tail(root, list(root)[-1]) if root else ""
        root[key] = value
        attach_tail(root, key, tail)


def _put_answer(
    answers: CommentedMap, ref: str, fields: Mapping[str, Any], order: Sequence[str]
) -> None:
    if ref in answers:
        tail = detach_tail(answers, ref)
        current = answers[ref]
        if isinstance(current, CommentedMap):
            _update_map(current, fields)
        else:
            answers[ref] = _new_map(fields)
        attach_tail(answers, ref, tail)
        return
    keys = list(answers)
    rank = {r: n for n, r in enumerate(order)}
    mine = rank.get(ref, len(rank))
    before = [k for k in keys if rank.get(k, -1) >= 0 and rank[k] < mine]
    after = [k for k in keys if rank.get(k, -1) > mine]
    if before:
        previous = before[-1]
    elif after:
        answers.insert(keys.index(after[0]), ref, _new_map(fields))
        return
    else:
        previous = keys[-1] if keys else None
    if previous is None:
        answers.insert(0, ref, _new_map(fields))
        return
    keep, move = split_tail(detach_tail(answers, previous), key_column(answers))
    attach_tail(answers, previous, keep)
    answers.insert(keys.index(previous) + 1, ref, _new_map(fields))
    attach_tail(answers, ref, move)


def _update_map(current: CommentedMap, fields: Mapping[str, Any]) -> None:
    for key in [k for k in current if k not in fields and k not in _MACHINE_KEYS]:
        del current[key]
    for key, value in fields.items():
        if key in current:
            if key == "answered_at" or current[key] != value:
                current[key] = styled(value, like=current[key], flow=key in _FLOW_LISTS)
            continue
        rank = ANSWER_KEYS.index(key) if key in ANSWER_KEYS else len(ANSWER_KEYS)
        earlier = [k for k in current if k in ANSWER_KEYS and ANSWER_KEYS.index(k) < rank]
        position = list(current).index(earlier[-1]) + 1 if earlier else 0
        current.insert(position, key, styled(value, flow=key in _FLOW_LISTS))


def _new_map(fields: Mapping[str, Any]) -> CommentedMap:
    return CommentedMap(
        (key, styled(value, flow=key in _FLOW_LISTS)) for key, value in fields.items()
    )
