"""The loader's shortcuts (added for portfolio speed) change nothing: same data, same errors.

The oracle is the loader as it was: PyYAML's C safe loader with every mapping's keys compared
before any value is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from orr import loading
from orr.errors import InputError
from tests.conftest import CHECKLISTS, EXAMPLES

MERGE = "tag:yaml.org,2002:merge"


class _OriginalLoader(yaml.CSafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[tuple[str, str], yaml.Mark] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != MERGE:
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise loading._DuplicateKey(key_node.value, seen[key], key_node.start_mark)
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's own, with the one intended difference: a bad tagged scalar is a YAML error."""
        try:
            return super().construct_object(node, deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception:  # PyYAML's constructors leak these on bad scalars
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f"{loading._show_scalar(node)} is not a valid {tag}", node.start_mark
            ) from None


def _outcome(loader: type[Any], text: str) -> tuple[Any, ...]:
    try:
        return ("data", repr(yaml.load(text, Loader=loader)))  # repr: aliases can recurse
    except loading._DuplicateKey as error:
        return ("duplicate", error.key, str(error.first), str(error.second))
    except yaml.YAMLError as error:
        return ("error", type(error).__name__, str(error))
    except Exception as error:  # neither loader may let anything else through
        return ("exception", type(error).__name__, str(error))


KEYS = st.sampled_from(
    ["a", "b", "1", "01", "0x1", "true", "True", "yes", "null", "~", "''", '"a"', "'a'",
     "!!str 1", "1.5", "2026-01-01", "<<", "? [1]", "-x", ".inf", "=", "é"]
)  # fmt: skip
SCALARS = st.sampled_from(
    ["x", "1", "-2", "1.5", "yes", "no", "on", "null", "~", "", "''", '"s"', "2026-11-23",
     "2026-11-23T10:00:00Z", "!!str 5", "!!int 7", "!!python/object:os.system x", "!!binary aGk=",
     "!!set {a, b}", "*a", "&a 1", "!!float x", ".nan", "0o17", "1_000", "Name: value"]
)  # fmt: skip


def _node(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return SCALARS
    child = _node(depth - 1)
    mapping = st.lists(st.tuples(KEYS, child), max_size=4).map(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    )
    sequence = st.lists(child, max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
    anchored = st.tuples(st.sampled_from(["a", "b"]), mapping).map(lambda p: f"&{p[0]} {p[1]}")

    def pairs(keys: list[str]) -> st.SearchStrategy[str]:
        entries = st.lists(st.tuples(st.sampled_from(keys), child), min_size=1, max_size=3)
        return entries.map(lambda items: ", ".join(f"{k}: {v}" for k, v in items))

    # `{<<: {c: .., d: ..}, a: .., a: ..}`: a merge adding as many keys as a duplicate hides
    merged = st.tuples(pairs(["c", "d"]), pairs(["a", "b"])).map(
        lambda p: "{<<: {" + p[0] + "}, " + p[1] + "}"
    )
    return st.one_of(SCALARS, mapping, sequence, anchored, merged)


@settings(max_examples=400, deadline=None)
@given(_node(3))
def test_the_fast_loader_matches_the_original_on_any_document(text: str) -> None:
    assert _outcome(loading._StrictLoader, text) == _outcome(_OriginalLoader, text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",
        "a: !!python/object:os.system x\na: 2\n",
        "base: &b {x: 1, y: 2}\nmerged:\n  <<: *b\n  x: 3\n",
        "base: &b {x: 1}\nmerged: {<<: *b, <<: *b}\n",
        "true: 1\nTrue: 2\n",
        "1: a\n01: b\n",
        "? [1]\n: x\n",
        "a: {b: 1, b: 2}\na: 3\n",
        "list: [{k: 1, k: 2}]\n",
        "m: {<<: {x: 1, y: 2}, a: 1, a: 2}\n",  # the merge adds as many keys as the duplicate hides
        "b: &b {x: 1}\nm: {<<: [*b, {y: 2}], a: 1, a: 2, z: 3}\n",
    ],
)
def test_the_fast_loader_matches_the_original_on_tricky_mappings(text: str) -> None:
    assert _outcome(loading._StrictLoader, text) == _outcome(_OriginalLoader, text)


def test_the_fast_loader_reads_every_bundled_file_the_same() -> None:
    files = [*sorted(EXAMPLES.glob("*.yaml")), *sorted(CHECKLISTS.glob("*.yaml"))]
    assert files
    for path in files:
        text = Path(path).read_text(encoding="utf-8")
        assert _outcome(loading._StrictLoader, text) == _outcome(_OriginalLoader, text), path


# --- the shape check's shortcut ------------------------------------------------------------


def _original_check_shape(data: Any, path: Path, *, anchors: bool) -> None:
    sizes: dict[int, int] = {}
    stack: list[tuple[Any, int, bool]] = [(data, 2, False)]
    on_path: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        if depth > loading.MAX_DEPTH:
            raise InputError.at(path, "deep")
        children = node.values() if isinstance(node, dict) else node
        if done:
            on_path.discard(id(node))
            total = 1 + sum(sizes.get(id(c), 1) for c in children)
            if total > loading.MAX_EXPANDED_NODES:
                raise InputError.at(path, "big")
            sizes[id(node)] = total
            continue
        if anchors and id(node) in sizes:
            continue
        if id(node) in on_path:
            raise InputError.at(path, "cycle")
        on_path.add(id(node))
        stack.append((node, depth, True))
        for child in children:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1, False))


def _shape_outcome(check: Any, data: Any) -> str:
    try:
        check(data, Path("x.yaml"), anchors=False)
    except InputError as error:
        message = error.problems[0].message
        return (
            "deep"
            if "deeper" in message or message == "deep"
            else ("cycle" if "itself" in message or message == "cycle" else "big")
        )
    return "ok"


TREES = st.recursive(
    st.integers(0, 3),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text("ab", max_size=2), inner, max_size=4)
    ),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None)
@given(TREES.filter(lambda t: isinstance(t, dict | list)))
def test_the_shape_shortcut_gives_the_same_verdict(tree: Any) -> None:
    with pytest.MonkeyPatch.context() as patch:  # small limits, so that trees can hit them
        patch.setattr(loading, "MAX_DEPTH", 4)
        patch.setattr(loading, "MAX_EXPANDED_NODES", 25)
        fast = _shape_outcome(loading._check_shape, tree)
        assert fast == _shape_outcome(_original_check_shape, tree)


def test_the_shape_shortcut_hands_a_cycle_to_the_full_check() -> None:
    loop: dict[str, Any] = {}
    loop["self"] = loop
    assert _shape_outcome(loading._check_shape, loop) == "cycle"
