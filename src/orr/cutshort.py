"""Texts a comment cut short: ``notes: pages #payments-oncall`` is valid YAML whose notes are
``pages``, because `` #`` starts a comment. It is almost always a lost word, not a comment, when
the ``#`` is followed by a word (a channel, a ticket); `` # a comment`` is left alone.
"""

from __future__ import annotations

import re

import yaml

from orr.errors import Problem
from orr.loading import Document, Loc, composed, format_loc

#: After a plain text, on its line: blanks, then ``#`` and a word (no blank after the ``#``).
_CUT = re.compile(r"[ \t]+(#\S[^\n]*)")
#: Anywhere in the file: what such a cut needs.
_HASH_WORD = re.compile(r"[ \t]#\S")
#: How much of the cut-off text a warning quotes.
_SHOWN = 40


def cut_short(doc: Document) -> list[Problem]:
    """A warning for each plain text in a YAML ``doc`` that a ``#word`` on its line ends."""
    if doc.path.suffix.lower() == ".json" or _HASH_WORD.search(doc.text) is None:
        return []  # no comment can cut a text: the file need not be composed again
    root = composed(doc.text)
    if root is None:
        return []
    warnings = []
    seen: set[int] = set()  # an alias's node is its anchor's: look at it once
    todo: list[tuple[Loc, yaml.Node]] = [((), root)]
    while todo:
        loc, node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            todo.extend(((*loc, str(k.value)), v) for k, v in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(((*loc, n), v) for n, v in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.ScalarNode) and not node.style and loc:
            cut = _CUT.match(doc.text, node.end_mark.index)
            if cut is not None:
                column = node.end_mark.column + cut.start(1) - node.end_mark.index + 1
                warnings.append(_warning(doc, loc, node, column, cut.group(1).rstrip()))
    return warnings


def _warning(doc: Document, loc: Loc, node: yaml.ScalarNode, column: int, comment: str) -> Problem:
    shown = comment if len(comment) <= _SHOWN else comment[: _SHOWN - 3] + "..."
    kept = str(node.value)
    kept = kept if len(kept) <= _SHOWN else "..." + kept[3 - _SHOWN :]
    ends = f"the text ends at {kept!r}" if kept else "the value is empty"
    return Problem(
        str(doc.path),
        node.end_mark.line + 1,
        column,
        f"warning: {format_loc(loc)}: YAML reads {shown!r} as a comment, so {ends}; "
        "put the whole text in quotes if that is part of it",
    )
