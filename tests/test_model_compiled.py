"""The compiled models (``orr.model.compiled``) behave exactly like the pydantic models they
are compiled from (``orr.model.spec``): same values, same errors, and kept up to date."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from orr import model
from orr.model import compile as compiler
from orr.model import spec
from orr.model.frozen import Frozen
from tests.conftest import CHECKLISTS, EXAMPLES, ROOT, SHARED

PAIRS: list[tuple[type[spec.Strict], type[Frozen]]] = [
    (m, getattr(model, m.__name__)) for m in spec.MODELS
]


def outcome(cls: type[Any], data: Any) -> tuple[str, Any]:
    """What validating ``data`` gives: the dumped value, or the errors without their urls."""
    try:
        return "ok", cls.model_validate(data).model_dump(mode="json")
    except ValidationError as error:
        return "error", [
            (e["type"], e["loc"], e["msg"], repr(e.get("ctx")))
            for e in error.errors(include_url=False)
        ]


def assert_same(spec_cls: type[spec.Strict], data: Any) -> None:
    compiled = getattr(model, spec_cls.__name__)
    assert outcome(compiled, data) == outcome(spec_cls, data)


def test_compiled_module_is_up_to_date() -> None:
    assert compiler.generate() == compiler.TARGET.read_text(encoding="utf-8"), (
        "src/orr/model/compiled.py is stale: run `make models`"
    )


def test_every_spec_model_has_a_compiled_class_with_the_same_fields() -> None:
    assert [m.__name__ for m in spec.MODELS] == [c.__name__ for _, c in PAIRS]
    for spec_cls, compiled in PAIRS:
        assert compiled.model_field_names == tuple(spec_cls.model_fields)


@pytest.mark.parametrize("path", sorted(CHECKLISTS.glob("*.yaml")), ids=lambda p: p.stem)
def test_bundled_checklists_load_the_same(path: Path) -> None:
    assert_same(spec.Checklist, yaml.safe_load(path.read_text(encoding="utf-8")))


REVIEWS = [
    path
    for folder in (EXAMPLES, ROOT / "tests/data/review", ROOT / "tests/data/diff")
    for path in sorted(folder.glob("*.yaml"))
]


@pytest.mark.parametrize("path", REVIEWS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_reviews_load_the_same(path: Path) -> None:
    assert_same(spec.Review, yaml.safe_load(path.read_text(encoding="utf-8")))


def test_imported_lenses_load_the_same() -> None:
    from orr.lens.importer import import_lens
    from orr.loading import read_document

    lenses = sorted((SHARED / "lenses").rglob("*.json"))
    assert lenses
    for lens in lenses:
        checklist = import_lens(read_document(lens)).checklist
        assert_same(spec.Checklist, checklist.model_dump(mode="json", exclude_unset=True))


@pytest.mark.parametrize(
    ("cls", "data"),
    [
        (spec.Answer, {"status": "n/a"}),
        (spec.Answer, {"status": "met", "choices": ["a"]}),
        (spec.Answer, {"status": "maybe", "evidence": 3}),
        (spec.Review, {"service": "", "owner": 1, "checklists": [], "answers": None}),
        (spec.Review, {"service": "s", "owner": "o", "checklists": ["x"], "context": {"a": None}}),
        (spec.Waiver, {"item": "a/b", "reason": "r", "approved_by": "x", "expires": "soon"}),
        (
            spec.Item,
            {
                "id": "bad id",
                "question": "q",
                "weight": 0,
                "applies_when": "a ==",
                "risk_rules": [{"condition": "x &&", "risk": "low"}],
            },
        ),
        (spec.Link, {"title": "t", "url": "ftp://example.com"}),
        (spec.Checklist, {"id": "c", "title": "t", "version": "1.x", "sections": []}),
        (spec.Policy, {"min_score": 101, "max_high_risks": -1, "colour": "red"}),
        (spec.Review, "not a mapping"),
    ],
)
def test_invalid_documents_give_the_same_errors(cls: type[spec.Strict], data: Any) -> None:
    assert outcome(cls, data)[0] == "error"
    assert_same(cls, data)


def test_coercions_are_the_same() -> None:
    data = {"evidence": "one link", "answered_at": "2026-01-02T03:04:05Z", "status": "met"}
    assert outcome(model.Answer, data)[0] == "ok"
    assert_same(spec.Answer, data)


def test_custom_messages_show_the_value() -> None:
    kind, errors = outcome(model.Item, {"id": "bad id", "question": "q"})
    assert kind == "error"
    assert errors[0][2].startswith("'bad id' is not a valid id")


# --- property: any mutation of a valid document validates the same way -----------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 200),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from(["met", "n/a", "partial", "high", "a && b", "2026-01-01", "https://x.org"]),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_paths(value, (*prefix, index)))
    return out


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    doc = json.loads(json.dumps(base, default=str))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        if not path:
            continue
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(VALUES)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "statuss", "notes", "weight"]))] = draw(VALUES)
    return doc


REVIEW = yaml.safe_load((EXAMPLES / "ledger-worker.yaml").read_text(encoding="utf-8"))
CHECKLIST = yaml.safe_load((CHECKLISTS / "zonal-shift.yaml").read_text(encoding="utf-8"))


@settings(max_examples=150, deadline=None)
@given(mutated(REVIEW))
def test_mutated_reviews_validate_the_same(doc: Any) -> None:
    assert_same(spec.Review, doc)


@settings(max_examples=150, deadline=None)
@given(mutated(CHECKLIST))
def test_mutated_checklists_validate_the_same(doc: Any) -> None:
    assert_same(spec.Checklist, doc)


# --- the frozen classes behave like frozen pydantic models -------------------------------


def test_construction_validates_and_instances_are_frozen_values() -> None:
    answer = model.Answer(status="met", evidence="https://example.com/run/1")
    assert answer.evidence == ["https://example.com/run/1"]
    assert answer == model.Answer(status="met", evidence=["https://example.com/run/1"])
    assert answer != model.Answer(status="unmet")
    assert answer.model_fields_set == {"status", "evidence"}
    assert repr(model.Link(title="t")) == "Link(title='t', url=None)"
    with pytest.raises(AttributeError, match="Answer is frozen: 'status' cannot be set"):
        answer.status = "unmet"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="needs a `reason:`"):
        model.Answer(status="n/a")
    assert hash(model.Link(title="t")) == hash(model.Link(title="t"))


def test_instances_survive_pickle_and_dump_like_pydantic() -> None:
    data = yaml.safe_load((CHECKLISTS / "zonal-shift.yaml").read_text(encoding="utf-8"))
    checklist = model.Checklist.model_validate(data)
    assert pickle.loads(pickle.dumps(checklist)) == checklist
    expected = spec.Checklist.model_validate(data).model_dump(mode="json", exclude_unset=True)
    assert checklist.model_dump(mode="json", exclude_unset=True) == expected


def test_gate_never_imports_pydantic_models_or_renderers() -> None:
    """The gate's start-up budget: pydantic's model machinery, the plugin scan behind it
    (importlib.metadata) and the HTML/Markdown renderers all stay unimported."""
    code = (
        "import sys\n"
        "from orr.cli import main\n"
        f"code = main(['gate', {str(EXAMPLES / 'checkout-api.yaml')!r}, '--today', '2026-11-23'])\n"
        "heavy = ['pydantic.main', 'importlib.metadata', 'jinja2', 'markdown_it', 'ruamel',"
        " 'importlib.resources', 'shutil', 'json', 'tomllib']\n"
        "print(code, sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []"


def test_another_pydantic_core_falls_back_to_the_live_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """compiled.py is made for one pydantic-core; with another, the schemas are built from
    spec.py at start-up, and loading gives the same objects."""
    from orr.model import compiled, frozen

    checklist = yaml.safe_load((CHECKLISTS / "zonal-shift.yaml").read_text(encoding="utf-8"))
    review = yaml.safe_load((EXAMPLES / "ledger-worker.yaml").read_text(encoding="utf-8"))
    expected = (model.Checklist.model_validate(checklist), model.Review.model_validate(review))
    built: list[str] = []
    original = compiler.live_schema

    def live_schema(name: str) -> Any:
        built.append(name)
        return original(name)

    monkeypatch.setattr(compiler, "live_schema", live_schema)
    monkeypatch.setattr(compiled, "PYDANTIC_CORE", "0.0.0")
    monkeypatch.setattr(frozen, "_validators", {})
    monkeypatch.setattr(frozen, "_serializers", {})
    got = (model.Checklist.model_validate(checklist), model.Review.model_validate(review))
    assert got == expected
    assert type(got[0]) is model.Checklist
    assert got[0].model_dump() == expected[0].model_dump()
    with pytest.raises(ValidationError, match="needs a `reason:`"):
        model.Answer(status="n/a")
    assert built == ["Checklist", "Review", "Checklist", "Answer"]
