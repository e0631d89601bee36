"""The README's table of context keys is the bundled checklists' declarations, rendered."""

from __future__ import annotations

import os
import re

from orr.catalog import load_checklist
from orr.model import ContextKey
from tests.conftest import CHECKLISTS, ROOT

README = ROOT / "README.md"
START, END = "<!-- context-keys:start -->\n", "<!-- context-keys:end -->"


def _declared() -> dict[str, list[tuple[str, ContextKey]]]:
    keys: dict[str, list[tuple[str, ContextKey]]] = {}
    for path in sorted(CHECKLISTS.glob("*.yaml")):
        checklist = load_checklist(path)
        for name, key in checklist.context.items():
            keys.setdefault(name, []).append((checklist.id, key))
    return dict(sorted(keys.items()))


def _kind(key: ContextKey) -> str:
    if not key.values:
        return key.type
    shown = [f"`{v}`" if isinstance(v, str) else str(v) for v in key.values]
    return f"{key.type}: {', '.join(shown[:-1])} or {shown[-1]}" if len(shown) > 1 else shown[0]


def context_table() -> str:
    rows = ["| key | type | meaning | read by |", "| --- | --- | --- | --- |"]
    for name, uses in _declared().items():
        key = uses[0][1]
        readers = ", ".join(f"`{cid}`" for cid, _ in uses)
        rows.append(f"| `{name}` | {_kind(key)} | {key.description} | {readers} |")
    return "\n".join(rows) + "\n"


def test_every_bundled_checklist_declares_a_key_the_same_way() -> None:
    for name, uses in _declared().items():
        first_id, first = uses[0]
        for cid, key in uses[1:]:
            assert key == first, f"{name}: {cid!r} declares {key}, {first_id!r} {first}"


def test_the_readme_context_table_matches_the_declarations() -> None:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    assert pattern.search(text), "the README lost its context-keys markers"
    expected = pattern.sub(lambda _: START + context_table() + END, text)
    if os.environ.get("ORR_UPDATE_GOLDEN"):
        README.write_text(expected, encoding="utf-8")
        return
    assert text == expected, "the README's context table is out of date: run `make reports`"
