"""The input models are frozen pydantic models; the gate's path stays free of renderers."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest
import yaml
from pydantic import ValidationError

from orr import model
from tests.conftest import CHECKLISTS, EXAMPLES, ROOT


def test_models_validate_and_are_frozen_values() -> None:
    answer = model.Answer(status="met", evidence="https://example.com/run/1")
    assert answer.evidence == ["https://example.com/run/1"]
    assert answer == model.Answer(status="met", evidence=["https://example.com/run/1"])
    assert answer != model.Answer(status="unmet")
    assert answer.model_fields_set == {"status", "evidence"}
    with pytest.raises(ValidationError, match="frozen"):
        answer.status = "unmet"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="needs a `reason:`"):
        model.Answer(status="n/a")
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        model.Link(title="t", href="https://example.com")  # type: ignore[call-arg]


def test_a_loaded_checklist_survives_pickle_and_keeps_its_cached_lookups() -> None:
    data = yaml.safe_load((CHECKLISTS / "zonal-shift.yaml").read_text(encoding="utf-8"))
    checklist = model.Checklist.model_validate(data)
    first = next(iter(checklist.items_by_id.values()))
    assert len(first.fingerprint) == 12
    assert pickle.loads(pickle.dumps(checklist)) == checklist


def test_field_names_cover_every_nested_model() -> None:
    names = model.field_names(model.Review)
    assert {"service", "answers", "status", "na_choices", "approved_by"} <= set(names)
    assert list(names) == sorted(names)


def test_gate_never_imports_renderers_or_the_writers_libraries() -> None:
    """Renderers, jinja2, markdown-it and ruamel stay off the gate's path: a gate that only
    prints its verdict has no use for them."""
    code = (
        "import sys\n"
        "from orr.cli import main\n"
        f"code = main(['gate', {str(EXAMPLES / 'checkout-api.yaml')!r}, '--today', '2026-11-23'])\n"
        "heavy = ['jinja2', 'markdown_it', 'ruamel', 'orr.render.html', 'orr.render.markdown',"
        " 'orr.render.templating']\n"
        "print(code, sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []"
