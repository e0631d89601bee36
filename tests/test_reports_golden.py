"""Golden files for the reports of the bundled examples, and the committed reports/ folder.

After an intended change, rewrite both with `make reports` (ORR_UPDATE_GOLDEN=1) and review
the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from orr.assess import assess
from orr.commands.options import make_catalog
from orr.render import html, markdown, plan_csv, plan_json, plan_md
from orr.result import Result
from tests.conftest import EXAMPLE_TODAY, ROOT, CliRunner

GOLDEN = ROOT / "tests" / "golden"
REPORTS = ROOT / "reports"
UPDATE = os.environ.get("ORR_UPDATE_GOLDEN") == "1"
#: review (relative to the repository) and extra checklist folders
CASES = {
    "checkout-api": ("examples/checkout-api.yaml", ()),
    "ledger-worker": ("examples/ledger-worker.yaml", ()),
    "report-demo-service": ("tests/data/reports/review.yaml", ("tests/data/reports/checklists",)),
}
EXAMPLE_REVIEWS = ("examples/checkout-api.yaml", "examples/ledger-worker.yaml")
RENDERERS: dict[str, Callable[[Result], str]] = {
    ".md": markdown.render,
    ".html": html.render,
    ".summary.md": markdown.render_summary,
    ".plan.md": plan_md.render,
    ".plan.csv": plan_csv.render,
    ".plan.json": plan_json.render,
}


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the reports are relative to the working directory: run from the repository."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("ORR_CHECKLISTS", raising=False)


def _compare(path: Path, text: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return
    assert path.is_file(), f"{path} is missing: run `make reports`"
    assert path.read_text(encoding="utf-8") == text, f"{path} is out of date: run `make reports`"


#: The examples' full reports are golden in reports/ itself (checked below through the CLI);
#: tests/golden keeps their summaries and every form of the demo review, which covers each
#: kind of item.
GOLDEN_CASES = [
    (name, suffix)
    for name in sorted(CASES)
    for suffix in sorted(RENDERERS)
    if not (CASES[name][0] in EXAMPLE_REVIEWS and suffix in (".md", ".html"))
]


@pytest.mark.parametrize(("name", "suffix"), GOLDEN_CASES)
def test_golden(name: str, suffix: str) -> None:
    review, dirs = CASES[name]
    result = assess(Path(review), make_catalog([Path(d) for d in dirs]), EXAMPLE_TODAY)
    _compare(GOLDEN / f"{name}{suffix}", RENDERERS[suffix](result))


def test_committed_reports_are_up_to_date(cli: CliRunner, tmp_path: Path) -> None:
    """reports/ holds exactly what `orr report` writes for the examples today."""
    out = REPORTS if UPDATE else tmp_path
    run = cli("report", *EXAMPLE_REVIEWS, "--today", EXAMPLE_TODAY.isoformat(), "--output-dir", out)
    assert run.code == 0, run.err
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        "checkout-api.html",
        "checkout-api.md",
        "ledger-worker.html",
        "ledger-worker.md",
    ]
    assert sorted(p.name for p in REPORTS.iterdir() if not p.name.startswith(".")) == written, (
        "reports/ holds other files than the examples' reports"
    )
    for name in written:
        assert (REPORTS / name).read_bytes() == (out / name).read_bytes(), (
            f"reports/{name} is out of date: run `make reports`"
        )
